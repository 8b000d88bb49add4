package goroutinelab.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import goroutinelab.lesson.LessonStore;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A browser that loads with {@code "patch": true} gets forward moves as RFC
 * 6902 patches; applied in order, they give exactly the states a browser
 * without patches is sent. A simple client (no "patch") always gets state.
 */
class PatchTest {
    private static final String[] MOVES = {"{\"op\":\"step\",\"n\":1}", "{\"op\":\"step\",\"n\":7}", "{\"op\":\"next\"}",
            "{\"op\":\"back\",\"n\":3}", "{\"op\":\"seek\",\"step\":40}", "{\"op\":\"inject\",\"go\":\"worker\"}",
            "{\"op\":\"step\",\"n\":1}", "{\"op\":\"step\",\"n\":2}", "{\"op\":\"reset\"}", "{\"op\":\"lang\",\"lang\":\"zh\"}",
            "{\"op\":\"lesson\"}"};
    /** In the large world: moves that stay in it (its first script step starts a thousand goroutines). */
    private static final String[] LARGE_MOVES = {"{\"op\":\"step\",\"n\":1}", "{\"op\":\"step\",\"n\":7}",
            "{\"op\":\"back\",\"n\":3}", "{\"op\":\"step\",\"n\":2}", "{\"op\":\"inject\",\"go\":\"worker\"}",
            "{\"op\":\"lang\",\"lang\":\"zh\"}", "{\"op\":\"lesson\"}"};

    private static Session session(LessonStore store, List<JsonNode> out) {
        return new Session(store, Limits.defaults().withMaxMessagesPerSecond(1_000_000).withMaxCpuMsPerSecond(100_000),
                LimitsTest.into(out), new AtomicLong()::get);
    }

    private static JsonNode lastFrame(List<JsonNode> out) {
        for (int i = out.size() - 1; i >= 0; i--) {
            if ("frame".equals(out.get(i).path("type").asText())) {
                return out.get(i);
            }
        }
        return null;
    }

    @Test
    void aPageThatDoesNotAskToHaveOperationsSentOnceGetsEveryStepsPatch() {
        // a page loaded before sendOnce existed (its script still open during a redeploy) applies every step's patch
        List<JsonNode> oldOut = new ArrayList<>();
        List<JsonNode> newOut = new ArrayList<>();
        Session old = session(LimitsTest.BUNDLED, oldOut);
        Session now = session(LimitsTest.BUNDLED, newOut);
        old.onMessage("{\"op\":\"load\",\"lesson\":\"goroutines-and-run-queues\",\"patch\":true,\"sequence\":24}");
        now.onMessage("{\"op\":\"load\",\"lesson\":\"goroutines-and-run-queues\",\"patch\":true,\"sequence\":24,\"sendOnce\":true}");
        int steps = 0;
        int withoutPatch = 0;
        for (int i = 0; i < 30; i++) {
            String m = i % 3 == 2 ? "{\"op\":\"next\"}" : "{\"op\":\"step\",\"n\":1}";
            old.onMessage(m);
            now.onMessage(m);
            for (JsonNode st : lastFrame(oldOut).path("steps")) {
                assertThat(st.has("patch")).as("move %d %s: %s", i, m, st).isTrue();
                steps++;
            }
            for (JsonNode st : lastFrame(newOut).path("steps")) {
                withoutPatch += st.has("patch") ? 0 : 1;
            }
        }
        assertThat(steps).as("the old page's moves were sequenced").isGreaterThan(20);
        assertThat(withoutPatch).as("the same moves, for a page that asked, sent some operations once").isGreaterThan(10);
    }

