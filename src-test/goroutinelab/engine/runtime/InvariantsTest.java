package goroutinelab.engine.runtime;

import goroutinelab.engine.EventKind;
import goroutinelab.engine.Op;
import goroutinelab.engine.RuntimeConfig;
import org.junit.jupiter.api.Test;

import static goroutinelab.engine.Harness.ms;
import static goroutinelab.engine.Harness.prog;
import static goroutinelab.engine.Harness.us;
import static org.assertj.core.api.Assertions.assertThat;

/** The scheduler's invariants name the places a G was found in when one breaks, and say nothing while they hold. */
class InvariantsTest {

    /** main has started three workers and sleeps: G4 in runnext, G2 and G3 in P0's queue. */
    private static GoRuntime started() {
        GoRuntime rt = new GoRuntime(prog().fn("main", new Op.Go("w", 3), new Op.Sleep(ms(1)))
                .fn("w", new Op.Compute(us(10))).build(), RuntimeConfig.DEFAULT.withGomaxprocs(1));
        for (int i = 0; i < 100; i++) {
            if (rt.step().kind() == EventKind.GOPARK) {
                return rt;
            }
        }
        throw new AssertionError("main never parked");
    }

    @Test
    void aHealthyWorldBreaksNothing() {
        assertThat(started().checkInvariants()).isEmpty();
    }

    @Test
    void aGInTwoPlacesIsNamedWithEveryPlaceInTheOrderTheyWereFound() {
        GoRuntime rt = started();
        rt.sched.runq.addLast(4);
        assertThat(rt.checkInvariants())
                .containsExactly("G4 (_Grunnable) must be in exactly one place, is in [P0.runnext, sched.runq]");
    }

    @Test
    void aRunnableGOutsideEveryQueueIsNamedWhereItIs() {
        GoRuntime rt = started();
        int g = rt.allp[0].runq.pollFirst();
        rt.netpoll.ready.addLast(g);
        assertThat(rt.checkInvariants()).containsExactly("G" + g + " is _Grunnable but is in netpoll.ready");
    }

    @Test
    void aGInNoPlaceIsSaidToBeInNone() {
        GoRuntime rt = started();
        int g = rt.allp[0].runq.pollLast();
        assertThat(rt.checkInvariants()).containsExactly("G" + g + " (_Grunnable) must be in exactly one place, is in []");
    }
}
