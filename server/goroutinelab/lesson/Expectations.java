package goroutinelab.lesson;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Evaluates {@code expect} entries against a snapshot: a dotted path into the
 * tree ({@code .length} gives a size), compared for equality, or numerically
 * when the expected string starts with {@code <, <=, >, >=} or {@code !=}.
 */
public final class Expectations {
    private Expectations() {
    }

    /** The value at a dotted path, or null where nothing is there. */
    @SuppressWarnings("unchecked")
    public static Object resolve(Map<String, Object> snapshot, String path) {
        Object cur = snapshot;
        for (String key : path.split("\\.")) {
            if (cur instanceof Map<?, ?> m) {
                if (key.equals("length") && !m.containsKey("length")) {
                    cur = m.size();
                } else {
                    cur = ((Map<String, Object>) m).get(key);
                }
            } else if (cur instanceof List<?> l) {
                if (key.equals("length")) {
                    cur = l.size();
                } else if (key.chars().allMatch(Character::isDigit) && !key.isEmpty() && key.length() < 9) {
                    int i = Integer.parseInt(key);
                    cur = i < l.size() ? l.get(i) : null;
                } else {
                    return null;
                }
            } else {
                return null;
            }
        }
        return cur;
    }

    /** Null when the expectation holds; otherwise "expected X, got Y". */
    public static String check(Map<String, Object> snapshot, Lesson.Expect e) {
        Object actual = resolve(snapshot, e.path());
        Object want = e.value();
        if (want instanceof String s) {
            String op = operator(s);
            if (op != null) {
                return compare(op, s.substring(op.length()).trim(), actual);
            }
        }
        return equal(want, actual) ? null : "expected " + show(want) + ", got " + show(actual);
    }

    private static String operator(String s) {
        for (String op : new String[]{"<=", ">=", "!=", "<", ">"}) {
            if (s.startsWith(op)) {
                return op;
            }
        }
        return null;
    }

    private static String compare(String op, String operand, Object actual) {
        Double want = number(operand);
        if (want == null) {
            if (!op.equals("!=")) {
                return "cannot compare: '" + op + " " + operand + "' needs a number after " + op;
            }
            Object w = operand.equals("null") ? null : operand;
            return !equal(w, actual) ? null : "expected anything but " + show(w) + ", got " + show(actual);
        }
        if (!(actual instanceof Number n)) {
            return op.equals("!=") ? null : "expected a number " + op + " " + operand + ", got " + show(actual);
        }
        double a = n.doubleValue();
        boolean ok = switch (op) {
            case "<" -> a < want;
            case "<=" -> a <= want;
            case ">" -> a > want;
            case ">=" -> a >= want;
            default -> a != want;
        };
        return ok ? null : "expected " + op + " " + operand + ", got " + show(actual);
    }

    private static Double number(String s) {
        try {
            return Double.valueOf(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static boolean equal(Object want, Object actual) {
        if (want == null || actual == null) {
            return want == actual;
        }
        if (want instanceof Number w && actual instanceof Number a) {
            return w.doubleValue() == a.doubleValue();
        }
        if (want instanceof List<?> w && actual instanceof List<?> a) {
            if (w.size() != a.size()) {
                return false;
            }
            for (int i = 0; i < w.size(); i++) {
                if (!equal(w.get(i), a.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (want instanceof Map<?, ?> w && actual instanceof Map<?, ?> a) {
            if (w.size() != a.size()) {
                return false;
            }
            for (Map.Entry<?, ?> e : w.entrySet()) {
                if (!a.containsKey(e.getKey()) || !equal(e.getValue(), a.get(e.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        if (want instanceof String w && !(actual instanceof String)) {
            return w.equals(String.valueOf(actual));
        }
        return want.equals(actual);
    }

    static String show(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof String s) {
            return s;
        }
        if (v instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d)) {
            return Long.toString(d.longValue());
        }
        if (v instanceof List<?> l) {
            List<String> parts = new ArrayList<>();
            for (Object o : l) {
                parts.add(show(o));
            }
            return "[" + String.join(", ", parts) + "]";
        }
        return String.valueOf(v);
    }

    /** A YAML value as plain Java: Long, Double, String, Boolean, List, Map or null. */
    public static Object plain(JsonNode n) {
        if (n == null || n.isNull()) {
            return null;
        }
        if (n.isIntegralNumber()) {
            return n.asLong();
        }
        if (n.isNumber()) {
            return n.asDouble();
        }
        if (n.isBoolean()) {
            return n.asBoolean();
        }
        if (n.isTextual()) {
            return n.asText();
        }
        if (n.isArray()) {
            List<Object> out = new ArrayList<>();
            n.forEach(x -> out.add(plain(x)));
            return out;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        n.fields().forEachRemaining(e -> out.put(e.getKey(), plain(e.getValue())));
        return out;
    }
}