    @Test
    void patchesAppliedInOrderGiveTheSameStatesAsFullFrames() throws Exception {
        Path dir = Files.createTempDirectory("lessons");
        try (var in = PatchTest.class.getResourceAsStream("/bench/thousand-goroutines.yaml")) {
            Files.write(dir.resolve("thousand-goroutines.yaml"), in.readAllBytes());
        }
        for (String lesson : List.of("goroutines-and-run-queues", "thousand-goroutines")) {
            LessonStore store = lesson.equals("thousand-goroutines") ? LessonStore.folder(dir) : LimitsTest.BUNDLED;
            List<JsonNode> plainOut = new ArrayList<>();
            List<JsonNode> patchedOut = new ArrayList<>();
            List<JsonNode> pageOut = new ArrayList<>();
            Session plain = session(store, plainOut);
            Session patched = session(store, patchedOut);
            Session page = session(store, pageOut);
            plain.onMessage("{\"op\":\"load\",\"lesson\":\"" + lesson + "\"}");
            patched.onMessage("{\"op\":\"load\",\"lesson\":\"" + lesson + "\",\"patch\":true}");
            page.onMessage("{\"op\":\"load\",\"lesson\":\"" + lesson + "\",\"patch\":true,\"sequence\":24,\"sendOnce\":true}");
            ObjectNode browser = (ObjectNode) lastFrame(patchedOut).path("state").deepCopy();
            ObjectNode pageBrowser = (ObjectNode) lastFrame(pageOut).path("state").deepCopy();
            int sequenced = 0;
            int endedAtLast = 0;
            SplittableRandom r = new SplittableRandom(11);
            int patches = 0;
            long patchBytes = 0;
            int large = 0;
            long stateBytes = 0;
            for (int i = 0; i < 300; i++) {
                String[] moves = lesson.equals("thousand-goroutines") ? LARGE_MOVES : MOVES;
                String m = i == 0 && moves == LARGE_MOVES ? "{\"op\":\"next\"}" : moves[r.nextInt(moves.length)];
                plainOut.clear();
                patchedOut.clear();
                pageOut.clear();
                plain.onMessage(m);
                patched.onMessage(m);
                page.onMessage(m);
                JsonNode full = lastFrame(plainOut);
                JsonNode f = lastFrame(patchedOut);
                JsonNode pf = lastFrame(pageOut);
                if (full == null) {
                    // refused in both (Next in the learner's own run): nothing changed
                    assertThat(f).isNull();
                    assertThat(pf).isNull();
                    continue;
                }
                // as the page loads: the events one at a time, then the frame's end, which is the plain frame's state
                if (pf.has("patch")) {
                    if (pf.has("steps")) {
                        ObjectNode end = pageBrowser.deepCopy();
                        apply(end, pf.path("patch"));
                        ObjectNode shown = pageBrowser.deepCopy();
                        for (JsonNode st : pf.path("steps")) {
                            if (st.has("patch")) {
                                apply(shown, st.path("patch"));
                            } else {
                                // no patch: the state after this event is the frame's own, and only the last may say so
                                assertThat(st).as("%s move %d %s", lesson, i, m).isEqualTo(pf.path("steps").get(pf.path("steps").size() - 1));
                                shown = end.deepCopy();
                                endedAtLast++;
                            }
                        }
                        if (m.contains("\"step\"")) {
                            // a step's last event is where it ends
                            assertThat(shown).as("%s move %d %s: the last event's state", lesson, i, m).isEqualTo(full.path("state"));
                        }
                        sequenced++;
                    }
                    apply(pageBrowser, pf.path("patch"));
                } else {
                    pageBrowser = (ObjectNode) pf.path("state").deepCopy();
                }
                assertThat(pageBrowser).as("%s move %d %s, as the page", lesson, i, m).isEqualTo(full.path("state"));
                assertThat(full.has("state")).as("a simple client always gets state").isTrue();
                if (f.has("patch")) {
                    assertThat(f.has("state")).isFalse();
                    apply(browser, f.path("patch"));
                    patches++;
                    int stateLength = full.path("state").toString().length();
                    if (stateLength > 50_000) {
                        // a large world: where patching matters
                        large++;
                        patchBytes += f.path("patch").toString().length();
                        stateBytes += stateLength;
                    }
                } else {
                    browser = (ObjectNode) f.path("state").deepCopy();
                }
                assertThat(browser).as("%s move %d %s", lesson, i, m).isEqualTo(full.path("state"));
                assertThat(f.path("step")).isEqualTo(full.path("step"));
            }
            assertThat(patches).as(lesson + ": forward moves were patched").isGreaterThan(50);
            assertThat(sequenced).as(lesson + ": forward moves were shown event by event").isGreaterThan(50);
            assertThat(endedAtLast).as(lesson + ": a move that ends at its last event does not send that event's patch again")
                    .isGreaterThan(0);
            System.out.printf("PatchTest %s: %d patches; in a large world %d patches, %d bytes against %d bytes of state%n",
                    lesson, patches, large, patchBytes, stateBytes);
            if (lesson.equals("thousand-goroutines")) {
                assertThat(large).as("moves in the large world").isGreaterThan(20);
                assertThat(patchBytes * 20).as("patches are a small part of the states").isLessThan(stateBytes);
            }
        }
    }

    @Test
    void patchMustBeABoolean() {
        List<JsonNode> out = new ArrayList<>();
        Session s = session(LimitsTest.BUNDLED, out);
        s.onMessage("{\"op\":\"load\",\"lesson\":\"goroutines-and-run-queues\",\"patch\":\"yes\"}");
        assertThat(out.get(0).path("code").asText()).isEqualTo("bad_request");
    }

    /** A minimal RFC 6902 applier for what the server sends: add, remove, replace on object members. */
    static void apply(ObjectNode doc, JsonNode patch) {
        for (JsonNode op : patch) {
            String[] parts = op.path("path").asText().substring(1).split("/", -1);
            ObjectNode parent = doc;
            for (int i = 0; i < parts.length - 1; i++) {
                parent = (ObjectNode) parent.get(unescape(parts[i]));
            }
            String key = unescape(parts[parts.length - 1]);
            switch (op.path("op").asText()) {
                case "add", "replace" -> parent.set(key, op.get("value").deepCopy());
                case "remove" -> parent.remove(key);
                default -> throw new AssertionError("unexpected op " + op);
            }
        }
    }

    private static String unescape(String s) {
        return s.replace("~1", "/").replace("~0", "~");
    }
}
