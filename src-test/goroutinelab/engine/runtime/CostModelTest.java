package goroutinelab.engine.runtime;

import goroutinelab.engine.Event;
import goroutinelab.engine.EventKind;
import goroutinelab.engine.Harness;
import goroutinelab.engine.Op;
import goroutinelab.engine.Program;
import goroutinelab.engine.Program.ObjectSpec;
import goroutinelab.engine.RuntimeConfig;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static goroutinelab.engine.Harness.ms;
import static goroutinelab.engine.Harness.prog;
import static goroutinelab.engine.Harness.us;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The collector's cost model against Go 1.19 (mgcmark.go scanobject,
 * greyobject, gcDrain, gcAssistAlloc; mgc.go pollFractionalWorkerExit;
 * malloc.go mallocgc) and the measurements in docs/fidelity.md: pointer-free
 * objects are never scanned, scanning stops at the last pointer word, objects
 * over 128 KB are scanned in oblets, background credit is flushed every 2000
 * units of work, a fractional worker stops at 1.2 × its share of the time
 * since marking began, an assist steals credit and then does the rest of its
 * work. Times are the engine's simulated nanoseconds.
 */
class CostModelTest {

    private static Program.HeapSpec heap(Map<String, ObjectSpec> objects, Map<String, String> globals) {
        return new Program.HeapSpec(objects, globals, Map.of());
    }

    private static boolean markBegins(Event e) {
        return e.kind() == EventKind.START_THE_WORLD && "_GCmark".equals(e.detail().get("phase"))
                && !Boolean.TRUE.equals(e.detail().get("restart"));
    }

    /** The simulated time from the world starting with marking on to gcMarkDone: all of marking on one P with nothing else to run. */
    private static long markPhaseNs(Program.HeapSpec heap) {
        Harness h = Harness.go(prog().heap(heap).fn("main", new Op.Gc()).build(), 1);
        Event begin = h.until(CostModelTest::markBegins, 10_000);
        Event done = h.until(e -> e.kind() == EventKind.GC_MARK_DONE, 100_000);
        return done.time() - begin.time();
    }

    @Test
    void aTwoMegabyteObjectWithoutPointersCostsTheMarkerAlmostNothing() {
        // mgcmark.go greyobject: an object in a noscan span is marked black and never queued
        Map<String, ObjectSpec> objs = new LinkedHashMap<>();
        objs.put("buf", new ObjectSpec(2 << 20, Map.of(), 0));
        Harness h = Harness.go(prog().heap(heap(objs, Map.of("b", "buf"))).fn("main", new Op.Gc()).build(), 1);
        Event begin = h.until(CostModelTest::markBegins, 10_000);
        Event done = h.until(EventKind.GC_MARK_DONE);
        assertThat(done.time() - begin.time()).as("the whole mark phase").isLessThan(us(20));
        assertThat(h.events).noneMatch(e -> e.kind() == EventKind.SCANOBJECT && "buf".equals(e.detail().get("obj")));
        assertThat(h.at("heap.buf.color")).isEqualTo("black");
        assertThat(h.at("heap.buf.noscan")).isEqualTo(true);
        assertThat(h.at("heap.buf.scanBytes")).isEqualTo(0L);
    }

    @Test
    void tenMegabytesOfPointerFreeDataMarkInTensOfMicrosecondsOfWork() {
        // measured (gcmark noscan): 35-40 µs of concurrent mark for a 10 MB []byte, the program's own roots
        Map<String, ObjectSpec> one = new LinkedHashMap<>();
        one.put("bytes", new ObjectSpec(10 << 20, Map.of()));
        assertThat(markPhaseNs(heap(one, Map.of("b", "bytes")))).isLessThan(us(50));

        // eighty 128 KB buffers behind one holder: the holder's 80 pointer words are scanned, the buffers never are
        Map<String, ObjectSpec> many = new LinkedHashMap<>();
        Map<String, String> slots = new LinkedHashMap<>();
        for (int i = 0; i < 80; i++) {
            slots.put("b" + i, "buf" + i);
        }
        many.put("holder", new ObjectSpec(640, slots));
        for (int i = 0; i < 80; i++) {
            many.put("buf" + i, new ObjectSpec(128 << 10, Map.of()));
        }
        assertThat(markPhaseNs(heap(many, Map.of("h", "holder")))).isBetween(us(1), us(50));
    }

