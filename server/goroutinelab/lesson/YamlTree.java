package goroutinelab.lesson;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import org.yaml.snakeyaml.LoaderOptions;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * A YAML document read into a JSON tree that remembers where every key and
 * value stood (line and column), so any later complaint about a node can point
 * at it. Refuses aliases, duplicate keys and documents past the size limits
 * instead of expanding or guessing.
 */
public final class YamlTree {
    public static final int MAX_CHARS = 512 * 1024;
    public static final int MAX_DEPTH = 40;
    public static final int MAX_NODES = 100_000;

    /** A place in the file, counting from 1. */
    public record Pos(int line, int col) {
        public static final Pos NONE = new Pos(0, 0);
    }

    public final JsonNode root;
    private final Map<String, Pos> values;
    private final Map<String, Pos> keys;

    private YamlTree(JsonNode root, Map<String, Pos> values, Map<String, Pos> keys) {
        this.root = root;
        this.values = values;
        this.keys = keys;
    }

    /** Where the value at a JSON pointer ("/steps/0/run") starts; the nearest ancestor's if unknown. */
    public Pos valueAt(String pointer) {
        String p = pointer;
        while (true) {
            Pos pos = values.get(p);
            if (pos != null) {
                return pos;
            }
            if (p.isEmpty()) {
                return Pos.NONE;
            }
            p = p.substring(0, p.lastIndexOf('/'));
        }
    }

    /** Where the key naming the member at a pointer stands; its value's place if it has no key. */
    public Pos keyAt(String pointer) {
        Pos pos = keys.get(pointer);
        return pos != null ? pos : valueAt(pointer);
    }

    public static String child(String pointer, String key) {
        return pointer + "/" + key.replace("~", "~0").replace("/", "~1");
    }

    public static String child(String pointer, int index) {
        return pointer + "/" + index;
    }

    private static final YAMLFactory FACTORY = factory();

