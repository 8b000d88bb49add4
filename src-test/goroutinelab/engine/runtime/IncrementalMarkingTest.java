package goroutinelab.engine.runtime;

import goroutinelab.engine.Event;
import goroutinelab.engine.EventKind;
import goroutinelab.engine.Harness;
import goroutinelab.engine.Op;
import goroutinelab.engine.Program;
import goroutinelab.engine.Program.ObjectSpec;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static goroutinelab.engine.Harness.prog;
import static goroutinelab.engine.Harness.us;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Incremental marking on the Ps the program runs on (mgcpacer.go startCycle,
 * findRunnableGCWorker; mgc.go pollFractionalWorkerExit): the pacer's worker
 * plan and each P's fractional mark time as the snapshot's gc.utilization
 * shows them, and a goroutine's Gosched handing its P to the fractional
 * worker while the P is behind its share.
 */
class IncrementalMarkingTest {

    /** Three 512 KB pointer arrays in a chain from a global: twelve oblets, about 0.3 ms of marking. */
    private static Program.HeapSpec arrays() {
        Map<String, ObjectSpec> objs = new LinkedHashMap<>();
        objs.put("A", new ObjectSpec(512 << 10, Map.of("next", "B"), ObjectSpec.allWords(512 << 10)));
        objs.put("B", new ObjectSpec(512 << 10, Map.of("next", "C"), ObjectSpec.allWords(512 << 10)));
        objs.put("C", new ObjectSpec(512 << 10, Map.of(), ObjectSpec.allWords(512 << 10)));
        return new Program.HeapSpec(objs, Map.of("data", "A"), Map.of());
    }

    /** main starts two goroutines that compute 50 µs and Gosched, then calls runtime.GC. */
    private static Harness twoYieldingMutators(int procs) {
        return Harness.go(prog().heap(arrays())
                .fn("main", new Op.Go("mutator", 2), new Op.Sleep(us(20)), new Op.Gc())
                .fn("mutator", new Op.Repeat(30, List.of(new Op.Compute(us(50)), new Op.Gosched()))).build(), procs);
    }

    private static boolean markBegins(Event e) {
        return e.kind() == EventKind.START_THE_WORLD && "_GCmark".equals(e.detail().get("phase"));
    }

    @Test
    void theSnapshotShowsThePacersWorkerPlanOnlyWhileMarking() {
        // startCycle: round(0.25 × GOMAXPROCS) dedicated workers, kept only within 30% of the goal; the rest
        // becomes each P's fractional goal
        Object[][] plans = {{1, 0, 0.25}, {2, 0, 0.25}, {3, 0, 0.25}, {4, 1, 0.0}, {5, 1, 0.0}, {6, 1, 0.5 / 6}, {8, 2, 0.0}};
        for (Object[] plan : plans) {
            int procs = (int) plan[0];
            Harness h = twoYieldingMutators(procs);
            assertThat(h.at("gc.utilization")).as("before any cycle, on %d Ps", procs).isNull();
            h.until(IncrementalMarkingTest::markBegins, 10_000);
            assertThat(h.at("gc.utilization.goal")).isEqualTo(0.25);
            assertThat(h.at("gc.utilization.dedicated")).as("dedicated workers on %d Ps", procs).isEqualTo(plan[1]);
            assertThat((double) h.at("gc.utilization.fractionalGoal")).as("fractional goal on %d Ps", procs)
                    .isCloseTo((double) plan[2], org.assertj.core.data.Offset.offset(1e-9));
            assertThat((List<?>) h.at("gc.utilization.fractionalTime")).hasSize(procs);
            h.until(e -> e.kind() == EventKind.GC_MARK_TERMINATION, 100_000);
            assertThat(h.at("gc.utilization")).as("after mark termination, on %d Ps", procs).isNull();
        }
    }

