package goroutinelab.web;

import com.fasterxml.jackson.databind.JsonNode;
import goroutinelab.lesson.LessonStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A socket's share of the CPU holds inside a move, not only between
 * messages: a move that would run longer than its share stops in the engine
 * loop and shows where it got to; what a move overran is owed across
 * seconds; a Next over a script step longer than one message, and the
 * lesson's map played for it, are cut into several messages. The CPU is a
 * fake meter: every read of it costs a fixed amount, or a frame sent costs
 * one (the engine reads it every few hundred steps), so nothing depends on
 * the machine's speed.
 */
class HeavyMovesTest {
    /** endless.yaml never ends; long.yaml has a script step of 50,000 engine steps. */
    static LessonStore store;

    @BeforeAll
    static void lessons() throws IOException {
        Path dir = Files.createTempDirectory("heavy-lessons");
        try (InputStream in = HeavyMovesTest.class.getResourceAsStream("/bench/endless.yaml")) {
            Files.write(dir.resolve("endless.yaml"), in.readAllBytes());
        }
        Files.writeString(dir.resolve("long-step.yaml"), """
                format: 1
                id: long-step
                title: A script step of fifty thousand steps
                runtime: {gomaxprocs: 2, seed: 5}
                functions:
                  main:
                    - go: {fn: worker, count: 2}
                    - repeat: {times: 100000, do: [{compute: 100us}, gosched]}
                  worker:
                    - repeat: {times: 100000, do: [{compute: 50us}, {sleep: 20us}]}
                steps:
                  - say: A long way.
                    run: {steps: 50000}
                  - say: Then a little more.
                    run: {steps: 10}
                """);
        store = LessonStore.folder(dir);
    }

    private static Session session(Limits limits, List<JsonNode> out, AtomicLong clock, AtomicLong cpu) {
        return new Session(store, limits, LimitsTest.into(out), clock::get, cpu::get);
    }

    @Test
    void aMoveLongerThanItsSocketsShareStopsInsideTheEngineLoopAndShowsWhereItGotTo() {
        List<JsonNode> out = new ArrayList<>();
        AtomicLong clock = new AtomicLong(10_000);
        AtomicLong cpu = new AtomicLong();
        // every read of the meter costs 1 ms: a 100 ms share is spent after about a hundred reports
        Session s = new Session(store, Limits.defaults().withMaxCpuMsPerSecond(100), LimitsTest.into(out), clock::get,
                () -> cpu.addAndGet(1_000_000));
        s.onMessage("{\"op\":\"load\",\"lesson\":\"endless\"}");
        clock.addAndGet(1000);
        out.clear();
        s.onMessage("{\"op\":\"step\",\"n\":100000}");
        assertThat(out).hasSize(2);
        JsonNode frame = out.get(0);
        assertThat(frame.path("type").asText()).isEqualTo("frame");
        long reached = frame.path("step").asLong();
        assertThat(reached).as("the move stopped in the engine loop, well short of 100,000 steps").isBetween(1L, 60_000L);
        assertThat(frame.path("ended").asBoolean()).isFalse();
        JsonNode why = out.get(1);
        assertThat(why.path("code").asText()).isEqualTo("limit");
        assertThat(why.path("message").asText()).contains("stopped at step " + reached)
                .contains("share of the server's time (100 ms a second)");
        // the session goes on from there once it has earned its share back
        clock.addAndGet(2000);
        out.clear();
        s.onMessage("{\"op\":\"step\",\"n\":1}");
        assertThat(out.get(0).path("step").asLong()).isEqualTo(reached + 1);
    }

    @Test
    void whatAMoveOverranIsOwedAcrossSecondsUntilItIsEarnedBack() {
        List<JsonNode> out = new ArrayList<>();
        AtomicLong clock = new AtomicLong(10_000);
        AtomicLong cpu = new AtomicLong();
        // each frame sent stands for a move that took 350 ms: three and a half seconds' worth of a 100 ms share
        Session s = new Session(store, Limits.defaults().withMaxCpuMsPerSecond(100), text -> {
            LimitsTest.into(out).accept(text);
            if (text.startsWith("{\"type\":\"frame\"")) {
                cpu.addAndGet(350_000_000);
            }
        }, clock::get, cpu::get);
        s.onMessage("{\"op\":\"load\",\"lesson\":\"endless\"}");
        out.clear();
        s.onMessage("{\"op\":\"step\",\"n\":1}");
        assertThat(out.get(0).path("code").asText()).isEqualTo("limit");
        assertThat(out.get(0).path("message").asText()).contains("100 ms of the server's time a second").contains("250 ms more");
        out.clear();
        clock.addAndGet(1000);
        s.onMessage("{\"op\":\"step\",\"n\":1}");
        assertThat(out.get(0).path("code").asText()).as("a new second does not forgive what is owed").isEqualTo("limit");
        out.clear();
        clock.addAndGet(1500);
        s.onMessage("{\"op\":\"step\",\"n\":1}");
        assertThat(out.get(0).path("code").asText()).isEqualTo("limit");
        out.clear();
        clock.addAndGet(1000);
        s.onMessage("{\"op\":\"step\",\"n\":1}");
        assertThat(out.get(0).path("step").asLong()).as("earned back after 3.5 s, and nothing was lost").isEqualTo(1);
    }