    private static YAMLFactory factory() {
        LoaderOptions opts = new LoaderOptions();
        opts.setCodePointLimit(MAX_CHARS * 2);
        opts.setNestingDepthLimit(MAX_DEPTH * 2);
        opts.setMaxAliasesForCollections(0);
        opts.setAllowDuplicateKeys(false);
        return YAMLFactory.builder()
                .loaderOptions(opts)
                // "- gosched:" and "gc:" with nothing after the colon read as null, as YAML means them
                .enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL)
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_DEPTH * 2)
                        .maxStringLength(MAX_CHARS)
                        .maxNumberLength(40)
                        .build())
                .build();
    }

    /** Reads text; a problem is reported against {@code file}. */
    public static YamlTree parse(String text, String file) throws LessonError {
        if (text.length() > MAX_CHARS) {
            throw new LessonError(new LessonError.Problem(file, 1, 1,
                    "the file is " + text.length() + " characters long; a lesson may have at most " + MAX_CHARS));
        }
        Reader r = new Reader(file);
        try (JsonParser p = FACTORY.createParser(text)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new LessonError(new LessonError.Problem(file, 1, 1, "the file is empty: expected a lesson (a YAML map)"));
            }
            JsonNode root = r.read(p, "", 0);
            if (p.nextToken() != null) {
                Pos at = pos(p.currentTokenLocation());
                throw new LessonError(new LessonError.Problem(file, at.line(), at.col(),
                        "a second YAML document: a lesson file holds exactly one (remove the extra ---)"));
            }
            return new YamlTree(root, r.values, r.keys);
        } catch (JsonProcessingException e) {
            Pos at = e.getLocation() == null ? new Pos(1, 1) : pos(e.getLocation());
            String said = firstLine(e.getOriginalMessage());
            java.util.regex.Matcher dup = DUPLICATE.matcher(said);
            if (dup.find()) {
                String key = dup.group(1);
                throw new LessonError(new LessonError.Problem(file, at.line(), keyColumn(text, at, key),
                        "duplicate key '" + key + "': each key may appear once here"));
            }
            String explained = explain(said);
            Pos opened = openedAt(e.getOriginalMessage());
            if (opened != null && opened.line() < at.line()) {
                // an unclosed {, [ or quote: point where it opened, which is where the fix goes
                explained += " (noticed at line " + at.line() + ")";
                at = opened;
            }
            throw new LessonError(new LessonError.Problem(file, at.line(), at.col(), "YAML syntax: " + explained));
        } catch (IOException e) {
            throw new LessonError(new LessonError.Problem(file, 0, 0, "cannot read: " + e.getMessage()));
        }
    }

    private static final java.util.regex.Pattern DUPLICATE = java.util.regex.Pattern.compile("(?i)duplicate (?:field|key) '?([^'\\s]+)'?");

    private static final java.util.regex.Pattern OPENED = java.util.regex.Pattern.compile(
            "^while (?:parsing a flow (?:mapping|sequence)|scanning a quoted scalar)\\s+in '[^']*', line (\\d+), column (\\d+)");

    /** For an unclosed flow map, list or quote: where it was opened (SnakeYAML's context mark), else null. */
    private static Pos openedAt(String message) {
        if (message == null) {
            return null;
        }
        java.util.regex.Matcher m = OPENED.matcher(message.strip());
        return m.find() ? new Pos(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))) : null;
    }

    /** The column where a key starts on its line (the parser points after it). */
    private static int keyColumn(String text, Pos at, String key) {
        String[] lines = text.split("\n", -1);
        if (at.line() < 1 || at.line() > lines.length) {
            return at.col();
        }
        int i = lines[at.line() - 1].lastIndexOf(key, Math.max(0, at.col() - 1));
        return i < 0 ? at.col() : i + 1;
    }

    /**
     * SnakeYAML's words for the usual slips, said the way an author fixes them;
     * anything else keeps the parser's own words.
     */
    static String explain(String said) {
        if (said.contains("TAB")) {
            return "a tab character: indent with spaces, not tabs";
        }
        if (said.contains("mapping values are not allowed here")) {
            return "a ': ' inside a plain value: put the whole text in quotes, like say: \"Note: ...\"";
        }
        if (said.contains("while scanning a quoted scalar") && said.contains("end of stream")) {
            return "a quoted text is never closed: add the closing quote";
        }
        if (said.contains("while parsing a flow mapping")) {
            return "a {...} map is not closed, or lacks a comma: expected ',' or '}' (quote a text that holds , : ? or #)";
        }
        if (said.contains("while parsing a flow sequence")) {
            return "a [...] list is not closed, or lacks a comma: expected ',' or ']' (quote a text that holds , : ? or #)";
        }
        if (said.contains("could not find expected ':'")) {
            return "a line that is neither 'key: value' nor '- item': expected ':' after a key";
        }
        if (said.contains("expected <block end>") || said.contains("did not find expected key")
                || said.contains("did not find expected '-' indicator")) {
            return "the indentation does not line up: entries of one map or list start at the same column, "
                    + "and what belongs to a key is indented under it";
        }
        return said;
    }

    /** SnakeYAML's message without its excerpts: "while parsing a flow mapping; expected ',' or '}', but got ...". */
    private static String firstLine(String message) {
        if (message == null) {
            return "malformed YAML";
        }
        StringBuilder sb = new StringBuilder();
        for (String line : message.strip().split("\n")) {
            if (line.isBlank() || line.startsWith(" ") || line.startsWith("\t")) {
                continue;
            }
            if (sb.length() > 0) {
                sb.append("; ");
            }
            sb.append(line.strip());
        }
        return sb.length() == 0 ? message.strip() : sb.toString();
    }

    /** A tag as the author wrote it: !!binary for YAML's own (tag:yaml.org,2002:binary), else as read, cut to 40 characters. */
    static String shown(String tag) {
        String t = tag.startsWith("tag:yaml.org,2002:") ? "!!" + tag.substring("tag:yaml.org,2002:".length())
                : tag.startsWith("!") ? tag : "!" + tag;
        return t.length() > 40 ? t.substring(0, 40) + "..." : t;
    }

    private static Pos pos(JsonLocation loc) {
        return new Pos(Math.max(1, loc.getLineNr()), Math.max(1, loc.getColumnNr()));
    }

    private static final class Reader {
        private final String file;
        private final Map<String, Pos> values = new HashMap<>();
        private final Map<String, Pos> keys = new HashMap<>();
        private int nodes;

        Reader(String file) {
            this.file = file;
        }

        private LessonError problem(Pos at, String message) {
            return new LessonError(new LessonError.Problem(file, at.line(), at.col(), message));
        }

        JsonNode read(JsonParser p, String pointer, int depth) throws IOException, LessonError {
            Pos at = pos(p.currentTokenLocation());
            values.put(pointer, at);
            if (++nodes > MAX_NODES) {
                throw problem(at, "the lesson has more than " + MAX_NODES + " YAML nodes; split it up");
            }
            if (depth > MAX_DEPTH) {
                throw problem(at, "nested more than " + MAX_DEPTH + " levels deep");
            }
            if (p instanceof YAMLParser yp && yp.isCurrentAlias()) {
                throw problem(at, "YAML aliases (*name) are not allowed in lessons: write the value out");
            }
            String tag = p instanceof YAMLParser yp ? yp.getTypeId() : null;
            if (tag != null) {
                throw problem(at, "YAML tags (here " + shown(tag) + ") are not used in lessons: remove the tag and write the plain value");
            }
            JsonNodeFactory nf = JsonNodeFactory.instance;
            switch (p.currentToken()) {
                case START_OBJECT -> {
                    ObjectNode o = nf.objectNode();
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String name = p.currentName();
                        String child = child(pointer, name);
                        Pos keyPos = pos(p.currentTokenLocation());
                        if (o.has(name)) {
                            throw problem(keyPos, "duplicate key '" + name + "': each key may appear once here");
                        }
                        keys.put(child, keyPos);
                        p.nextToken();
                        o.set(name, read(p, child, depth + 1));
                    }
                    return o;
                }
                case START_ARRAY -> {
                    ArrayNode a = nf.arrayNode();
                    int i = 0;
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        a.add(read(p, child(pointer, i++), depth + 1));
                    }
                    return a;
                }
                case VALUE_STRING -> {
                    return nf.textNode(p.getText());
                }
                case VALUE_NUMBER_INT -> {
                    return p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                            ? nf.numberNode(p.getBigIntegerValue()) : nf.numberNode(p.getLongValue());
                }
                case VALUE_NUMBER_FLOAT -> {
                    return nf.numberNode(p.getDoubleValue());
                }
                case VALUE_TRUE -> {
                    return nf.booleanNode(true);
                }
                case VALUE_FALSE -> {
                    return nf.booleanNode(false);
                }
                case VALUE_NULL -> {
                    return nf.nullNode();
                }
                default -> throw problem(at, "unexpected YAML content: " + p.currentToken());
            }
        }
    }
}