    @Test
    void aPsFractionalTimeIsTheSumOfItsWorkersStintsWithTheRunningOneIncluded() {
        Harness h = twoYieldingMutators(1);
        long markStart = h.until(IncrementalMarkingTest::markBegins, 10_000).time();
        long finished = 0;
        long stintStart = -1;
        int stints = 0;
        while (true) {
            Event e = h.step();
            if (e.kind() == EventKind.GC_MARK_DONE) {
                break;
            }
            if (e.g() == null || e.g() != 1001) {
                continue;
            }
            if (e.kind() == EventKind.EXECUTE) {
                // the stint begins once the worker runs, after execute's own step (p.gcMarkWorkerStartTime)
                stintStart = e.time() + Costs.RUNTIME_NS;
            } else if (e.kind() == EventKind.SCANOBJECT) {
                // mid-stint: the running stint counts, as pollFractionalWorkerExit counts it
                List<?> times = (List<?>) h.at("gc.utilization.fractionalTime");
                assertThat(((Number) times.get(0)).longValue()).isEqualTo(finished + (h.engine.now() - stintStart));
            } else if (e.kind() == EventKind.GOPARK) {
                finished += e.time() - stintStart;
                stints++;
                List<?> times = (List<?>) h.at("gc.utilization.fractionalTime");
                List<?> shares = (List<?>) h.at("gc.utilization.fractionalShare");
                long since = ((Number) h.at("gc.utilization.sinceMarkStart")).longValue();
                assertThat(since).isEqualTo(e.time() - markStart);
                assertThat(((Number) times.get(0)).longValue()).as("after stint %d", stints).isEqualTo(finished);
                assertThat((double) shares.get(0)).isCloseTo(finished / (double) since, org.assertj.core.data.Offset.offset(0.0006));
                // each stint ends at the first check past 1.2 × 25% of the time since marking began
                assertThat(finished / (double) since).as("share after stint %d", stints).isGreaterThan(0.3);
            }
        }
        assertThat(stints).isGreaterThanOrEqualTo(5);
    }

    @Test
    void aGoschedDuringMarkHandsThePToTheWorkerWhileThePIsBehindItsShare() {
        // findRunnable asks findRunnableGCWorker before the run queues; the fractional worker runs only while
        // its P's finished stints are at most its goal of the time since marking began
        Harness h = twoYieldingMutators(1);
        h.until(IncrementalMarkingTest::markBegins, 10_000);
        int handed = 0;
        int kept = 0;
        while (true) {
            Event e = h.step();
            if (e.kind() == EventKind.GC_MARK_DONE) {
                break;
            }
            if (e.kind() != EventKind.GOSCHED) {
                continue;
            }
            List<?> times = (List<?>) h.at("gc.utilization.fractionalTime");
            long since = ((Number) h.at("gc.utilization.sinceMarkStart")).longValue();
            boolean behind = ((Number) times.get(0)).longValue() <= 0.25 * since;
            Event next = h.until(x -> x.kind() == EventKind.EXECUTE, 100);
            if (behind) {
                assertThat(next.g()).as("after the Gosched at %d ns", e.time()).isEqualTo(1001);
                handed++;
            } else {
                assertThat(next.g()).as("after the Gosched at %d ns", e.time()).isNotEqualTo(1001);
                kept++;
            }
        }
        assertThat(handed).isGreaterThanOrEqualTo(5);
        assertThat(kept).isGreaterThanOrEqualTo(3);
    }

    @Test
    void fromGcMarkDoneTheSnapshotNamesTheStopTheWorldForMarkTermination() {
        // gcMarkDone begins the second stop-the-world: the banner must not still say sweep termination
        Harness h = twoYieldingMutators(1);
        h.until(e -> e.kind() == EventKind.GC_MARK_DONE, 100_000);
        assertThat(h.at("gc.stwReason")).isEqualTo("mark termination");
        h.until(e -> e.kind() == EventKind.GC_MARK_TERMINATION, 1000);
        assertThat(h.at("gc.stwReason")).isEqualTo("mark termination");
    }
}
