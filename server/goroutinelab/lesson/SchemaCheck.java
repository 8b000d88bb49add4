package goroutinelab.lesson;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
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
    private static final Schema SCHEMA = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
            .getSchema(SCHEMA_NODE);

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
        Set<String> seen = new LinkedHashSet<>();
        for (Error e : errors) {
            Located l = locate(e, tree);
            if (l != null && seen.add(l.pos + l.message)) {
                found.add(l);
            }
        }
        found = mostSpecific(found);
        found.sort(Comparator.comparingInt((Located l) -> l.pos.line()).thenComparingInt(l -> l.pos.col()));
        List<LessonError.Problem> out = new ArrayList<>();
        for (Located l : found.subList(0, Math.min(MAX_PROBLEMS, found.size()))) {
            out.add(new LessonError.Problem(file, l.pos.line(), l.pos.col(), l.message));
        }
        return out;
    }

    private record Located(String pointer, YamlTree.Pos pos, String message) {
    }

    /** Drops a complaint about a node when there is one about something inside it. */
    private static List<Located> mostSpecific(List<Located> all) {
        List<Located> out = new ArrayList<>();
        for (Located l : all) {
            boolean inner = false;
            for (Located o : all) {
                if (o != l && o.pointer.startsWith(l.pointer + "/")) {
                    inner = true;
                    break;
                }
            }
            if (!inner) {
                out.add(l);
            }
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

    private static Located locate(Error e, YamlTree tree) {
        String ptr = pointer(e.getInstanceLocation());
        String where = ptr.isEmpty() ? "the top level" : "'" + readable(ptr) + "'";
        JsonNode instance = e.getInstanceNode();
        String keyword = e.getKeyword() == null ? "" : e.getKeyword();
        String schemaLoc = e.getSchemaLocation() == null ? "" : e.getSchemaLocation().toString();
        switch (keyword) {
            case "additionalProperties": {
                String key = e.getProperty();
                String child = YamlTree.child(ptr, key);
                List<String> allowed = allowedKeys(schemaLoc);
                String what = schemaLoc.contains("/op/") || schemaLoc.endsWith("/op/else/additionalProperties")
                        ? "unknown op '" + key + "'" : "unknown key '" + key + "' in " + where;
                return new Located(child, tree.keyAt(child), what + Suggest.hint(key, allowed)
                        + (allowed.isEmpty() ? "" : "; expected one of: " + String.join(", ", allowed)));
            }
            case "required":
                return new Located(ptr, tree.valueAt(ptr), "missing key '" + e.getProperty() + "' in " + where);
            case "type": {
                String expected = schemaLoc.contains("/duration/") ? "a duration with a unit (ns, us, ms or s), like 200us"
                        : schemaLoc.contains("/size/") ? "a size with a unit (B, KB, MB or GB), like 64KB"
                        : describeType(e.getSchemaNode());
                return new Located(ptr, tree.valueAt(ptr), "expected " + expected + " at " + where
                        + ", got " + describeValue(instance));
            }
            case "pattern": {
                String what = schemaLoc.contains("duration") ? "a duration with a unit (ns, us, ms or s), like 200us"
                        : schemaLoc.contains("size") ? "a size with a unit (B, KB, MB or GB), like 64KB"
                        : schemaLoc.contains("/id/") ? "lower-case letters, digits and dashes"
                        : schemaLoc.contains("store") ? "var.field or global.name"
                        : "a name made of letters, digits and _";
                return new Located(ptr, tree.valueAt(ptr), "expected " + what + " at " + where
                        + ", got " + describeValue(instance));
            }
            case "enum": {
                List<String> options = new ArrayList<>();
                e.getSchemaNode().forEach(n -> options.add(n.asText()));
                String got = instance == null ? "" : instance.asText();
                return new Located(ptr, tree.valueAt(ptr), (schemaLoc.contains("/op/") ? "unknown op '" + got + "'"
                        : "unexpected value " + describeValue(instance) + " at " + where)
                        + Suggest.hint(got, options) + "; expected one of: " + String.join(", ", options));
            }
            case "const":
                return new Located(ptr, tree.valueAt(ptr), "expected " + e.getSchemaNode() + " at " + where
                        + ", got " + describeValue(instance));
            case "maxProperties":
                if (schemaLoc.contains("/op/")) {
                    return new Located(ptr, tree.valueAt(ptr), "one list entry holds several ops ("
                            + String.join(", ", fieldNames(instance)) + "): give each op its own '- ' line");
                }
                return new Located(ptr, tree.valueAt(ptr), stripPath(e.getMessage()) + " (at " + where + ")");
            case "minProperties":
                return new Located(ptr, tree.valueAt(ptr), "empty map at " + where + ": "
                        + (schemaLoc.contains("/op/") ? "expected an op such as compute: 100us" : stripPath(e.getMessage())));
            case "oneOf":
            case "if":
            case "then":
            case "else":
            case "$ref":
            case "properties":
            case "items":
            case "additionalProperties-container":
                return null;
            default:
                return new Located(ptr, tree.valueAt(ptr), stripPath(e.getMessage()) + " (at " + where + ")");
        }
    }

    private static List<String> fieldNames(JsonNode n) {
        List<String> names = new ArrayList<>();
        if (n != null) {
            n.fieldNames().forEachRemaining(names::add);
        }
        return names;
    }

    /** The property names a schema location's parent object allows. */
    private static List<String> allowedKeys(String schemaLocation) {
        int hash = schemaLocation.indexOf('#');
        if (hash < 0) {
            return List.of();
        }
        String frag = schemaLocation.substring(hash + 1);
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
