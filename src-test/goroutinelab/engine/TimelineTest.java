package goroutinelab.engine;

import goroutinelab.engine.runtime.GoRuntime;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Back, seek and injections replay exactly (engine/Timeline). */
class TimelineTest {

    private static Timeline timeline(long seed, long interval) {
        RandomPrograms.Case c = RandomPrograms.generate(seed);
        return new Timeline(new GoRuntime(c.program(), c.config()), interval);
    }

    @Test
    void seekingBackAndForthGivesTheSameEngineStateAsPlayingStraight() {
        for (long seed = 1; seed <= 30; seed++) {
            long s = seed;
            InvariantRun.assertSeekMatchesStraightPlay(() -> timeline(s, 16), "seed " + seed);
        }
    }

    @Test
    void anInjectionIsReplayedAtItsStepAndForksHistory() {
        Harness.ProgBuilder p = Harness.prog().fn("main", new Op.Go("w", 3), new Op.Compute(Harness.ms(5)))
                .fn("w", new Op.Compute(Harness.us(200)));
        Timeline t = new Timeline(new GoRuntime(p.build(), RuntimeConfig.DEFAULT.withGomaxprocs(2)), 4);
        for (int i = 0; i < 5; i++) {
            t.forward();
        }
        t.inject(new Injection.StartGoroutine("w"));
        for (int i = 0; i < 20; i++) {
            t.forward();
        }
        long at = t.step();
        Map<String, Object> before = t.engine().snapshot();
        String whole = StateDigest.of(t.engine());
        t.seek(2);
        t.seek(at);
        assertThat(t.engine().snapshot()).isEqualTo(before);
        assertThat(StateDigest.of(t.engine())).isEqualTo(whole);
        assertThat(t.log()).containsKey(5L);
        t.seek(3);
        t.inject(new Injection.StartGoroutine("w"));
        assertThat(t.log()).containsOnlyKeys(3L);
        assertThat(t.furthest()).isEqualTo(3);
    }

    @Test
    void aRunToATimeReplaysItsSilentActionsAtTheirOwnTimes() {
        for (long seed = 1; seed <= 40; seed++) {
            RandomPrograms.Case c = RandomPrograms.generate(seed);
            Timeline t = new Timeline(new GoRuntime(c.program(), c.config()), 8);
            for (int i = 0; i < 30 && t.forward() != null; i++) {
                // some steps
            }
            long target = t.engine().now() + 1_234_567;
            while (t.forward(target) != null) {
                // run to a time, ending between events
            }
            for (int i = 0; i < 30 && t.forward() != null; i++) {
                // and beyond
            }
            long end = t.step();
            Map<String, Object> straight = t.engine().snapshot();
            String whole = StateDigest.of(t.engine());
            t.seek(1);
            t.seek(end);
            assertThat(t.engine().snapshot()).as("seed " + seed).isEqualTo(straight);
            assertThat(StateDigest.of(t.engine())).as("seed " + seed + ": the whole engine state").isEqualTo(whole);
        }
    }

    @Test
    void checkpointsStayBoundedOnALongRun() {
        Harness.ProgBuilder p = Harness.prog().fn("main", new Op.Repeat(100_000, java.util.List.of(new Op.Go("w", 1), new Op.Compute(1000))))
                .fn("w", new Op.Compute(500));
        Timeline t = new Timeline(new GoRuntime(p.build(), RuntimeConfig.DEFAULT.withGomaxprocs(2)), 64);
        for (int i = 0; i < 200_000 && t.forward() != null; i++) {
            // run
        }
        assertThat(t.checkpointCount()).isLessThanOrEqualTo(Timeline.MAX_CHECKPOINTS);
        long end = t.step();
        Map<String, Object> snap = t.engine().snapshot();
        String whole = StateDigest.of(t.engine());
        t.seek(end / 2);
        t.seek(end);
        assertThat(t.engine().snapshot()).isEqualTo(snap);
        assertThat(StateDigest.of(t.engine())).isEqualTo(whole);
    }

    @Test
    void aWorldLargerThanTheCheckpointBytesKeepsFewerCheckpointsAndStillSeeksExactly() {
        Harness.ProgBuilder p = Harness.prog().fn("main", new Op.Go("w", 300), new Op.Repeat(100_000, java.util.List.of(new Op.Compute(1000))))
                .fn("w", new Op.Repeat(100_000, java.util.List.of(new Op.Compute(500), new Op.Gosched())));
        GoRuntime world = new GoRuntime(p.build(), RuntimeConfig.DEFAULT.withGomaxprocs(2));
        // room for three worlds of three hundred goroutines at most: fewer than the eight a smaller world keeps
        long bytes = 3 * (8192 + 600L * 300);
        Timeline t = new Timeline(world, 64, bytes);
        for (int i = 0; i < 60_000 && t.forward() != null; i++) {
            // run
        }
        assertThat(t.checkpointCount()).isBetween(1, 3);
        assertThat(t.approximateBytes()).isEqualTo((t.checkpointCount() + 2L) * t.engine().approximateBytes());
        long end = t.step();
        String whole = StateDigest.of(t.engine());
        t.seek(end / 3);
        assertThat(t.checkpointBefore(end / 3)).isLessThan(end / 3);
        t.seek(end);
        assertThat(StateDigest.of(t.engine())).isEqualTo(whole);
    }
}