    @Test
    void scanningStopsAtTheLastPointerWord() {
        // mgcmark.go scanobject breaks at the first word without the scan bit (mbitmap.go: "no more pointers")
        Map<String, ObjectSpec> front = new LinkedHashMap<>();
        front.put("big", new ObjectSpec(96 << 10, Map.of("next", "small")));
        front.put("small", new ObjectSpec(64, Map.of()));
        Harness h = Harness.go(prog().heap(heap(front, Map.of("g", "big"))).fn("main", new Op.Gc()).build(), 1);
        assertThat(h.at("heap.big.scanBytes")).isEqualTo(8L);
        assertThat(h.at("heap.big.noscan")).isEqualTo(false);
        Event scan = h.until(e -> e.kind() == EventKind.SCANOBJECT && "big".equals(e.detail().get("obj")), 10_000);
        assertThat(scan.detail()).containsEntry("scanBytes", 8L);
        assertThat(h.at("heap.small.color")).as("greyobject blackens a pointer-free object at once").isEqualTo("black");
        assertThat(h.at("gc.grey")).isEqualTo(List.of());
    }

    @Test
    void aOneKilobyteAllocationDuringMarkDoesNotWaitBehindABigObject() {
        // a 2 MB []*T (its pointers nil): 16 oblets of 128 KB; an assist does whole oblets, never the whole object
        for (long pointerWords : new long[] {ObjectSpec.allWords(2 << 20), 0}) {
            Map<String, ObjectSpec> objs = new LinkedHashMap<>();
            objs.put("big", new ObjectSpec(2 << 20, Map.of(), pointerWords));
            Harness h = Harness.go(prog().heap(heap(objs, Map.of("b", "big")))
                    .fn("main", new Op.Go("gcer", 1), new Op.Sleep(us(60)), new Op.Alloc("x", 1024), new Op.Sleep(ms(1)))
                    .fn("gcer", new Op.Gc()).build(), 2);
            h.until(CostModelTest::markBegins, 10_000);
            Event drafted = h.until(e -> e.kind() == EventKind.GC_ASSIST_ALLOC && e.g() == 1, 10_000);
            Event allocated = h.until(e -> e.kind() == EventKind.MALLOCGC && e.g() == 1, 10_000);
            assertThat(allocated.time() - drafted.time()).as("the 1 KB allocation's wait, pointer words " + pointerWords)
                    .isLessThan(us(100));
        }
    }

    @Test
    void anObjectOverOneHundredTwentyEightKilobytesIsQueuedAsOblets() {
        // mgcmark.go scanobject: maxObletBytes = 128 KB; scanning the object's start queues every further oblet
        Map<String, ObjectSpec> objs = new LinkedHashMap<>();
        objs.put("A", new ObjectSpec(1 << 20, Map.of("first", "B"), ObjectSpec.allWords(1 << 20)));
        objs.put("B", new ObjectSpec(64, Map.of()));
        Harness h = Harness.go(prog().heap(heap(objs, Map.of("a", "A"))).fn("main", new Op.Gc()).build(), 1);
        Event first = h.until(e -> e.kind() == EventKind.SCANOBJECT && "A".equals(e.detail().get("obj")), 10_000);
        assertThat(first.detail()).containsEntry("offset", 0L).containsEntry("scanBytes", 128L << 10);
        assertThat(h.at("heap.A.color")).as("A still has oblets to scan").isEqualTo("grey");
        assertThat(h.at("heap.B.color")).isEqualTo("black");
        List<String> oblets = new ArrayList<>();
        for (int k = 1; k < 8; k++) {
            oblets.add("A+" + (128 * k) + "KB");
        }
        assertThat(h.at("gc.grey")).isEqualTo(oblets);
        List<Long> offsets = new ArrayList<>();
        for (int k = 1; k < 8; k++) {
            Event e = h.until(x -> x.kind() == EventKind.SCANOBJECT && "A".equals(x.detail().get("obj")), 10_000);
            offsets.add((Long) e.detail().get("offset"));
            assertThat(e.detail()).containsEntry("scanBytes", 128L << 10);
        }
        assertThat(offsets).containsExactly(128L << 10, 256L << 10, 384L << 10, 512L << 10, 640L << 10, 768L << 10, 896L << 10);
        assertThat(h.at("heap.A.color")).isEqualTo("black");
    }

