package goroutinelab.engine.runtime;

import goroutinelab.engine.Event;
import goroutinelab.engine.EventKind;
import goroutinelab.engine.Harness;
import goroutinelab.engine.Op;
import goroutinelab.engine.Program;
import goroutinelab.engine.RuntimeConfig;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static goroutinelab.engine.Harness.ms;
import static goroutinelab.engine.Harness.prog;
import static goroutinelab.engine.Harness.us;
import static org.assertj.core.api.Assertions.assertThat;

/** The hybrid write barrier, its absence, suspendG, and mark assists (mbarrier.go, mgcmark.go). */
class BarrierAndAssistTest {

    @Test
    void theBarrierShadesTheOldAndTheNewPointerAndSavesTheObject() {
        Harness h = GcFixtures.pointerMove(true);
        Event del = h.until(EventKind.WRITEBARRIER);
        assertThat(del.detail()).containsEntry("dst", "c.next").containsEntry("old", "B");
        assertThat(del.detail().get("shaded")).isEqualTo(List.of("B"));
        assertThat(del.text().in("en")).contains("deletion half, Yuasa").contains("insertion half, Dijkstra").contains("wbBuf");
        h.runToEnd(10_000);
        assertThat(h.at("heap.B.freed")).isEqualTo(false);
        assertThat(h.at("gc.lost")).isEqualTo(List.of());
        assertThat(h.at("process.exitCode")).isEqualTo(0);
    }

    @Test
    void withoutTheBarrierAReachableObjectIsFreedAndTheProgramCrashes() {
        Harness h = GcFixtures.pointerMove(false);
        Event lost = h.until(EventKind.LOST);
        assertThat(lost.detail()).containsEntry("obj", "B");
        assertThat(lost.text().in("en")).contains("tri-color invariant");
        assertThat(h.at("gc.lost")).isEqualTo(List.of("B"));
        assertThat(h.at("heap.B.freed")).isEqualTo(true);
        Event crash = h.until(EventKind.THROW);
        assertThat(crash.text().in("en")).contains("the collector freed B");
        assertThat(h.at("process.exitCode")).isEqualTo(2);
    }

    @Test
    void aRunningGoroutinesStackIsScannedAfterItParksForSuspendG() {
        // 30 sleeping goroutines' stacks are scanned first; meanwhile the victim (G32) gets a P and computes
        Harness h = Harness.go(prog().fn("main", new Op.Go("sleeper", 30), new Op.Sleep(us(100)), new Op.Go("victim", 1),
                        new Op.Go("gcer", 1), new Op.Sleep(ms(20)))
                .fn("sleeper", new Op.Sleep(ms(10)))
                .fn("victim", new Op.Compute(ms(3)), new Op.Alloc("v", 64))
                .fn("gcer", new Op.Gc()).build(), 4);
        Event suspend = h.until(EventKind.SUSPENDG);
        assertThat(suspend.g()).isEqualTo(32);
        Event parked = h.until(e -> e.kind() == EventKind.SUSPENDG && Boolean.TRUE.equals(e.detail().get("parked")), 1000);
        assertThat(parked.g()).isEqualTo(32);
        assertThat(h.at("g.32.status")).isEqualTo("_Gpreempted");
        Event scan = h.until(e -> e.kind() == EventKind.MARKROOT && Integer.valueOf(32).equals(e.detail().get("target")), 1000);
        assertThat(scan.text().in("en")).contains("resumeG readies G32");
        assertThat(h.at("g.32.status")).isEqualTo("_Grunnable");
    }

    @Test
    void aGoroutineThatAllocatesDuringMarkPaysWithAssistWork() {
        Harness h = Harness.go(prog().heap(GcFixtures.chain(64, 32 * 1024))
                .fn("main", new Op.Go("gcer", 1), new Op.Sleep(us(50)),
                        new Op.Repeat(20, List.of(new Op.Alloc("x", 64 * 1024))))
                .fn("gcer", new Op.Gc()).build(), 2);
        Event drafted = h.until(EventKind.GC_ASSIST_ALLOC);
        assertThat(drafted.g()).isEqualTo(1);
        Event work = h.until(e -> Boolean.TRUE.equals(e.detail().get("assist")), 1000);
        assertThat(work.text().in("en")).contains("G1's mark assist");
        assertThat(((Number) h.at("gc.assists")).longValue()).isPositive();
    }

