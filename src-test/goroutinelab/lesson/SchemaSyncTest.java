package goroutinelab.lesson;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * lessons/schema/lesson.schema.json (what editors and the validator accept)
 * and LessonLoader (what the lab reads) name the same keys and ops: a key one
 * of them knows and the other does not fails here.
 */
class SchemaSyncTest {
    private static final Path LOADER = Path.of("server/goroutinelab/lesson/LessonLoader.java");
    /**
     * Keys the schema alone looks after: the loader never needs to read them. {@code real} is read
     * by goroutinelab.real (claims about the lesson's real run), which the lesson package may not use.
     */
    private static final Set<String> SCHEMA_ONLY = Set.of("format", "real");

    static JsonNode schema() {
        return SchemaCheck.schema();
    }

    static Set<String> schemaOps() {
        Set<String> ops = new TreeSet<>();
        schema().at("/$defs/op/else/properties").fieldNames().forEachRemaining(ops::add);
        return ops;
    }

    /** The case labels of the loader's switch over an op's key. */
    static Set<String> loaderOps() throws IOException {
        String src = Files.readString(LOADER);
        int start = src.indexOf("switch (e.getKey()) {");
        assertThat(start).as("LessonLoader.op switches on the op's key").isPositive();
        String block = src.substring(start, src.indexOf("default ->", start));
        Set<String> ops = new TreeSet<>();
        Matcher m = Pattern.compile("case \"([A-Za-z]+)\"").matcher(block);
        while (m.find()) {
            ops.add(m.group(1));
        }
        return ops;
    }

    /** Every property name anywhere in the schema. */
    static Set<String> schemaKeys() {
        Set<String> keys = new TreeSet<>();
        walk(schema(), keys);
        return keys;
    }

    private static void walk(JsonNode n, Set<String> keys) {
        if (n.isObject()) {
            JsonNode props = n.get("properties");
            if (props != null && props.isObject()) {
                props.fieldNames().forEachRemaining(keys::add);
            }
            n.elements().forEachRemaining(c -> walk(c, keys));
        } else if (n.isArray()) {
            n.elements().forEachRemaining(c -> walk(c, keys));
        }
    }

    /** Every string value the schema enumerates (model: go, cpython, compare), which the loader switches on too. */
    static Set<String> schemaWords() {
        Set<String> words = new TreeSet<>();
        schema().findValues("enum").forEach(e -> e.forEach(v -> words.add(v.asText())));
        return words;
    }

    /** Every key the loader reads from a YAML node: get("x"), has("x"), path("x") and case "x". */
    static Set<String> loaderKeys() throws IOException {
        String src = Files.readString(LOADER);
        Set<String> keys = new TreeSet<>();
        Matcher m = Pattern.compile("\\.(?:get|has|path)\\(\"([A-Za-z]+)\"\\)|case \"([A-Za-z]+)\"").matcher(src);
        while (m.find()) {
            keys.add(m.group(1) != null ? m.group(1) : m.group(2));
        }
        return keys;
    }

    @Test
    void theLoaderReadsExactlyTheOpsTheSchemaAllows() throws IOException {
        assertThat(loaderOps()).isEqualTo(schemaOps());
        Set<String> bare = new TreeSet<>();
        schema().at("/$defs/op/then/enum").forEach(n -> bare.add(n.asText()));
        assertThat(schemaOps()).as("ops written without a value are ops too").containsAll(bare);
    }

    @Test
    void theLoaderReadsExactlyTheKeysTheSchemaNames() throws IOException {
        Set<String> schema = schemaKeys();
        Set<String> loader = loaderKeys();
        Set<String> unread = new TreeSet<>(schema);
        unread.removeAll(loader);
        unread.removeAll(SCHEMA_ONLY);
        assertThat(unread).as("keys the schema allows that the loader never reads").isEmpty();
        Set<String> unknown = new TreeSet<>(loader);
        unknown.removeAll(schema);
        unknown.removeAll(schemaOps());
        unknown.removeAll(schemaWords());
        assertThat(unknown).as("keys the loader reads that the schema does not allow").isEmpty();
    }

    /** One small use of every op; a new op needs one here, and must then load and play. */
    static final Map<String, String> EXAMPLES = new LinkedHashMap<>();

    static {
        EXAMPLES.put("compute", "- compute: 10us");
        EXAMPLES.put("loop", "- loop: 10us");
        EXAMPLES.put("call", "- call: helper");
        EXAMPLES.put("go", "- go: {fn: helper, count: 2}");
        EXAMPLES.put("gosched", "- gosched");
        EXAMPLES.put("syscall", "- syscall: 10us");
        EXAMPLES.put("cgo", "- cgo: 10us");
        EXAMPLES.put("sleep", "- sleep: 10us");
        EXAMPLES.put("netread", "- netread: 10us");
        EXAMPLES.put("send", "- send: jobs");
        EXAMPLES.put("recv", "- recv: jobs");
        EXAMPLES.put("close", "- close: jobs");
        EXAMPLES.put("alloc", "- alloc: {to: x, size: 1KB}");
        EXAMPLES.put("store", "- alloc: {to: x, size: 1KB}\n    - alloc: {to: y, size: 1KB}\n    - store: {dst: x.next, src: y}");
        EXAMPLES.put("load", "- alloc: {to: x, size: 1KB}\n    - load: {dst: y, src: x.next}");
        EXAMPLES.put("clear", "- alloc: {to: x, size: 1KB}\n    - clear: x");
        EXAMPLES.put("gc", "- gc");
        EXAMPLES.put("notify", "- notify: {signal: SIGUSR1, chan: sigs}");
        EXAMPLES.put("repeat", "- repeat: {times: 2, do: [{compute: 10us}]}");
    }

    static String lessonWith(String op) {
        return """
                format: 1
                id: op
                title: One op
                channels:
                  jobs: {cap: 4}
                  sigs: {cap: 1}
                functions:
                  main:
                    %s
                  helper:
                    - compute: 1us
                steps:
                  - say: Run it.
                    run: {until: end, limit: 100000}
                """.formatted(op);
    }

    @Test
    void everyOpTheSchemaAllowsLoadsAndPlays() throws LessonError {
        assertThat(EXAMPLES.keySet()).as("an example for every op").containsExactlyInAnyOrderElementsOf(schemaOps());
        for (Map.Entry<String, String> e : EXAMPLES.entrySet()) {
            Lesson l = LessonLoader.parse(lessonWith(e.getValue()), "op.yaml", "op");
            Checker.Result r = Checker.play(l, System.nanoTime());
            assertThat(r.problems()).as(e.getKey()).isEmpty();
            assertThat(r.stepsPlayed()).as(e.getKey()).isEqualTo(1);
        }
    }
}