    @Test
    void backgroundCreditIsFlushedEveryTwoThousandUnitsOfScanWork() {
        // mgcmark.go gcDrain: gcFlushBgCredit once gcw.heapScanWork >= gcCreditSlack (2000); a 64 B object
        // with one pointer is 8 units, so about 250 objects between flushes. Four Ps: one dedicated worker,
        // the other Ps busy, so one worker scans the whole list.
        Map<String, ObjectSpec> objs = new LinkedHashMap<>();
        int n = 700;
        for (int i = 0; i < n; i++) {
            objs.put("L" + i, new ObjectSpec(64, i + 1 < n ? Map.of("next", "L" + (i + 1)) : Map.of()));
        }
        Harness h = Harness.go(prog().heap(heap(objs, Map.of("head", "L0")))
                .fn("main", new Op.Go("busy", 3), new Op.Sleep(us(10)), new Op.Gc())
                .fn("busy", new Op.Compute(ms(20))).build(), 4);
        List<Long> credit = new ArrayList<>();
        for (int i = 0; i < n - 1; i++) {
            Event e = h.until(x -> x.kind() == EventKind.SCANOBJECT, 100_000);
            assertThat(e.detail()).containsEntry("assist", false);
            credit.add(((Number) h.at("gc.bgScanCredit")).longValue());
        }
        List<Long> rises = new ArrayList<>();
        for (int i = 1; i < credit.size(); i++) {
            if (credit.get(i) != credit.get(i - 1).longValue()) {
                rises.add(credit.get(i) - credit.get(i - 1));
            }
        }
        assertThat(rises).hasSizeBetween(2, 3).allMatch(r -> r >= 2000 && r < 2100);
    }

    @Test
    void aFractionalWorkerStopsAtItsUtilizationGoalAndNeverHoldsThePhase() {
        // mgc.go pollFractionalWorkerExit: stop once (this P's fractional time + this run) / (time since mark
        // began) > 1.2 × fractionalUtilizationGoal (0.25 on 2 Ps), checked after each root job and every
        // drainCheckThreshold (100,000) units of work; findRunnableGCWorker starts it only while the P's
        // fractional time is at most its share.
        Map<String, ObjectSpec> objs = new LinkedHashMap<>();
        for (int i = 0; i < 6; i++) {
            objs.put("D" + i, new ObjectSpec(2 << 20, i + 1 < 6 ? Map.of("next", "D" + (i + 1)) : Map.of(),
                    ObjectSpec.allWords(2 << 20)));
        }
        Harness h = Harness.go(prog().heap(heap(objs, Map.of("d", "D0")))
                .fn("main", new Op.Go("busy", 2), new Op.Go("gcer", 1), new Op.Sleep(ms(30)))
                .fn("gcer", new Op.Gc())
                .fn("busy", new Op.Repeat(400, List.of(new Op.Compute(us(50)), new Op.Gosched()))).build(), 2);
        long markStart = h.until(CostModelTest::markBegins, 100_000).time();
        Map<Integer, Long> started = new TreeMap<>();
        Map<Integer, Integer> onP = new TreeMap<>();
        long[] fractionalNs = new long[2];
        int runs = 0;
        long longest = 0;
        Event end = null;
        while (end == null) {
            Event e = h.until(x -> x.g() != null && x.g() >= 1001 && x.g() <= 1002
                    && (x.kind() == EventKind.EXECUTE || x.kind() == EventKind.GOPARK)
                    || x.kind() == EventKind.GC_MARK_DONE, 1_000_000);
            if (e.kind() == EventKind.GC_MARK_DONE) {
                end = e;
            } else if (e.kind() == EventKind.EXECUTE) {
                if ("fractional".equals(h.at("gc.workers." + e.g() + ".mode"))) {
                    started.put(e.g(), e.time());
                    onP.put(e.g(), e.p());
                }
            } else if (started.containsKey(e.g())) {
                long s = started.remove(e.g());
                int p = onP.remove(e.g());
                long run = e.time() - s;
                // the longest this run may be: until its P's share passes 0.3, plus one unit of work
                long bound = (long) ((0.3 * (s - markStart) - fractionalNs[p]) / 0.7) + us(30);
                assertThat(run).as("fractional run %d on P%d from %d ns into mark", runs, p, s - markStart)
                        .isLessThanOrEqualTo(bound);
                if (e.text().in("en").contains("fractional share")) {
                    assertThat((fractionalNs[p] + run) / (double) (e.time() - markStart)).isGreaterThan(0.3);
                }
                fractionalNs[p] += run;
                runs++;
                longest = Math.max(longest, run);
            }
        }
        long phase = end.time() - markStart;
        assertThat(runs).isGreaterThanOrEqualTo(4);
        assertThat(longest).isLessThan(phase / 4);
    }

