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

/** A whole cycle: gcStart, two stop-the-worlds, marking, termination, sweep (runtime/mgc.go). */
class CycleTest {

    @Test
    void aForcedCycleRunsInTheRuntimesOrderAndFreesWhatNoRootReaches() {
        Harness h = Harness.go(prog().heap(GcFixtures.abc()).fn("main", new Op.Gc(), new Op.Sleep(ms(1))).build(), 2);
        h.until(EventKind.FREE);
        List<EventKind> gc = h.kinds().stream().filter(k -> k.fn().contains("gc") || k.src().contains("mgc")
                || k == EventKind.STOP_THE_WORLD || k == EventKind.START_THE_WORLD).toList();
        assertThat(gc).containsSubsequence(EventKind.GC_START, EventKind.STOP_THE_WORLD, EventKind.STOP_THE_WORLD,
                EventKind.START_THE_WORLD, EventKind.MARKROOT, EventKind.SCANOBJECT,
                EventKind.GC_MARK_DONE, EventKind.STOP_THE_WORLD, EventKind.STOP_THE_WORLD,
                EventKind.GC_MARK_TERMINATION, EventKind.START_THE_WORLD, EventKind.FREE);
        // A is scanned; B, which holds no pointers, was blackened when A was (greyobject), never scanned
        assertThat(h.events.stream().filter(e -> e.kind() == EventKind.SCANOBJECT).map(e -> e.detail().get("obj")))
                .containsExactly("A");
        assertThat(h.at("heap.C.freed")).isEqualTo(true);
        assertThat(h.at("heap.A.freed")).isEqualTo(false);
        assertThat(h.at("heap.B.freed")).isEqualTo(false);
        assertThat(h.at("gc.phase")).isEqualTo("_GCoff");
        assertThat(h.at("gc.cycle")).isEqualTo(1);
        Event term = h.events.stream().filter(e -> e.kind() == EventKind.GC_MARK_TERMINATION).findFirst().orElseThrow();
        assertThat((String) term.detail().get("gctrace")).startsWith("gc 1 @").endsWith("2 P (forced)");
    }

    @Test
    void theWriteBarrierIsOnExactlyWhileMarking() {
        Harness h = Harness.go(prog().heap(GcFixtures.abc()).fn("main", new Op.Gc()).build(), 1);
        assertThat(h.at("gc.writeBarrier")).isEqualTo(false);
        h.until(EventKind.MARKROOT);
        assertThat(h.at("gc.phase")).isEqualTo("_GCmark");
        assertThat(h.at("gc.writeBarrier")).isEqualTo(true);
        h.until(EventKind.GC_MARK_TERMINATION);
        assertThat(h.at("gc.writeBarrier")).isEqualTo(false);
    }

    @Test
    void objectsAllocatedDuringMarkAreBlack() {
        // 2 MB of pointer words in 128 KB objects: about 400 µs of marking, still under way at 50 µs
        Harness h = Harness.go(prog().heap(GcFixtures.pointerChain(16, 128 * 1024))
                .fn("main", new Op.Go("gcer", 1), new Op.Sleep(us(50)), new Op.Alloc("x", 512))
                .fn("gcer", new Op.Gc()).build(), 2);
        Event alloc = h.until(EventKind.MALLOCGC);
        assertThat(alloc.detail()).containsEntry("black", true);
        assertThat(h.at("heap.o1.color")).isEqualTo("black");
    }

    @Test
    void theHeapReachingTheTriggerStartsACycleAndThePacerSetsTheNextGoal() {
        Harness h = Harness.go(prog().fn("main",
                new Op.Repeat(100, List.of(new Op.Alloc("x", 64 * 1024), new Op.Compute(us(5))))).build(), 1);
        Event start = h.until(EventKind.GC_START);
        long trigger = 4L * 1024 * 1024 * 61 / 64;
        assertThat((Long) start.detail().get("heapLive")).isGreaterThanOrEqualTo(trigger);
        h.until(EventKind.GC_MARK_TERMINATION);
        long marked = ((Number) h.at("gc.heapMarked")).longValue();
        assertThat(marked).isEqualTo(64 * 1024);
        assertThat(h.at("gc.heapGoal")).isEqualTo(4L * 1024 * 1024);
        assertThat(h.at("gc.trigger")).isEqualTo(marked + (4L * 1024 * 1024 - marked) * 61 / 64);
    }