    @Test
    void aTabThatHasHadItsShareIsRefusedUntilItHasEarnedItBack() {
        List<JsonNode> out = new ArrayList<>();
        AtomicLong clock = new AtomicLong(5_000);
        AtomicLong cpu = new AtomicLong();
        // each frame stands for 60 ms of CPU
        Session s = new Session(LimitsTest.BUNDLED, Limits.defaults().withMaxCpuMsPerSecond(100), text -> {
            LimitsTest.into(out).accept(text);
            if (text.startsWith("{\"type\":\"frame\"")) {
                cpu.addAndGet(60_000_000);
            }
        }, clock::get, cpu::get);
        s.onMessage("{\"op\":\"load\",\"lesson\":\"goroutines-and-run-queues\"}");
        s.onMessage("{\"op\":\"step\",\"n\":1}");
        out.clear();
        s.onMessage("{\"op\":\"step\",\"n\":1}");
        assertThat(out.get(0).path("code").asText()).isEqualTo("limit");
        assertThat(out.get(0).path("message").asText()).contains("100 ms of the server's time");
        out.clear();
        clock.addAndGet(1000);
        s.onMessage("{\"op\":\"step\",\"n\":1}");
        assertThat(out.get(0).path("step").asLong()).as("earned back, and nothing was lost").isEqualTo(2);
    }

    @Test
    void aNextOverAScriptStepLongerThanOneMessageIsCutIntoSeveralAndEachGoesOnWhereTheLastStopped() {
        List<JsonNode> out = new ArrayList<>();
        AtomicLong clock = new AtomicLong(10_000);
        Session s = session(Limits.defaults().withMaxStepsPerMessage(20_000), out, clock, new AtomicLong());
        s.onMessage("{\"op\":\"load\",\"lesson\":\"long-step\"}");
        long at = 0;
        int messages = 0;
        JsonNode frame = null;
        while (messages < 20 && (frame == null || frame.path("script").path("index").asInt() != 1
                || !frame.path("script").path("atEnd").asBoolean())) {
            out.clear();
            s.onMessage("{\"op\":\"next\"}");
            messages++;
            frame = out.get(0);
            assertThat(frame.path("type").asText()).isEqualTo("frame");
            long step = frame.path("step").asLong();
            assertThat(step - at).as("one message runs at most its 20,000 steps").isBetween(0L, 20_000L);
            if (step < 50_000) {
                assertThat(out.get(1).path("message").asText()).contains("stopped at step " + step)
                        .contains("one message runs at most 20000 engine steps")
                        .contains("press Next again");
            }
            at = step;
        }
        assertThat(frame.path("step").asLong()).isEqualTo(50_000);
        assertThat(frame.path("script").path("index").asInt()).as("still the first script step, now at its end").isEqualTo(1);
        // the lesson's map (50,000 steps) and the session's run (50,000) took at least five messages of 20,000
        assertThat(messages).isGreaterThanOrEqualTo(5);
        out.clear();
        s.onMessage("{\"op\":\"next\"}");
        assertThat(out.get(0).path("step").asLong()).isEqualTo(50_010);
        assertThat(out.get(0).path("script").path("index").asInt()).isEqualTo(2);
    }

    @Test
    void aLinkThatNeedsMoreThanOneMessagesStepsToRebuildIsRefusedAndTheSessionKeepsWhatItHad() {
        List<JsonNode> out = new ArrayList<>();
        Session s = session(Limits.defaults().withMaxStepsPerMessage(1000), out, new AtomicLong(), new AtomicLong());
        s.onMessage("{\"op\":\"load\",\"lesson\":\"endless\",\"step\":10}");
        s.onMessage("{\"op\":\"inject\",\"gc\":true}");
        String token = out.get(out.size() - 1).path("history").asText();
        assertThat(token).endsWith(".10g");
        out.clear();
        s.onMessage("{\"op\":\"load\",\"lesson\":\"endless\",\"step\":1001}");
        assertThat(out.get(0).path("code").asText()).isEqualTo("limit");
        assertThat(out.get(0).path("message").asText()).contains("step 1001").contains("at most 1000 steps");
        // an injection beyond the limit needs as much replay as a step there
        s.onMessage("{\"op\":\"load\",\"lesson\":\"endless\",\"step\":20,\"history\":\"" + token + ",1500g\"}");
        assertThat(out.get(1).path("code").asText()).isEqualTo("limit");
        assertThat(out.get(1).path("message").asText()).contains("an injection at step 1500");
        // the session is where it was: its own run, forked at step 10
        s.onMessage("{\"op\":\"step\",\"n\":1}");
        assertThat(out.get(2).path("step").asLong()).isEqualTo(11);
        assertThat(out.get(2).path("history").asText()).isEqualTo(token);
        // up to the limit is fine
        s.onMessage("{\"op\":\"load\",\"lesson\":\"endless\",\"step\":1000}");
        assertThat(out.get(out.size() - 1).path("step").asLong()).isEqualTo(1000);
    }
}