    @Test
    void anAssistStealsBackgroundCreditThenDoesTheRestOfItsWorkBeforeItAllocates() {
        // mgcmark.go gcAssistAlloc: scanWork = max(debt × assistWorkPerByte, gcOverAssistWork); steal what
        // bgScanCredit holds; if that is less than scanWork, gcAssistAlloc1 drains the rest (gcDrainN, grey
        // objects first), even once the balance is positive; only a balance still negative parks (gcParkAssist)
        Harness h = Harness.go(prog().heap(GcFixtures.chain(40, 64 << 10))
                .fn("main", new Op.Go("gcer", 1), new Op.Sleep(us(10)), new Op.Alloc("x", 1024), new Op.Sleep(ms(1)))
                .fn("gcer", new Op.Gc()).build(), 1);
        h.until(CostModelTest::markBegins, 10_000);
        Event steal = h.until(e -> e.kind() == EventKind.GC_ASSIST_ALLOC && e.g() == 1 && e.detail().containsKey("stolen"), 10_000);
        assertThat((Long) steal.detail().get("stolen")).isPositive();
        assertThat(h.at("gc.bgScanCredit")).isEqualTo(0L);
        Event next = h.until(e -> e.g() != null && e.g() == 1
                && (e.kind() == EventKind.SCANOBJECT || e.kind() == EventKind.MALLOCGC), 10_000);
        assertThat(next.kind()).as("after stealing, the assist still scans").isEqualTo(EventKind.SCANOBJECT);
        assertThat(next.detail()).containsEntry("assist", true);
        h.until(e -> e.kind() == EventKind.MALLOCGC && e.g() == 1, 10_000);
        assertThat(h.kinds()).doesNotContain(EventKind.GC_PARK_ASSIST);
    }

    @Test
    void bgsweepSaysHowManyObjectsItSweepsAndHowManyOfThemAreWhite() {
        Harness h = Harness.go(prog().heap(GcFixtures.abc()).fn("main", new Op.Gc(), new Op.Sleep(ms(1))).build(), 2);
        Event start = h.until(e -> e.kind() == EventKind.START_THE_WORLD && "_GCoff".equals(e.detail().get("phase")), 10_000);
        String en = start.text().in("en");
        assertThat(en).contains("to sweep the 3 objects").contains("free the 1 left white");
        assertThat(start.detail()).containsEntry("toSweep", 3).containsEntry("white", 1);
    }

    @Test
    void anAllocationCostsAFixedPartAndTheZeroingOfItsBytes() {
        // measured (alloc): 15-32 ns for 16 B, 155-245 ns for 1 KB, 17-31 µs for 128 KB: about 15 ns + size / 7
        Harness h = Harness.go(prog().fn("main", new Op.Alloc("a", 128 << 10), new Op.Alloc("b", 16), new Op.Alloc("c", 16)).build(),
                RuntimeConfig.DEFAULT.withGomaxprocs(1));
        long a = h.until(EventKind.MALLOCGC).time();
        long b = h.until(EventKind.MALLOCGC).time();
        long c = h.until(EventKind.MALLOCGC).time();
        assertThat(b - a).isEqualTo(15 + (128 << 10) / 7);
        assertThat(c - b).isEqualTo(15 + 16 / 7);
    }

    @Test
    void sweepTerminationTakesTensOfMicrosecondsWithNothingElseRunning() {
        // measured (gcstw idle.sweepterm): 25-62 µs, medians of the runs; mark termination 1-2 µs
        Harness h = Harness.go(prog().heap(GcFixtures.abc()).fn("main", new Op.Gc()).build(), 1);
        Event begin = h.until(CostModelTest::markBegins, 10_000);
        assertThat((Long) begin.detail().get("stwNs")).isBetween(us(25), us(62));
        Event restart = h.until(e -> e.kind() == EventKind.START_THE_WORLD && "_GCoff".equals(e.detail().get("phase")), 10_000);
        assertThat((Long) restart.detail().get("stwNs")).as("mark termination").isBetween(us(1), us(3));
    }

    @Test
    void aStoreIntoAnObjectDeclaredWithoutPointersIsAFatalError() {
        Map<String, ObjectSpec> objs = new LinkedHashMap<>();
        objs.put("bytes", new ObjectSpec(1024, Map.of(), 0));
        objs.put("other", new ObjectSpec(64, Map.of()));
        Harness h = Harness.go(prog().heap(new Program.HeapSpec(objs, Map.of("b", "bytes", "o", "other"), Map.of()))
                .fn("main", new Op.Load("b", "global.b"), new Op.Load("o", "global.o"), new Op.Store("b.next", "o")).build(), 1);
        Event crash = h.until(EventKind.THROW);
        assertThat(crash.text().in("en")).contains("bytes").contains("no pointer words");
        assertThat(h.at("process.exitCode")).isEqualTo(2);
    }
}
