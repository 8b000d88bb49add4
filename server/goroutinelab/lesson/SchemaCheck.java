package goroutinelab.lesson;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.NonValidationKeyword;
import com.networknt.schema.path.NodePath;
import goroutinelab.engine.OpKind;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Validates a lesson tree against lessons/schema/lesson.schema.json (the same
 * file editors use) and words each violation for an author: where it is, and
 * what was expected there.
 */
public final class SchemaCheck {
    public static final String RESOURCE = "/lessons/schema/lesson.schema.json";
    private static final int MAX_PROBLEMS = 12;

    private static final JsonNode SCHEMA_NODE = loadSchemaNode();
    /** Draft 2020-12, plus errorMessage: the editor's wording for a failed check, which the lab words itself. */
    private static final Dialect DIALECT = Dialect.builder(Dialects.getDraft202012())
            .keyword(new NonValidationKeyword("errorMessage")).build();
    static final Schema SCHEMA = SchemaRegistry.withDefaultDialect(DIALECT).getSchema(SCHEMA_NODE);

    private SchemaCheck() {
    }

    private static JsonNode loadSchemaNode() {
        try (InputStream in = SchemaCheck.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("SchemaCheck: " + RESOURCE + " is not on the classpath");
            }
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The schema itself, for the docs and the author page. */
    public static JsonNode schema() {
        return SCHEMA_NODE;
    }

    public static List<LessonError.Problem> check(YamlTree tree, String file) {
        List<Error> errors = SCHEMA.validate(tree.root);
        List<Located> found = new ArrayList<>();
        for (Error e : errors) {
            Located l = locate(e, tree);
            if (l != null) {
                found.add(l);
            }
        }
        found = mergeAlternatives(found, tree);
        found = mostSpecific(found);
        Set<String> seen = new LinkedHashSet<>();
        found.removeIf(l -> !seen.add(l.pos + l.message));
        found.sort(Comparator.comparingInt((Located l) -> l.pos.line()).thenComparingInt(l -> l.pos.col()));
        List<LessonError.Problem> out = new ArrayList<>();
        for (Located l : found.subList(0, Math.min(MAX_PROBLEMS, found.size()))) {
            out.add(new LessonError.Problem(file, l.pos.line(), l.pos.col(), l.message));
        }
        return out;
    }

    /**
     * One complaint: where (pointer and place), the message, and for a value of
     * the wrong kind what was expected and the {@code oneOf} it came from, so the
     * branches of one {@code oneOf} can be said as one "expected A or B".
     */
    private record Located(String pointer, YamlTree.Pos pos, String message, String expected, String oneOf, String keyword) {
        Located(String pointer, YamlTree.Pos pos, String message) {
            this(pointer, pos, message, null, null, "");
        }
    }

    /**
     * Drops a complaint about a node when there is one about something inside
     * it, and "too few keys" when the same node already lacks a required key.
     */
    private static List<Located> mostSpecific(List<Located> all) {
        List<Located> out = new ArrayList<>();
        for (Located l : all) {
            boolean drop = false;
            for (Located o : all) {
                if (o != l && (o.pointer.startsWith(l.pointer + "/")
                        || (l.keyword.equals("minProperties") && o.keyword.equals("required") && o.pointer.equals(l.pointer)))) {
                    drop = true;
                    break;
                }
            }
            if (!drop) {
                out.add(l);
            }
        }
        return out;
    }

    /** Complaints from every branch of one oneOf about the same value become one: "expected A or B, got X". */
    private static List<Located> mergeAlternatives(List<Located> all, YamlTree tree) {
        Map<String, List<Located>> groups = new LinkedHashMap<>();
        List<Located> out = new ArrayList<>();
        for (Located l : all) {
            if (l.oneOf != null && l.expected != null) {
                groups.computeIfAbsent(l.pointer + " " + l.oneOf, k -> new ArrayList<>()).add(l);
            } else {
                out.add(l);
            }
        }
        for (List<Located> g : groups.values()) {
            if (g.size() == 1) {
                out.add(g.get(0));
                continue;
            }
            Located first = g.get(0);
            List<String> expected = new ArrayList<>();
            List<String> words = new ArrayList<>();
            for (Located l : g) {
                if (!expected.contains(l.expected)) {
                    expected.add(l.expected);
                }
                if (l.expected.startsWith("'")) {
                    words.add(l.expected.substring(1, l.expected.length() - 1));
                }
            }
            JsonNode instance = tree.root.at(first.pointer);
            String hint = instance.isTextual() ? Suggest.hint(instance.asText(), words) : "";
            out.add(new Located(first.pointer, first.pos, "expected " + String.join(" or ", expected) + " at "
                    + where(first.pointer) + ", got " + describeValue(instance) + hint));
        }
        return out;
    }

    static String pointer(NodePath path) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < path.getNameCount(); i++) {
            Object el = path.getElement(i);
            sb.append('/').append(String.valueOf(el).replace("~", "~0").replace("/", "~1"));
        }
        return sb.toString();
    }

    private static String where(String pointer) {
        return pointer.isEmpty() ? "the top level" : "'" + readable(pointer) + "'";
    }

    /** The JSON pointer into the schema that a schema location names ("/$defs/op/else/additionalProperties"). */
    private static String fragment(String schemaLocation) {
        int hash = schemaLocation.indexOf('#');
        return hash < 0 ? "" : schemaLocation.substring(hash + 1);
    }

    private static String parent(String fragment) {
        int slash = fragment.lastIndexOf('/');
        return slash <= 0 ? "" : fragment.substring(0, slash);
    }

    /** The oneOf a location sits in ("/$defs/runtime/properties/gogc/oneOf"), or null. */
    private static String oneOf(String fragment) {
        int i = fragment.lastIndexOf("/oneOf/");
        return i < 0 ? null : fragment.substring(0, i + "/oneOf".length());
    }

    private static final String OP = "/$defs/op/";
    private static final String OP_KEYS = "/$defs/op/else/additionalProperties";
    private static final String OP_PROPS = "/$defs/op/else/properties/";
    private static final String TEXT_LANGS = "/$defs/text/then/additionalProperties";
    private static final String RUN_KINDS = "/$defs/run/oneOf";
    private static final String NOTIFY_TARGET = "/$defs/op/else/properties/notify/anyOf";

    private static Located locate(Error e, YamlTree tree) {
        String ptr = pointer(e.getInstanceLocation());
        String where = where(ptr);
        JsonNode instance = e.getInstanceNode();
        String keyword = e.getKeyword() == null ? "" : e.getKeyword();
        String frag = fragment(e.getSchemaLocation() == null ? "" : e.getSchemaLocation().toString());
        JsonNode owner = SCHEMA_NODE.at(parent(frag));
        String got = describeValue(instance);
        YamlTree.Pos at = tree.valueAt(ptr);
        switch (keyword) {
            case "additionalProperties": {
                String key = e.getProperty();
                String child = YamlTree.child(ptr, key);
                List<String> allowed = allowedKeys(frag);
                String what = frag.equals(OP_KEYS) ? "unknown op '" + key + "'" : "unknown key '" + key + "' in " + where;
                if (ptr.endsWith("/run") && (key.equals("count") || key.equals("g")) && instance != null
                        && instance.path("until").isTextual()) {
                    // a common slip: the event's count (or goroutine) written beside until instead of inside it
                    String ev = instance.path("until").asText();
                    return new Located(child, tree.keyAt(child), what + ": " + key + " belongs inside until, as "
                            + "until: {event: " + ev + ", " + key + ": " + instance.path(key).asText() + "}", null, null, keyword);
                }
                return new Located(child, tree.keyAt(child), what + Suggest.hint(key, allowed)
                        + (allowed.isEmpty() ? "" : "; expected one of: " + String.join(", ", allowed)), null, null, keyword);
            }
            case "propertyNames":
                return new Located(YamlTree.child(ptr, e.getProperty()), tree.keyAt(YamlTree.child(ptr, e.getProperty())),
                        "'" + e.getProperty() + "' is not a valid name in " + where
                                + ": expected letters, digits and _, not starting with a digit, at most 40 characters", null, null, keyword);
            case "required": {
                if (frag.startsWith(RUN_KINDS + "/")) {
                    return null;
                }
                if (frag.startsWith(NOTIFY_TARGET + "/")) {
                    // each branch of the anyOf says what it lacks; said once (the duplicates merge)
                    return new Located(ptr, at, "notify needs chan (Go: the channel signal.Notify sends to)"
                            + " or handler (the interpreter: the function signal.signal installs)", null, null, keyword);
                }
                String key = e.getProperty();
                String about = owner.path("properties").path(key).path("description").asText("");
                return new Located(ptr, tree.keyAt(ptr), "missing key '" + key + "' in " + where
                        + (about.isEmpty() ? "" : " (" + lowerFirst(about) + ")"), null, null, keyword);
            }
            case "type": {
                OpKind bare = opOf(frag);
                if (bare != null && bare.value().nothing() && frag.equals(OP_PROPS + bare.key() + "/type")) {
                    return new Located(ptr, at, "op '" + bare.key() + "' takes no value: write it alone, as - " + bare.key()
                            + ", got " + got, null, null, keyword);
                }
                if (frag.equals("/$defs/op/type")) {
                    return new Located(ptr, at, instance == null || instance.isNull()
                            ? "an empty list entry: expected an op, like compute: 100us"
                            : "expected an op, like compute: 100us, got " + got, null, null, keyword);
                }
                String expected = expectation(frag, owner, e.getSchemaNode());
                return new Located(ptr, at, "expected " + expected + " at " + where + ", got " + got + unitHint(frag, instance),
                        expected, oneOf(frag), keyword);
            }
            case "pattern": {
                String expected = expectation(frag, owner, null);
                return new Located(ptr, at, "expected " + expected + " at " + where + ", got " + got + unitHint(frag, instance),
                        expected, oneOf(frag), keyword);
            }
            case "enum":
                return enumProblem(ptr, frag, e, instance, tree);
            case "const": {
                String expected = constant(e.getSchemaNode());
                return new Located(ptr, at, "expected " + expected + " at " + where + ", got " + got
                        + (frag.equals("/properties/format/const") ? " (this lab reads lesson format 1)" : ""),
                        expected, oneOf(frag), keyword);
            }
            case "minimum":
            case "maximum":
            case "exclusiveMinimum":
            case "exclusiveMaximum": {
                String expected = numberRange(owner);
                return new Located(ptr, at, "expected " + expected + " at " + where + ", got " + got, expected, oneOf(frag), keyword);
            }
            case "minItems":
                return new Located(ptr, at, "expected at least " + e.getSchemaNode().asInt() + " "
                        + plural(e.getSchemaNode().asInt(), "entry", "entries") + " in " + where + ", got " + instance.size(), null, null, keyword);
            case "maxItems":
                return new Located(ptr, at, "expected at most " + e.getSchemaNode().asInt() + " "
                        + plural(e.getSchemaNode().asInt(), "entry", "entries") + " in " + where + ", got " + instance.size(), null, null, keyword);
            case "minLength":
                return new Located(ptr, at, "expected a text that is not empty at " + where + ", got " + got, null, null, keyword);
            case "maxLength":
                return new Located(ptr, at, "expected at most " + e.getSchemaNode().asInt() + " characters at " + where
                        + ", got " + instance.asText().length(), null, null, keyword);
            case "minProperties":
            case "maxProperties":
                return propertiesProblem(ptr, frag, keyword, e, instance, tree);
            case "oneOf":
                if (frag.equals(RUN_KINDS)) {
                    int kinds = 0;
                    for (String k : List.of("steps", "until", "time")) {
                        kinds += instance != null && instance.has(k) ? 1 : 0;
                    }
                    return new Located(ptr, at, "a run needs exactly one of steps, until or time"
                            + (kinds == 0 ? ", like {until: end} or {steps: 10}" : " (it has " + kinds + ")"), null, null, keyword);
                }
                return null;
            case "anyOf":
            case "allOf":
            case "not":
            case "if":
            case "then":
            case "else":
            case "$ref":
            case "properties":
            case "items":
                return null;
            default:
                return new Located(ptr, at, stripPath(e.getMessage()) + " (at " + where + ")", null, null, keyword);
        }
    }

    private static Located enumProblem(String ptr, String frag, Error e, JsonNode instance, YamlTree tree) {
        YamlTree.Pos at = tree.valueAt(ptr);
        if (frag.startsWith(TEXT_LANGS)) {
            String lang = ptr.substring(ptr.lastIndexOf('/') + 1);
            String text = ptr.substring(0, ptr.lastIndexOf('/'));
            return new Located(ptr, tree.keyAt(ptr), "unknown language '" + lang + "' in " + where(text)
                    + Suggest.hint(lang, List.of("en", "zh"))
                    + ": a text is a plain string, or a map with en (required) and zh", null, null, "enum");
        }
        List<String> options = new ArrayList<>();
        e.getSchemaNode().forEach(n -> options.add(n.asText()));
        String got = instance == null ? "" : instance.asText();
        if (frag.startsWith(OP)) {
            if (instance == null || instance.isNull()) {
                return new Located(ptr, at, "an empty list entry: expected an op, like compute: 100us", null, null, "enum");
            }
            JsonNode ops = SCHEMA_NODE.at("/$defs/op/else/properties");
            if (ops.has(got) && !options.contains(got)) {
                return new Located(ptr, at, "op '" + got + "' needs a value, like " + example(got), null, null, "enum");
            }
            List<String> all = new ArrayList<>(options);
            ops.fieldNames().forEachRemaining(all::add);
            return new Located(ptr, at, "unknown op '" + got + "'" + Suggest.hint(got, all)
                    + "; expected one of: " + String.join(", ", all), null, null, "enum");
        }
        List<String> quoted = new ArrayList<>();
        options.forEach(o -> quoted.add(o));
        String expected = "one of " + String.join(", ", quoted);
        return new Located(ptr, at, "expected " + expected + " at " + where(ptr) + ", got " + describeValue(instance)
                + Suggest.hint(got, options), expected, oneOf(frag), "enum");
    }

    private static Located propertiesProblem(String ptr, String frag, String keyword, Error e, JsonNode instance, YamlTree tree) {
        YamlTree.Pos at = tree.valueAt(ptr);
        String where = where(ptr);
        if (frag.startsWith(OP)) {
            if (keyword.equals("maxProperties")) {
                return new Located(ptr, at, "one list entry holds several ops (" + String.join(", ", fieldNames(instance))
                        + "): give each op its own '- ' line", null, null, keyword);
            }
            return new Located(ptr, at, "an empty map at " + where + ": expected an op, like compute: 100us", null, null, keyword);
        }
        if (frag.startsWith("/$defs/timedInject/")) {
            return new Located(ptr, at, "expected 'at' and exactly one of signal, gc, go at " + where
                    + ", like {at: 2ms, signal: SIGUSR1}; got " + keys(instance), null, null, keyword);
        }
        if (frag.startsWith("/$defs/injection/")) {
            return new Located(ptr, at, "expected exactly one of signal, gc, go, set at " + where
                    + ", like {signal: SIGUSR1}; got " + keys(instance), null, null, keyword);
        }
        int n = e.getSchemaNode().asInt();
        return new Located(ptr, at, "expected " + (keyword.equals("minProperties") ? "at least " : "at most ") + n
                + " " + plural(n, "key", "keys") + " in " + where + ", got " + instance.size(), null, null, keyword);
    }

    private static String keys(JsonNode instance) {
        List<String> names = fieldNames(instance);
        return names.isEmpty() ? "an empty map" : String.join(", ", names);
    }

    /** What a failed type or pattern check wanted, said for an author. */
    private static String expectation(String frag, JsonNode owner, JsonNode typeNode) {
        if (frag.startsWith("/$defs/duration/")) {
            return "a duration with a unit (ns, us, ms or s)";
        }
        if (frag.startsWith("/$defs/size/")) {
            return "a size with a unit (B, KB, MB or GB)";
        }
        if (frag.startsWith("/$defs/name/")) {
            return "a name (letters, digits and _, not starting with a digit)";
        }
        if (frag.startsWith("/properties/id/")) {
            return "lower-case letters, digits and dashes";
        }
        OpKind.Field field = opField(frag);
        if (field != null && (field.arg() == OpKind.Arg.FIELD_PATH || field.arg() == OpKind.Arg.LOAD_SOURCE)) {
            return field.description();
        }
        if (frag.endsWith("/pattern")) {
            return "a name (letters, digits and _, not starting with a digit)";
        }
        String type = describeType(typeNode);
        if ((type.equals("a whole number") || type.equals("a number")) && (owner.has("minimum") || owner.has("maximum"))) {
            return numberRange(owner);
        }
        return type;
    }

    private static String numberRange(JsonNode owner) {
        String kind = "integer".equals(owner.path("type").asText()) ? "a whole number" : "a number";
        if (owner.has("minimum") && owner.has("maximum")) {
            return kind + " from " + owner.get("minimum").asText() + " to " + owner.get("maximum").asText();
        }
        if (owner.has("minimum")) {
            return kind + " of at least " + owner.get("minimum").asText();
        }
        if (owner.has("maximum")) {
            return kind + " of at most " + owner.get("maximum").asText();
        }
        return kind;
    }

    /** For a number where a duration or size belongs: how to write it. */
    private static String unitHint(String frag, JsonNode instance) {
        if (instance == null || !(instance.isNumber() || instance.isTextual())) {
            return "";
        }
        String v = instance.asText().trim();
        boolean duration = frag.startsWith("/$defs/duration/");
        boolean size = frag.startsWith("/$defs/size/");
        if (!duration && !size) {
            return "";
        }
        if (!v.matches("[0-9]+(\\.[0-9]+)?")) {
            if (duration && v.matches("[0-9.]+\\s+(ns|us|µs|ms|s)")) {
                return ": no space before the unit";
            }
            if (size && v.matches("[0-9.]+\\s*[A-Za-z]+")) {
                return ": write the unit as B, KB, MB or GB (upper case, powers of 1024)";
            }
            return duration ? "; write it like 200us or 1.5ms" : "; write it like 64KB or 1MB";
        }
        if (frag.startsWith("/$defs/duration/")) {
            return ": a number needs a unit, like " + v + "us or " + v + "ms";
        }
        if (frag.startsWith("/$defs/size/")) {
            return ": a number needs a unit, like " + v + "B or " + v + "KB";
        }
        return "";
    }

    private static String constant(JsonNode n) {
        return n.isTextual() ? "'" + n.asText() + "'" : String.valueOf(n);
    }

    private static String example(String op) {
        OpKind k = OpKind.byKey(op);
        return k == null ? op + ": ..." : k.example();
    }

    /** The op a schema location is inside ("/$defs/op/else/properties/store/..."), or null. */
    private static OpKind opOf(String frag) {
        if (!frag.startsWith(OP_PROPS)) {
            return null;
        }
        String rest = frag.substring(OP_PROPS.length());
        int slash = rest.indexOf('/');
        return OpKind.byKey(slash < 0 ? rest : rest.substring(0, slash));
    }

    /** The field of an op's map a schema location is inside (".../store/properties/dst/pattern"), or null. */
    private static OpKind.Field opField(String frag) {
        OpKind k = opOf(frag);
        String prefix = OP_PROPS + (k == null ? "" : k.key()) + "/properties/";
        if (k == null || !frag.startsWith(prefix)) {
            return null;
        }
        String rest = frag.substring(prefix.length());
        int slash = rest.indexOf('/');
        return k.value().field(slash < 0 ? rest : rest.substring(0, slash));
    }

    private static String plural(int n, String one, String many) {
        return n == 1 ? one : many;
    }

    private static String lowerFirst(String s) {
        String t = s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
        return t.isEmpty() ? t : Character.toLowerCase(t.charAt(0)) + t.substring(1);
    }

    private static List<String> fieldNames(JsonNode n) {
        List<String> names = new ArrayList<>();
        if (n != null) {
            n.fieldNames().forEachRemaining(names::add);
        }
        return names;
    }

    /** The property names a schema location's parent object allows. */
    private static List<String> allowedKeys(String fragment) {
        String frag = fragment;
        if (frag.endsWith("/additionalProperties")) {
            frag = frag.substring(0, frag.length() - "/additionalProperties".length());
        }
        JsonNode node = SCHEMA_NODE.at(frag.isEmpty() ? "" : frag);
        List<String> keys = new ArrayList<>();
        JsonNode props = node.get("properties");
        if (props != null) {
            Iterator<String> it = props.fieldNames();
            it.forEachRemaining(keys::add);
        }
        return keys;
    }

    private static String describeType(JsonNode typeNode) {
        if (typeNode == null) {
            return "another type";
        }
        if (typeNode.isArray()) {
            List<String> ts = new ArrayList<>();
            typeNode.forEach(t -> ts.add(article(t.asText())));
            return String.join(" or ", ts);
        }
        return article(typeNode.asText());
    }

    private static String article(String type) {
        return switch (type) {
            case "object" -> "a map";
            case "array" -> "a list";
            case "integer" -> "a whole number";
            case "null" -> "nothing (null)";
            default -> "a " + type;
        };
    }

    static String describeValue(JsonNode n) {
        if (n == null || n.isMissingNode()) {
            return "nothing";
        }
        if (n.isNull()) {
            return "null";
        }
        if (n.isTextual()) {
            return "'" + n.asText() + "'";
        }
        if (n.isObject()) {
            return "a map";
        }
        if (n.isArray()) {
            return "a list";
        }
        return n.toString();
    }

    private static String stripPath(String message) {
        if (message == null) {
            return "invalid";
        }
        int colon = message.indexOf(": ");
        return colon > 0 && message.startsWith("$") ? message.substring(colon + 2) : message;
    }

    /** "/steps/0/run" → "steps[0].run". */
    static String readable(String pointer) {
        StringBuilder sb = new StringBuilder();
        for (String part : pointer.substring(1).split("/")) {
            part = part.replace("~1", "/").replace("~0", "~");
            if (part.chars().allMatch(Character::isDigit) && !part.isEmpty()) {
                sb.append('[').append(part).append(']');
            } else {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(part);
            }
        }
        return sb.toString();
    }
}
