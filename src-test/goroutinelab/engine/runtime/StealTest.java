package goroutinelab.engine.runtime;

import goroutinelab.engine.Event;
import goroutinelab.engine.EventKind;
import goroutinelab.engine.Harness;
import goroutinelab.engine.Op;
import org.junit.jupiter.api.Test;

import java.util.List;

import static goroutinelab.engine.Harness.ms;
import static goroutinelab.engine.Harness.prog;
import static goroutinelab.engine.Harness.us;
import static org.assertj.core.api.Assertions.assertThat;

/** wakep, spinning Ms, stealWork, runqsteal (runtime/proc.go). */
class StealTest {

    @Test
    void anIdlePIsWokenAndStealsHalfOfABusyPsQueue() {
        Harness h = Harness.go(prog().fn("main", new Op.Go("w", 5), new Op.Compute(ms(2)))
                .fn("w", new Op.Compute(ms(1))).build(), 2);
        Event wake = h.until(EventKind.WAKEP);
        assertThat(wake.p()).isEqualTo(1);
        Event newm = h.until(EventKind.NEWM);
        assertThat(newm.detail()).containsEntry("spinning", true);
        Event steal = h.until(EventKind.RUNQSTEAL);
        assertThat(steal.p()).isEqualTo(1);
        assertThat(steal.detail()).containsEntry("from", 0);
        // P0's queue held G2..G5 behind runnext G6: the thief takes half, rounded up, and runs the last it took.
        @SuppressWarnings("unchecked")
        List<Integer> moved = (List<Integer>) steal.detail().get("moved");
        assertThat(moved).containsExactly(2, 3);
        assertThat(steal.g()).isEqualTo(3);
        assertThat(h.at("p.1.runq")).isEqualTo(List.of(2));
        assertThat(h.at("p.0.runq")).isEqualTo(List.of(4, 5));
    }

    @Test
    void runnextIsStolenOnlyOnTheLastPassAfterTheVictimsChanceToRunIt() {
        Harness h = Harness.go(prog().fn("main", new Op.Go("w", 1), new Op.Compute(ms(1)))
                .fn("w", new Op.Compute(us(50))).build(), 2);
        Event steal = h.until(EventKind.RUNQSTEAL);
        assertThat(steal.detail()).containsEntry("runnext", true);
        assertThat(steal.g()).isEqualTo(2);
        assertThat(steal.text().in("en")).contains("usleep(3)");
        assertThat(h.at("p.0.runnext")).isNull();
    }

    @Test
    void aSpinningMThatFindsNothingGivesUpItsPAndSleeps() {
        // w runs longer than a new thread takes to start, so the second spinner gives up while w still runs
        Harness h = Harness.go(prog().fn("main", new Op.Compute(us(100)), new Op.Go("w", 1), new Op.Compute(ms(1)))
                .fn("w", new Op.Compute(us(100))).build(), 3);
        h.until(EventKind.RUNQSTEAL);
        Event stop = h.until(EventKind.STOPM);
        assertThat(stop.text().in("en")).contains("found no work");
        assertThat((List<?>) h.at("sched.pidle")).isNotEmpty();
        assertThat(h.at("sched.nmspinning")).isEqualTo(0);
    }

    @Test
    void aPBeingHandedOffIsNotIdleAndItsQueueCanBeStolen() {
        // P0 is retaken from main's syscall (work is queued on it) and handed to a new M.
        // Until that M arrives, P0 is _Pidle but not on the idle list (idlepMask), so
        // stealWork may take its queue: M1, done with G2 and G3, steals G4 from P0's
        // runnext meanwhile, without the usleep(3) it waits out for a running P.
        Harness h = Harness.go(prog().fn("main", new Op.Go("w", 3), new Op.Syscall(ms(1), false))
                .fn("w", new Op.Compute(us(75))).build(), 2);
        Event retake = h.until(EventKind.RETAKE);
        assertThat(retake.p()).isEqualTo(0);
        h.until(e -> e.kind() == EventKind.NEWM && e.p() != null && e.p() == 0, 100);
        Event steal = h.until(e -> e.kind() == EventKind.RUNQSTEAL || e.kind() == EventKind.STOPM, 100);
        assertThat(steal.kind()).isEqualTo(EventKind.RUNQSTEAL);
        assertThat(steal.detail()).containsEntry("from", 0);
        assertThat(steal.g()).isEqualTo(4);
        assertThat(steal.detail()).containsEntry("runnext", true);
        assertThat(steal.text().in("en")).doesNotContain("usleep");
        assertThat(h.at("p.0.status")).isEqualTo("_Pidle");
        assertThat(h.at("sched.pidle")).isEqualTo(List.of());
    }

    @Test
    void theSameSeedGivesTheSameRun() {
        var prog = prog().fn("main", new Op.Go("w", 40), new Op.Compute(ms(2)))
                .fn("w", new Op.Compute(us(300)), new Op.Go("v", 1)).fn("v", new Op.Compute(us(70))).build();
        String a = trace(Harness.go(prog, goroutinelab.engine.RuntimeConfig.DEFAULT.withGomaxprocs(4).withSeed(7)));
        String b = trace(Harness.go(prog, goroutinelab.engine.RuntimeConfig.DEFAULT.withGomaxprocs(4).withSeed(7)));
        assertThat(a).isEqualTo(b);
    }

    private static String trace(Harness h) {
        h.runToEnd(100_000);
        StringBuilder sb = new StringBuilder();
        h.events.forEach(e -> sb.append(e).append('\n'));
        return sb.toString();
    }
}
