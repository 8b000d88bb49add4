package goroutinelab.engine.runtime;

import goroutinelab.engine.EventKind;
import goroutinelab.engine.Harness;
import goroutinelab.engine.Op;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static goroutinelab.engine.Harness.ms;
import static goroutinelab.engine.Harness.prog;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The collector's running bookkeeping (the objects to sweep, the marked
 * totals), which mark termination reads instead of walking the heap, and the
 * invariants that watch it.
 */
class GcBookkeepingTest {

    /** abc's heap after a forced cycle's mark termination, its sweep not yet begun: A and B marked, C white. */
    private static Harness terminated() {
        Harness h = Harness.go(prog().heap(GcFixtures.abc()).fn("main", new Op.Gc(), new Op.Sleep(ms(1))).build(), 2);
        h.until(EventKind.GC_MARK_TERMINATION);
        return h;
    }

    private static Collector gc(Harness h) {
        return ((GoRuntime) h.engine).gc;
    }

    @Test
    void markTerminationReportsTheMarkedBytesItCounted() {
        Harness h = terminated();
        Collector c = gc(h);
        assertThat(h.events.get(h.events.size() - 1).detail()).containsEntry("marked", 2048L);
        assertThat(c.markedBytes).isEqualTo(2048);
        assertThat(c.sweepPending()).isTrue();
        assertThat(c.sweepEnd).isEqualTo(3);
        assertThat(c.sweepWhite).isEqualTo(1);
        assertThat(((GoRuntime) h.engine).checkInvariants()).isEmpty();
    }

    @Test
    void theInvariantsCatchAReachableObjectLeftWhiteForTheSweepWithTheBarrierOn() {
        Harness h = terminated();
        Collector c = gc(h);
        Obj a = c.declared.get("A");
        a.color = Obj.Color.white;
        c.markedBytes -= a.size;
        c.markedCount--;
        assertThat(((GoRuntime) h.engine).checkInvariants())
                .anySatisfy(s -> assertThat(s).contains("A is reachable but white"));
    }

    @Test
    void theInvariantsCatchMarkedTotalsThatDriftFromTheHeap() {
        Harness h = terminated();
        gc(h).markedBytes += 8;
        assertThat(((GoRuntime) h.engine).checkInvariants())
                .anySatisfy(s -> assertThat(s).contains("the marked objects are 2 (2048 bytes) but the collector counts 2 (2056 bytes)"));
    }

    @Test
    void afterTheSweepTheListHoldsTheObjectsNotFreedInAllocationOrder() {
        // runtime.GC returns once the sweep is done: what main allocates then goes after the kept objects
        Harness h = Harness.go(prog().heap(GcFixtures.abc())
                .fn("main", new Op.Gc(), new Op.Alloc("x", 64), new Op.Alloc("y", 64), new Op.Sleep(ms(1))).build(), 2);
        h.until(e -> e.kind() == EventKind.MALLOCGC && "o2".equals(e.detail().get("obj")), 100_000);
        assertThat(gc(h).objs.stream().map(o -> o.id).toList()).containsExactly("A", "B", "o1", "o2");
    }

    @Test
    void objectsAllocatedWhileTheSweepRunsAreKeptAfterTheSweptOnes() {
        // a goroutine allocates all through the cycle and its sweep; the invariants check the list after every step
        Harness h = Harness.go(prog().heap(GcFixtures.abc())
                .fn("main", new Op.Go("allocator", 1), new Op.Gc(), new Op.Sleep(ms(1)))
                .fn("allocator", new Op.Repeat(2_000, List.of(new Op.Alloc("t", 64), new Op.Compute(20)))).build(), 2);
        h.until(EventKind.SWEEP);
        List<EventKind> kinds = h.kinds();
        assertThat(kinds.subList(kinds.lastIndexOf(EventKind.GC_MARK_TERMINATION), kinds.size()))
                .as("allocations between mark termination and the end of the sweep").contains(EventKind.MALLOCGC);
        Collector c = gc(h);
        assertThat(c.sweptFreed).isPositive();
        List<String> expected = new ArrayList<>();
        for (Obj o : c.byRef) {
            if (!o.freed) {
                expected.add(o.id);
            }
        }
        assertThat(c.objs.stream().map(o -> o.id).toList()).isEqualTo(expected);
        assertThat(c.markedCount).isZero();
    }

    @Test
    void aCycleWithTheBarrierOffStillNamesTheObjectItLost() {
        Harness h = GcFixtures.pointerMove(false);
        h.until(EventKind.LOST);
        assertThat(h.at("heap.B.lost")).isEqualTo(true);
        assertThat(gc(h).reachableAtSweep).isNotNull();
    }
}