    @Test
    void anAssistWithNothingToDoParksUntilBackgroundCreditOrTheEndOfMarkReleasesIt() {
        // spin is in a syscall during the stop-the-world, then starts a tight loop while marking (async
        // preemption off): its stack, which alone leads to S (2 MB of pointer words), cannot be scanned
        // until the loop ends. The pacer expects that work, so main's allocations run up a debt its assist
        // cannot pay: everything else is marked, there is nothing to do, and it parks.
        Map<String, Program.ObjectSpec> objs = new LinkedHashMap<>();
        objs.put("S", new Program.ObjectSpec(2 << 20, Map.of(), Program.ObjectSpec.allWords(2 << 20)));
        Harness h = Harness.go(prog().heap(new Program.HeapSpec(objs, Map.of(), Map.of("spin", Map.of("s", "S"))))
                        .fn("main", new Op.Go("sleeper", 20), new Op.Sleep(us(100)), new Op.Go("spin", 1),
                                new Op.Go("gcer", 1), new Op.Sleep(us(300)),
                                new Op.Repeat(5, List.of(new Op.Alloc("x", 256 * 1024))))
                        .fn("sleeper", new Op.Sleep(ms(10)))
                        .fn("spin", new Op.Syscall(us(10), false), new Op.Loop(ms(3)), new Op.Compute(us(10)))
                        .fn("gcer", new Op.Gc()).build(),
                RuntimeConfig.DEFAULT.withGomaxprocs(4).withAsyncPreemption(false));
        Event park = h.until(EventKind.GC_PARK_ASSIST);
        assertThat(park.g()).isEqualTo(1);
        assertThat(h.at("gc.assistQueue")).isEqualTo(List.of(1));
        assertThat(h.at("g.1.waitreason")).isEqualTo("GC assist wait");
        Event released = h.until(e -> (e.kind() == EventKind.GC_FLUSH_BG_CREDIT && e.g() == 1)
                || e.kind() == EventKind.GC_MARK_TERMINATION, 10_000);
        assertThat(released.time()).isGreaterThanOrEqualTo(ms(3));
        h.runToEnd(10_000);
        assertThat(h.at("process.exitCode")).isEqualTo(0);
    }

    /** A chain of six 128 KB objects from a global, a 1 MB heap minimum, and a goroutine allocating 64 KB every 5µs. */
    private static Harness producerDuringMark() {
        return Harness.go(prog().heap(GcFixtures.chain(6, 128 * 1024))
                        .fn("main", new Op.Go("producer", 1), new Op.Sleep(ms(3)))
                        .fn("producer", new Op.Repeat(24, List.of(new Op.Alloc("x", 64 * 1024), new Op.Compute(us(5)))))
                        .build(),
                new RuntimeConfig(2, 256, true, true, 100, 1 << 20, 5_000_000, 1));
    }

    @Test
    void gcMarkDoneWaitsUntilNoWorkerOrAssistIsStillScanning() {
        // runtime/mgc.go gcMarkDone runs only when work.nwait == work.nproc: nobody holds mark work.
        // A worker that finds the queue empty while an assist is still inside scanobject parks; the one
        // that finishes the last object calls gcMarkDone, so mark termination does not wait for a scan.
        Harness h = producerDuringMark();
        h.until(EventKind.GC_MARK_DONE);
        Event stopped = h.until(e -> e.kind() == EventKind.STOP_THE_WORLD && "stopped".equals(e.detail().get("phase")), 1000);
        assertThat((Long) stopped.detail().get("tookNs")).isLessThan(us(20));
        assertThat(h.kinds()).doesNotContain(EventKind.GC_PARK_ASSIST);
    }

