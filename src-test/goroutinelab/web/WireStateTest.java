package goroutinelab.web;

import com.fasterxml.jackson.databind.JsonNode;
import goroutinelab.engine.EventKind;
import goroutinelab.lesson.LessonLoader;
import goroutinelab.lesson.Player;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A frame's state leaves out every event count of 0 (docs/spec/frame.md: an
 * absent kind reads 0); the engine's snapshot, which lesson paths read, keeps
 * every kind.
 */
class WireStateTest {

    private static Player played(String lesson, int steps) throws Exception {
        Player p = new Player(LessonLoader.load(Path.of("lessons", lesson + ".yaml")));
        p.step(steps);
        return p;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> at(Map<String, Object> m, String... path) {
        Map<String, Object> at = m;
        for (String k : path) {
            at = (Map<String, Object>) at.get(k);
        }
        return at;
    }

    private static Map<String, Object> nonZero(Map<String, Object> counts) {
        Map<String, Object> out = new LinkedHashMap<>();
        counts.forEach((k, v) -> {
            if (((Number) v).longValue() != 0) {
                out.put(k, v);
            }
        });
        return out;
    }

    /** The wire's counts are the snapshot's above 0, in order; the snapshot still has every kind. */
    private static void trimmedAt(Map<String, Object> snapshot, Map<String, Object> wire, String... statsAt) {
        Map<String, Object> all = at(snapshot, statsAt);
        Map<String, Object> sent = at(wire, statsAt);
        Map<String, Object> counts = at(all, "events");
        assertThat(counts).hasSize(EventKind.values().length).containsEntry("sigdrop", 0L);
        assertThat(nonZero(counts)).as("some events happened").isNotEmpty();
        assertThat(new ArrayList<>(at(sent, "events").entrySet())).isEqualTo(new ArrayList<>(nonZero(counts).entrySet()));
        assertThat(sent.keySet()).isEqualTo(all.keySet());
        for (String k : all.keySet()) {
            if (!k.equals("events")) {
                assertThat(sent.get(k)).as(k).isEqualTo(all.get(k));
            }
        }
    }

    @Test
    void aGoStateLeavesOutTheZeroCountsAndKeepsEverythingElse() throws Exception {
        Map<String, Object> snapshot = played("goroutines-and-run-queues", 12).engine().snapshot();
        Map<String, Object> wire = WireState.of(snapshot);
        trimmedAt(snapshot, wire, "stats");
        assertThat(new ArrayList<>(wire.keySet())).as("the same fields in the same order").isEqualTo(new ArrayList<>(snapshot.keySet()));
        for (String k : snapshot.keySet()) {
            if (!k.equals("stats")) {
                assertThat(wire.get(k)).as(k + " is the snapshot's own").isSameAs(snapshot.get(k));
            }
        }
    }

    @Test
    void bothSidesOfACompareStateAndTheInterpretersOwnAreTrimmed() throws Exception {
        Map<String, Object> compare = played("interpreter-vs-runtime", 40).engine().snapshot();
        Map<String, Object> wire = WireState.of(compare);
        trimmedAt(compare, wire, "go", "stats");
        trimmedAt(compare, wire, "cpython", "stats");

        Map<String, Object> cpython = played("signals-in-the-interpreter", 20).engine().snapshot();
        Map<String, Object> sent = WireState.of(cpython);
        trimmedAt(cpython, sent, "stats");
        trimmedAt(cpython, sent, "cpython", "stats");
    }

    @Test
    void aStateWithNoZeroCountIsSentAsItIs() {
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("events", new LinkedHashMap<>(Map.of("execute", 3L)));
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("step", 4L);
        state.put("stats", stats);
        assertThat(WireState.of(state)).isSameAs(state);
        assertThat(WireState.of(null)).isNull();
    }

    /** What a session sends, whole or as patches, never carries a count of 0, and a count's first event is an add. */
    @Test
    void noFrameCarriesAZeroCountAndAFirstEventAddsItsCount() {
        for (String load : List.of("", ",\"patch\":true", ",\"patch\":true,\"sequence\":24")) {
            List<JsonNode> out = new ArrayList<>();
            Session s = LimitsTest.session(Limits.defaults().withMaxMessagesPerSecond(1_000_000).withMaxCpuMsPerSecond(100_000),
                    out, new java.util.concurrent.atomic.AtomicLong());
            s.onMessage("{\"op\":\"load\",\"lesson\":\"goroutines-and-run-queues\"" + load + "}");
            int adds = 0;
            for (int i = 0; i < 60; i++) {
                s.onMessage(i % 10 == 9 ? "{\"op\":\"back\",\"n\":2}" : "{\"op\":\"step\",\"n\":1}");
            }
            int frames = 0;
            for (JsonNode f : out) {
                if (!"frame".equals(f.path("type").asText())) {
                    continue;
                }
                frames++;
                if (f.has("state")) {
                    JsonNode counts = f.path("state").path("stats").path("events");
                    assertThat(counts.isObject()).as(load).isTrue();
                    counts.fields().forEachRemaining(e -> assertThat(e.getValue().asLong()).as(load + " " + e.getKey()).isPositive());
                }
                List<JsonNode> patches = new ArrayList<>();
                patches.add(f.path("patch"));
                f.path("steps").forEach(st -> patches.add(st.path("patch")));
                for (JsonNode patch : patches) {
                    for (JsonNode op : patch) {
                        String path = op.path("path").asText();
                        if (path.startsWith("/stats/events/")) {
                            assertThat(op.path("op").asText()).as(load + " " + op).isIn("add", "replace", "remove");
                            if (!op.path("op").asText().equals("remove")) {
                                assertThat(op.path("value").asLong()).as(load + " " + op).isPositive();
                            }
                            if (op.path("op").asText().equals("add")) {
                                adds++;
                            }
                        }
                    }
                }
            }
            assertThat(frames).isGreaterThan(60);
            if (!load.isEmpty()) {
                assertThat(adds).as(load + ": an event kind's first time is an add").isPositive();
            }
        }
    }
}
