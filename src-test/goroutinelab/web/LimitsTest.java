package goroutinelab.web;

import com.fasterxml.jackson.databind.JsonNode;
import goroutinelab.lesson.LessonStore;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every limit of spec/protocol.md is enforced: each refusal is a typed
 * {@code limit} error (or, for whole sockets, a close code) and the session
 * goes on. Socket-level tests run the app with small limits; the clock-bound
 * ones drive a {@link Session}, or the app, with a fake clock, so they never
 * sleep.
 */
class LimitsTest {
    private static final String LESSON = "goroutines-and-run-queues";
    private static final String LOAD = "{\"op\":\"load\",\"lesson\":\"" + LESSON + "\"}";

    private static App start(Limits limits) {
        return App.start(LessonStore.bundled(), "127.0.0.1", 0, limits);
    }

    /** The app with its limits measured by a clock the test moves. */
    private static App start(Limits limits, AtomicLong clock) {
        LessonStore store = LessonStore.bundled();
        return App.start(store, "127.0.0.1", 0, limits, Access.none(), false, goroutinelab.classroom.Classroom.inMemory(store), clock::get);
    }

    private static WsClient loaded(App app) {
        WsClient c = WsClient.connect(app.port());
        c.send(LOAD);
        c.next("lesson");
        c.next("frame");
        return c;
    }

    // ---- message size ----

    @Test
    void aMessageJustUnderTheLimitIsReadAndOneJustOverIsRefusedWithLimit() {
        App app = start(Limits.defaults().withMaxMessageBytes(1000));
        try (WsClient c = loaded(app)) {
            String under = padded("{\"op\":\"step\",\"n\":1,\"pad\":\"", 1000);
            c.send(under);
            assertThat(c.next().path("type").asText()).isEqualTo("frame");
            String over = padded("{\"op\":\"step\",\"n\":1,\"pad\":\"", 1001);
            c.send(over);
            JsonNode e = c.next();
            assertThat(e.path("code").asText()).isEqualTo("limit");
            assertThat(e.path("message").asText()).contains("at most 1000 bytes");
            c.send("{\"op\":\"step\",\"n\":1}");
            assertThat(c.next("frame").path("step").asLong()).isEqualTo(2);
        } finally {
            app.stop();
        }
    }

    @Test
    void theSizeLimitCountsUtf8BytesNotCharacters() {
        // 400 Chinese characters are 400 chars but 1200 bytes
        String msg = "{\"op\":\"step\",\"pad\":\"" + "运".repeat(400) + "\"}";
        assertThat(msg.length()).isLessThan(1000);
        List<JsonNode> out = new ArrayList<>();
        Session s = session(Limits.defaults().withMaxMessageBytes(1000), out, new AtomicLong());
        s.onMessage(msg);
        assertThat(out.get(0).path("code").asText()).isEqualTo("limit");
        assertThat(Admission.utf8Length("a\u00e9\u8fd0\uD83D\uDE00", 100)).isEqualTo(1 + 2 + 3 + 4);
    }

    @Test
    void aMessageOverTheTransportCeilingClosesTheSocketWith1009AndOthersGoOn() {
        App app = start(Limits.defaults());
        try (WsClient other = loaded(app); WsClient c = loaded(app)) {
            try {
                c.send("{\"op\":\"step\",\"pad\":\"" + "a".repeat(Limits.TRANSPORT_MAX_BYTES + 10) + "\"}");
            } catch (RuntimeException closedWhileSending) {
                // the server may close before the client has finished sending
            }
            assertThat(c.awaitClose(10_000)).isEqualTo(1009);
            other.send("{\"op\":\"step\",\"n\":1}");
            assertThat(other.next("frame").path("step").asLong()).isEqualTo(1);
        } finally {
            app.stop();
        }
    }

    // ---- messages per second ----

    @Test
    void theRateLimitAdmitsExactlyNAMessagesASecondThenRefusesUntilTheNextSecond() {
        List<JsonNode> out = new ArrayList<>();
        AtomicLong clock = new AtomicLong(1_000_000);
        Session s = session(Limits.defaults().withMaxMessagesPerSecond(5), out, clock);
        s.onMessage(LOAD);
        out.clear();
        for (int i = 0; i < 4; i++) {
            s.onMessage("{\"op\":\"step\",\"n\":1}");
        }
        s.onMessage("{\"op\":\"step\",\"n\":1}");
        assertThat(types(out)).containsExactly("frame", "frame", "frame", "frame", "error");
        assertThat(out.get(4).path("code").asText()).isEqualTo("limit");
        assertThat(out.get(4).path("message").asText()).contains("at most 5 a second");
        out.clear();
        clock.addAndGet(999);
        s.onMessage("{\"op\":\"step\",\"n\":1}");
        assertThat(out.get(0).path("code").asText()).isEqualTo("limit");
        out.clear();
        clock.addAndGet(1);
        s.onMessage("{\"op\":\"step\",\"n\":1}");
        assertThat(out.get(0).path("type").asText()).isEqualTo("frame");
        assertThat(out.get(0).path("step").asLong()).as("refused messages moved nothing").isEqualTo(5);
    }