    @Test
    void gogcSetsTheGoalAboveTheMarkedHeap() {
        var cfg = new RuntimeConfig(1, 256, true, true, 50, 64 * 1024, 5_000_000, 1);
        Harness h = Harness.go(prog().fn("main", new Op.Alloc("keep", 1 << 20),
                new Op.Repeat(40, List.of(new Op.Alloc("x", 64 * 1024), new Op.Compute(us(5))))).build(), cfg);
        h.until(EventKind.GC_MARK_TERMINATION);
        long marked = ((Number) h.at("gc.heapMarked")).longValue();
        assertThat(marked).isGreaterThanOrEqualTo(1 << 20);
        assertThat(h.at("gc.heapGoal")).isEqualTo(marked + marked / 2);
    }

    @Test
    void withGogcOffNoCycleStarts() {
        var cfg = new RuntimeConfig(1, 256, true, true, -1, 4L << 20, 5_000_000, 1);
        Harness h = Harness.go(prog().fn("main",
                new Op.Repeat(200, List.of(new Op.Alloc("x", 64 * 1024)))).build(), cfg);
        h.runToEnd(10_000);
        assertThat(h.kinds()).doesNotContain(EventKind.GC_START);
        assertThat(((Number) h.at("gc.heapLive")).longValue()).isEqualTo(200L * 64 * 1024);
    }

    @Test
    void aStopTheWorldWaitsForATightLoopWithoutAsyncPreemption() {
        var prog = prog().fn("main", new Op.Go("spin", 1), new Op.Sleep(us(50)), new Op.Gc())
                .fn("spin", new Op.Loop(ms(8))).build();
        Harness off = Harness.go(prog, RuntimeConfig.DEFAULT.withGomaxprocs(2).withAsyncPreemption(false));
        Event stopped = off.until(e -> e.kind() == EventKind.STOP_THE_WORLD && "stopped".equals(e.detail().get("phase")), 10_000);
        assertThat(stopped.time()).isGreaterThan(ms(8));
        assertThat((Long) stopped.detail().get("tookNs")).isGreaterThan(ms(5));
        Harness on = Harness.go(prog, RuntimeConfig.DEFAULT.withGomaxprocs(2));
        Event quick = on.until(e -> e.kind() == EventKind.STOP_THE_WORLD && "stopped".equals(e.detail().get("phase")), 10_000);
        assertThat((Long) quick.detail().get("tookNs")).isLessThan(us(50));
        assertThat(on.kinds()).contains(EventKind.ASYNC_PREEMPT);
    }

    @Test
    void runtimeGcCalledDuringACycleWaitsAndThenRunsItsOwn() {
        Harness h = Harness.go(prog().heap(GcFixtures.abc()).fn("main", new Op.Go("g2", 1), new Op.Gc(), new Op.Sleep(ms(1)))
                .fn("g2", new Op.Gc()).build(), 2);
        h.runToEnd(10_000);
        assertThat(h.at("gc.cycle")).isEqualTo(2);
        assertThat(h.events.stream().filter(e -> e.kind() == EventKind.GOPARK
                && "wait for GC cycle".equals(e.detail().get("waitreason")))).isNotEmpty();
    }

    @Test
    void sysmonForcesACycleWhenNoneRanForTwoMinutes() {
        Harness h = Harness.go(prog().heap(GcFixtures.abc()).fn("main", new Op.Gc(), new Op.Sleep(3L * 60 * 1_000_000_000L)).build(), 1);
        h.until(EventKind.GC_MARK_TERMINATION);
        Event force = h.until(e -> e.kind() == EventKind.SYSMON && Boolean.TRUE.equals(e.detail().get("forcegc")), 100_000);
        assertThat(force.time()).isGreaterThan(120_000_000_000L).isLessThan(190_000_000_000L);
        Event second = h.until(EventKind.GC_START);
        assertThat(second.detail()).containsEntry("cycle", 2);
    }
}
