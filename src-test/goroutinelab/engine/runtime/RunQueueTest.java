package goroutinelab.engine.runtime;

import goroutinelab.engine.Event;
import goroutinelab.engine.EventKind;
import goroutinelab.engine.Harness;
import goroutinelab.engine.Op;
import goroutinelab.engine.RuntimeConfig;
import org.junit.jupiter.api.Test;

import java.util.List;

import static goroutinelab.engine.Harness.ms;
import static goroutinelab.engine.Harness.prog;
import static goroutinelab.engine.Harness.us;
import static org.assertj.core.api.Assertions.assertThat;

/** runnext, the local queue, overflow to the global queue, the 1-in-61 check, Gosched (runtime/proc.go). */
class RunQueueTest {

    @Test
    void newGoroutinesTakeRunnextAndKickThePreviousOneToTheTail() {
        Harness h = Harness.go(prog().fn("main", new Op.Go("w", 3), new Op.Sleep(ms(1)))
                .fn("w", new Op.Compute(us(10))).build(), 1);
        h.until(e -> e.kind() == EventKind.GOPARK, 100);
        assertThat(h.at("p.0.runnext")).isEqualTo(4);
        assertThat(h.at("p.0.runq")).isEqualTo(List.of(2, 3));
        Event get = h.until(EventKind.RUNQGET);
        assertThat(get.g()).isEqualTo(4);
        assertThat(get.detail()).containsEntry("from", "runnext");
        Event exec = h.until(EventKind.EXECUTE);
        assertThat(exec.detail()).containsEntry("inheritTime", true);
    }

    @Test
    void aFullLocalQueueSpillsHalfPlusTheNewGToTheGlobalQueue() {
        RuntimeConfig cfg = RuntimeConfig.DEFAULT.withRunqSize(4);
        Harness h = Harness.go(prog().fn("main", new Op.Go("w", 6), new Op.Sleep(ms(1)))
                .fn("w", new Op.Compute(us(10))).build(), cfg);
        Event slow = h.until(EventKind.RUNQPUTSLOW);
        // G7 takes runnext and kicks G6 into a full queue [2,3,4,5]:
        // half of the queue (G2, G3) plus G6 go to the global queue in one batch.
        assertThat(slow.g()).isEqualTo(7);
        assertThat(slow.detail()).containsEntry("moved", 3);
        assertThat(h.at("sched.runq")).isEqualTo(List.of(2, 3, 6));
        assertThat(h.at("p.0.runq")).isEqualTo(List.of(4, 5));
        assertThat(h.at("p.0.runnext")).isEqualTo(7);
    }

    @Test
    void goschedPutsTheCallerOnTheGlobalQueue() {
        Harness h = Harness.go(prog().fn("main", new Op.Go("w", 1), new Op.Gosched(), new Op.Compute(ms(1)))
                .fn("w", new Op.Compute(us(100))).build(), 1);
        Event g = h.until(EventKind.GOSCHED);
        assertThat(g.g()).isEqualTo(1);
        assertThat(h.at("sched.runq")).isEqualTo(List.of(1));
        assertThat(h.at("g.1.status")).isEqualTo("_Grunnable");
        // w runs from runnext first, then main comes back from the global queue.
        assertThat(h.until(EventKind.EXECUTE).g()).isEqualTo(2);
        Event back = h.until(EventKind.GLOBRUNQGET);
        assertThat(back.g()).isEqualTo(1);
    }

    @Test
    void everySixtyFirstTickTheGlobalQueueIsCheckedFirst() {
        // G1 yields to the global queue while a chain of goroutines keeps the local queue busy.
        Harness h = Harness.go(prog()
                .fn("main", new Op.Go("w", 80), new Op.Gosched(), new Op.Compute(us(5)))
                .fn("w", new Op.Compute(us(5))).build(), 1);
        Event fair = h.until(e -> e.kind() == EventKind.GLOBRUNQGET, 5_000);
        assertThat(fair.g()).isEqualTo(1);
        assertThat(fair.text().in("en")).contains("multiple of 61");
        assertThat(h.at("p.0.schedtick")).isEqualTo(61L);
        assertThat((List<?>) h.at("p.0.runq")).isNotEmpty();
    }
}
