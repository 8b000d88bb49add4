package goroutinelab.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The changes between two snapshots as an RFC 6902 JSON Patch: {@code add} and
 * {@code remove} for keys that appear or go, {@code replace} for values that
 * change; a list that changes is replaced whole (run queues are short). A
 * forward move of a large world changes a few goroutines, so its patch is a
 * few hundred bytes where the state is a few hundred kilobytes.
 */
final class StatePatch {
    private StatePatch() {
    }

    /** The operations that turn {@code from} into {@code to} (both snapshot trees of maps, lists and scalars). */
    static List<Map<String, Object>> diff(Map<String, Object> from, Map<String, Object> to) {
        List<Map<String, Object>> ops = new ArrayList<>();
        diffMaps(from, to, "", ops);
        return ops;
    }

    private static void diffMaps(Map<?, ?> from, Map<?, ?> to, String path, List<Map<String, Object>> ops) {
        for (Map.Entry<?, ?> e : from.entrySet()) {
            if (!to.containsKey(e.getKey())) {
                ops.add(op("remove", at(path, e.getKey()), null, false));
            }
        }
        // a path is written only for a key that changes or holds a map: most keys of a forward move do neither
        for (Map.Entry<?, ?> e : to.entrySet()) {
            Object b = e.getValue();
            Object a = from.get(e.getKey());
            if (a == null && !from.containsKey(e.getKey())) {
                ops.add(op("add", at(path, e.getKey()), b, true));
            } else if (a instanceof Map<?, ?> ma && b instanceof Map<?, ?> mb) {
                diffMaps(ma, mb, at(path, e.getKey()), ops);
            } else if (!same(a, b)) {
                ops.add(op("replace", at(path, e.getKey()), b, true));
            }
        }
    }

    private static String at(String path, Object key) {
        return path + "/" + escape(String.valueOf(key));
    }

    /** Equal as JSON: numbers by value (an Integer 3 and a Long 3 write the same). */
    private static boolean same(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y && !(a instanceof Double) && !(b instanceof Double)) {
            return x.longValue() == y.longValue();
        }
        return Objects.equals(a, b);
    }

    private static Map<String, Object> op(String name, String path, Object value, boolean withValue) {
        Map<String, Object> m = new LinkedHashMap<>(4);
        m.put("op", name);
        m.put("path", path);
        if (withValue) {
            m.put("value", value);
        }
        return m;
    }

    /** RFC 6901: '~' is written ~0 and '/' is written ~1 in a path segment. */
    static String escape(String key) {
        return key.indexOf('~') < 0 && key.indexOf('/') < 0 ? key : key.replace("~", "~0").replace("/", "~1");
    }
}