    @Test
    void overTheSocketABurstIsPartlyRefusedAndTheSessionStepsOnceASecondHasPassed() {
        AtomicLong clock = new AtomicLong(1_000_000);
        // CPU plenty: the time is stopped, so a cold load's CPU would otherwise be owed for the whole test
        App app = start(Limits.defaults().withMaxMessagesPerSecond(10).withMaxCpuMsPerSecond(60_000), clock);
        try (WsClient c = loaded(app)) {
            // the load was the window's first message: nine more are read, the other twenty-one refused
            for (int i = 0; i < 30; i++) {
                c.send("{\"op\":\"back\",\"n\":1}");
            }
            List<String> answers = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                JsonNode m = c.next();
                answers.add("frame".equals(m.path("type").asText()) ? "frame" : m.path("code").asText());
            }
            assertThat(answers).containsOnly("frame", "limit");
            assertThat(answers.stream().filter("limit"::equals).count()).isEqualTo(21);
            c.send("{\"op\":\"step\",\"n\":2}");
            assertThat(c.next().path("code").asText()).as("still the same second").isEqualTo("limit");
            clock.addAndGet(1_000);
            c.send("{\"op\":\"step\",\"n\":2}");
            JsonNode f = c.next();
            assertThat(f.path("type").asText()).isEqualTo("frame");
            assertThat(f.path("step").asLong()).isEqualTo(2);
        } finally {
            app.stop();
        }
    }

    // ---- steps per session ----

    @Test
    void stepSeekNextAndRestoreCannotPassTheSessionsStepLimit() {
        List<JsonNode> out = new ArrayList<>();
        Session s = session(Limits.defaults().withMaxStepsPerSession(10), out, new AtomicLong());
        s.onMessage(LOAD);
        out.clear();
        s.onMessage("{\"op\":\"step\",\"n\":11}");
        assertThat(out.get(0).path("code").asText()).isEqualTo("limit");
        s.onMessage("{\"op\":\"seek\",\"step\":11}");
        assertThat(out.get(1).path("code").asText()).isEqualTo("limit");
        s.onMessage("{\"op\":\"step\",\"n\":10}");
        assertThat(out.get(2).path("step").asLong()).isEqualTo(10);
        s.onMessage("{\"op\":\"step\",\"n\":1}");
        assertThat(out.get(3).path("code").asText()).isEqualTo("limit");
        assertThat(out.get(3).path("message").asText()).contains("limit of 10 steps");
        s.onMessage("{\"op\":\"next\"}");
        assertThat(out.get(4).path("code").asText()).isEqualTo("limit");
        s.onMessage("{\"op\":\"back\",\"n\":3}");
        assertThat(out.get(5).path("step").asLong()).isEqualTo(7);
        s.onMessage("{\"op\":\"load\",\"lesson\":\"" + LESSON + "\",\"history\":\"|\",\"step\":11}");
        assertThat(out.get(6).path("code").asText()).isEqualTo("limit");
        // the session is where it was
        s.onMessage("{\"op\":\"step\",\"n\":1}");
        assertThat(out.get(7).path("step").asLong()).isEqualTo(8);
    }

    @Test
    void aScriptStepThatWouldRunPastTheLimitStopsAtItAndSaysSo() {
        List<JsonNode> out = new ArrayList<>();
        Session s = session(Limits.defaults().withMaxStepsPerSession(3), out, new AtomicLong());
        s.onMessage(LOAD);
        out.clear();
        for (int i = 0; i < 6 && out.stream().noneMatch(m -> "limit".equals(m.path("code").asText())); i++) {
            s.onMessage("{\"op\":\"next\"}");
        }
        JsonNode lastFrame = out.stream().filter(m -> "frame".equals(m.path("type").asText())).reduce((a, b) -> b).orElseThrow();
        assertThat(lastFrame.path("step").asLong()).isEqualTo(3);
        assertThat(out.get(out.size() - 1).path("code").asText()).isEqualTo("limit");
    }

    @Test
    void oneMessageCannotRunMoreThanTheStepsPerMessageLimit() {
        List<JsonNode> out = new ArrayList<>();
        Session s = session(Limits.defaults().withMaxStepsPerMessage(5), out, new AtomicLong());
        s.onMessage(LOAD);
        out.clear();
        s.onMessage("{\"op\":\"step\",\"n\":6}");
        s.onMessage("{\"op\":\"seek\",\"step\":20}");
        assertThat(out).extracting(m -> m.path("code").asText()).containsExactly("limit", "limit");
    }

    // ---- sessions per server ----

    @Test
    void theServerRefusesTheSessionPastItsLimitWith1013AndKeepsTheOthers() {
        App app = start(Limits.defaults().withMaxSessions(2));
        try (WsClient a = loaded(app); WsClient b = loaded(app); WsClient c = WsClient.connect(app.port())) {
            JsonNode e = c.next();
            assertThat(e.path("code").asText()).isEqualTo("limit");
            assertThat(e.path("message").asText()).contains("server is full");
            assertThat(c.awaitClose(5000)).isEqualTo(App.CLOSE_TRY_AGAIN_LATER);
            a.send("{\"op\":\"step\",\"n\":1}");
            assertThat(a.next("frame").path("step").asLong()).isEqualTo(1);
            b.close();
            awaitSessions(app, 1);
            try (WsClient d = loaded(app)) {
                d.send("{\"op\":\"step\",\"n\":2}");
                assertThat(d.next("frame").path("step").asLong()).isEqualTo(2);
            }
        } finally {
            app.stop();
        }
    }

    // ---- idle timeout ----

    @Test
    void anIdleSessionIsToldAndClosedWith1001WhileAnActiveOneStays() {
        AtomicLong clock = new AtomicLong(1_000_000);
        App app = start(Limits.defaults().withIdleTimeoutMs(1500), clock);
        try (WsClient idle = loaded(app); WsClient active = loaded(app)) {
            clock.addAndGet(1_000);
            active.send("{\"op\":\"back\",\"n\":1}");
            active.next("frame");
            app.sweepNow();
            assertThat(app.sessionCount()).as("nobody has been idle for 1.5 s yet").isEqualTo(2);
            clock.addAndGet(600); // idle: 1.6 s without a message; active: 0.6 s
            app.sweepNow();
            JsonNode told = idle.next();
            assertThat(told.path("code").asText()).isEqualTo("limit");
            assertThat(told.path("message").asText()).contains("closed after 1 s without a message");
            assertThat(idle.awaitClose(10_000)).isEqualTo(App.CLOSE_IDLE);
            active.send("{\"op\":\"step\",\"n\":1}");
            assertThat(active.next("frame").path("step").asLong()).isEqualTo(1);
            awaitSessions(app, 1);
        } finally {
            app.stop();
        }
    }

    // ---- configuration ----

    @Test
    void nonsensicalLimitsAreRefusedAtStartUp() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Limits.defaults().withMaxSessions(0))
                .hasMessageContaining("maxSessions must be at least 1");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Limits.defaults().withMaxMessageBytes(Limits.TRANSPORT_MAX_BYTES))
                .hasMessageContaining("transport");
    }

    // ---- helpers ----

    /** The bundled lessons, read once for all the in-process sessions of the tests. */
    static final LessonStore BUNDLED = LessonStore.bundled();

    static Session session(Limits limits, List<JsonNode> out, AtomicLong clock) {
        return new Session(BUNDLED, limits, into(out), clock::get);
    }

    /** A session's output, parsed, into a list. */
    static java.util.function.Consumer<String> into(List<JsonNode> out) {
        return text -> {
            try {
                out.add(WireFormat.JSON.readTree(text));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        };
    }

    private static List<String> types(List<JsonNode> out) {
        return out.stream().map(m -> m.path("type").asText()).toList();
    }

    /** A JSON message of exactly {@code bytes} ASCII bytes: head, then 'a's, then "}. */
    private static String padded(String head, int bytes) {
        return head + "a".repeat(bytes - head.length() - 2) + "\"}";
    }

    static void awaitSessions(App app, int n) {
        for (int i = 0; i < 100 && app.sessionCount() != n; i++) {
            sleepQuietly(50);
        }
        assertThat(app.sessionCount()).isEqualTo(n);
    }

    private static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
