package goroutinelab.lesson;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import goroutinelab.engine.OpKind;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * lessons/schema/lesson.schema.json (what editors and the validator accept)
 * and the op table the lab reads lessons with ({@link OpKind}) agree: the same
 * ops in the same order, the same bare ops, and for each op the same value
 * (a duration, a name, a map with the same required and optional keys...).
 * docs/authoring.md's op table is generated from OpKind (AuthoringDocTest).
 */
class SchemaSyncTest {

    static JsonNode schema() {
        return SchemaCheck.schema();
    }

    static Set<String> schemaOps() {
        Set<String> ops = new TreeSet<>();
        schema().at("/$defs/op/else/properties").fieldNames().forEachRemaining(ops::add);
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

    private static List<String> names(JsonNode n) {
        List<String> out = new ArrayList<>();
        if (n != null) {
            if (n.isArray()) {
                n.forEach(v -> out.add(v.asText()));
            } else {
                n.fieldNames().forEachRemaining(out::add);
            }
        }
        return out;
    }

    @Test
    void theSchemaNamesTheRegistrysOpsInItsOrder() {
        JsonNode op = schema().at("/$defs/op");
        assertThat(names(op.at("/else/properties"))).isEqualTo(OpKind.keys());
        assertThat(names(op.at("/then/enum"))).as("ops written alone")
                .isEqualTo(OpKind.bare().stream().map(OpKind::key).toList());
        assertThat(op.get("description").asText()).isEqualTo("One operation: " + String.join(", ", OpKind.keys()) + ".");
    }

    @Test
    void eachOpTakesInTheSchemaTheValueTheRegistrySays() {
        for (OpKind k : OpKind.values()) {
            JsonNode p = schema().at("/$defs/op/else/properties/" + k.key());
            OpKind.Value v = k.value();
            if (v.nothing()) {
                assertThat(p.path("type").asText()).as(k.key()).isEqualTo("null");
                continue;
            }
            if (v.fields().isEmpty()) {
                assertArg(k.key(), p, v.scalar(), null);
                continue;
            }
            JsonNode map = p;
            if (v.scalar() != null) {
                assertThat(names(p.get("type"))).as(k.key() + ": a name or a map").containsExactly("string", "object");
                assertThat(p.at("/else/pattern").asText()).as(k.key() + "'s bare name").isEqualTo(NAME_PATTERN);
                map = p.get("then");
            } else {
                assertThat(p.path("type").asText()).as(k.key()).isEqualTo("object");
            }
            assertThat(map.path("additionalProperties").asBoolean(true)).as(k.key() + ": no other keys").isFalse();
            assertThat(names(map.get("properties"))).as(k.key() + "'s keys")
                    .isEqualTo(v.fields().stream().map(OpKind.Field::name).toList());
            assertThat(names(map.get("required"))).as(k.key() + "'s required keys")
                    .isEqualTo(v.fields().stream().filter(OpKind.Field::required).map(OpKind.Field::name).toList());
            List<String> oneOf = new ArrayList<>();
            map.path("anyOf").forEach(alt -> oneOf.addAll(names(alt.get("required"))));
            assertThat(oneOf).as(k.key() + ": one of these keys").isEqualTo(v.oneOf());
            for (OpKind.Field f : v.fields()) {
                assertArg(k.key() + "." + f.name(), map.at("/properties/" + f.name()), f.arg(), f.description());
            }
        }
    }

    private static final String NAME_PATTERN = "^[A-Za-z_][A-Za-z0-9_]{0,39}$";

    private static void assertArg(String what, JsonNode p, OpKind.Arg arg, String description) {
        String ref = switch (arg) {
            case DURATION -> "#/$defs/duration";
            case SIZE -> "#/$defs/size";
            case FUNCTION, CHANNEL, LOCAL -> "#/$defs/name";
            case SIGNAL -> "#/$defs/signal";
            case BODY -> "#/$defs/body";
            case POINTERS -> "#/$defs/pointers";
            default -> null;
        };
        if (ref != null) {
            assertThat(p.path("$ref").asText()).as(what).isEqualTo(ref);
        }
        switch (arg) {
            case COUNT -> assertThat(List.of(p.path("type").asText(), p.path("minimum").asInt(), p.path("maximum").asInt()))
                    .as(what).isEqualTo(List.of("integer", 1, 10_000));
            case TIMES -> assertThat(List.of(p.path("type").asText(), p.path("minimum").asInt(), p.path("maximum").asInt()))
                    .as(what).isEqualTo(List.of("integer", 0, 100_000));
            case FIELD_PATH, LOAD_SOURCE -> assertThat(p.path("type").asText()).as(what).isEqualTo("string");
            case LOCAL_OR_NIL -> assertThat(names(p.get("type"))).as(what).containsExactly("string", "null");
            default -> {
            }
        }
        assertThat(p.path("description").asText(null)).as(what + "'s description").isEqualTo(description);
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
        EXAMPLES.put("settrace", "- settrace: helper");
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
        assertThat(EXAMPLES.keySet()).as("an example for every op").containsExactlyInAnyOrderElementsOf(OpKind.keys());
        for (Map.Entry<String, String> e : EXAMPLES.entrySet()) {
            Lesson l = LessonLoader.parse(lessonWith(e.getValue()), "op.yaml", "op");
            Checker.Result r = Checker.play(l, System.nanoTime());
            assertThat(r.problems()).as(e.getKey()).isEmpty();
            assertThat(r.stepsPlayed()).as(e.getKey()).isEqualTo(1);
        }
    }
}