    @Test
    void anAssistWithNothingLeftToScanParksUntilTheWorkerFlushesTheCreditOfItsLastObject() {
        // mgcmark.go: gcAssistAlloc -> gcParkAssist when no work is available (a worker holds the last
        // object, L1: 128 KB of pointer words, about 25 µs); gcDrain flushes the worker's scan work with
        // gcFlushBgCredit, which pays queued assists first and readies them (not into runnext); the
        // worker, last out with no work, runs gcMarkDone. The garbage J0..J5 holds pointer words too, so
        // the pacer expects far more scan work than the live heap has (gcController.heapScan counts every
        // scannable byte allocated): the assist's debt is large, and the 264 B of root credit it steals
        // pays almost none of it.
        Map<String, Program.ObjectSpec> objs = new LinkedHashMap<>();
        long words = Program.ObjectSpec.allWords(128 * 1024);
        objs.put("L0", new Program.ObjectSpec(64, Map.of("next", "L1")));
        objs.put("L1", new Program.ObjectSpec(128 * 1024, Map.of(), words));
        for (int i = 0; i < 6; i++) {
            objs.put("J" + i, new Program.ObjectSpec(128 * 1024, Map.of(), words));
        }
        Harness h = Harness.go(prog().heap(new Program.HeapSpec(objs, Map.of("list", "L0"), Map.of()))
                        .chan("done", 0)
                        .fn("main", new Op.Go("producer", 1), new Op.Recv("done"))
                        .fn("producer", new Op.Repeat(12, List.of(new Op.Alloc("x", 32 * 1024), new Op.Compute(us(20)))),
                                new Op.Close("done"))
                        .build(),
                new RuntimeConfig(2, 256, true, true, 100, 1 << 20, 5_000_000, 1));
        Event park = h.until(EventKind.GC_PARK_ASSIST);
        assertThat(park.g()).isEqualTo(2);
        assertThat(h.at("g.2.waitreason")).isEqualTo("GC assist wait");
        assertThat(h.at("gc.grey")).isEqualTo(List.of());
        assertThat(h.at("heap.L1.color")).as("a worker is still scanning it").isEqualTo("black");
        Event flush = h.until(e -> e.kind() == EventKind.GC_FLUSH_BG_CREDIT || e.kind() == EventKind.GC_MARK_DONE, 1000);
        assertThat(flush.kind()).isEqualTo(EventKind.GC_FLUSH_BG_CREDIT);
        assertThat(flush.g()).isEqualTo(2);
        assertThat(h.at("g.2.status")).isEqualTo("_Grunnable");
        assertThat(h.at("p." + flush.p() + ".runnext")).isNull();
        Event done = h.until(EventKind.GC_MARK_DONE);
        assertThat(done.g()).isGreaterThanOrEqualTo(1001);
        h.runToEnd(10_000);
        assertThat(h.at("process.exitCode")).isEqualTo(0);
    }

    @Test
    void aDedicatedWorkerAskedToYieldKeepsMarkingAndHandsItsQueueToOthers() {
        // 4 Ps: one dedicated worker; 20ms of marking (100 MB of pointer words), so sysmon asks it to yield after 10ms or more
        Harness h = Harness.go(prog().heap(GcFixtures.pointerChain(100, 1 << 20))
                .fn("main", new Op.Go("gcer", 1), new Op.Go("busy", 6), new Op.Sleep(ms(40)))
                .fn("gcer", new Op.Gc())
                .fn("busy", new Op.Repeat(800, List.of(new Op.Compute(us(50)), new Op.Gosched()))).build(), 4);
        Event drain = h.until(EventKind.RUNQDRAIN);
        assertThat(drain.text().in("en")).contains("does not stop marking");
        assertThat(h.at("gc.phase")).isEqualTo("_GCmark");
        Event next = h.until(e -> e.g() != null && e.g() == (int) drain.g() && e.kind() == EventKind.SCANOBJECT, 1000);
        assertThat(next.m()).isEqualTo(drain.m());
    }
}
