package goroutinelab.engine.runtime;

import goroutinelab.engine.Engine;
import goroutinelab.engine.Event;
import goroutinelab.engine.EventKind;
import goroutinelab.engine.InvariantRun;
import goroutinelab.engine.RandomPrograms;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many seeded random programs, each run with the scheduler's invariants checked
 * after every step. A failure names the seed that reproduces it.
 */
class RandomInvariantsTest {
    static final int SEEDS = 1_000;
    static final int STEPS = 2_000;

    @Test
    void invariantsHoldAfterEveryStepForAThousandSeeds() {
        List<String> failures = new ArrayList<>();
        long totalSteps = 0;
        for (long seed = 1; seed <= SEEDS && failures.size() < 5; seed++) {
            RandomPrograms.Case c = RandomPrograms.generate(seed);
            InvariantRun run = InvariantRun.play(new GoRuntime(c.program(), c.config()), seed, STEPS);
            if (!run.ok()) {
                failures.add(run.failure());
            }
            totalSteps += run.steps();
        }
        assertThat(failures).as("reproduce with RandomPrograms.generate(seed)").isEmpty();
        assertThat(totalSteps).isGreaterThan(SEEDS * 20L);
    }

    /** The generator's programs reach the collector and signal delivery, not only the scheduler. */
    @Test
    void theRandomProgramsMarkSweepAndDeliverSignals() {
        java.util.Set<EventKind> seen = java.util.EnumSet.noneOf(EventKind.class);
        for (long seed = 1; seed <= 200; seed++) {
            RandomPrograms.Case c = RandomPrograms.generate(seed);
            Engine e = new GoRuntime(c.program(), c.config());
            for (int i = 0; i < STEPS; i++) {
                Event ev = e.step();
                if (ev == null) {
                    break;
                }
                seen.add(ev.kind());
            }
        }
        assertThat(seen).contains(EventKind.MALLOCGC, EventKind.GC_START, EventKind.MARKROOT, EventKind.SCANOBJECT,
                EventKind.WRITEBARRIER, EventKind.GC_ASSIST_ALLOC, EventKind.GC_MARK_TERMINATION, EventKind.SWEEP,
                EventKind.FREE, EventKind.NOTIFY, EventKind.SIGHANDLER, EventKind.SIGSEND, EventKind.SIGNAL_RECV,
                EventKind.SIGDROP, EventKind.PREEMPTM, EventKind.RUNQSTEAL, EventKind.RETAKE);
    }

    @Test
    void aSeedReproducesItsRunExactly() {
        for (long seed = 1; seed <= 50; seed++) {
            RandomPrograms.Case c = RandomPrograms.generate(seed);
            assertThat(run(c)).isEqualTo(run(c));
        }
    }

    private static String run(RandomPrograms.Case c) {
        Engine e = new GoRuntime(c.program(), c.config());
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 1_000; i++) {
            Event ev = e.step();
            if (ev == null) {
                break;
            }
            sb.append(ev).append('\n');
        }
        return sb.toString();
    }
}
