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
 * Per-P mark work buffers (runtime/mgcwork.go), turned on by a lesson's
 * gcWorkBuffers: what a P greys stays in its own buffers and comes out last
 * in, first out; balance puts the older half of a wbuf1 of more than four
 * entries on work.full while it is empty; a P with empty buffers takes a full
 * buffer (trygetfull); a P starts a worker only for its own buffers, work.full
 * or root jobs. The harness checks the engine's invariants after every step,
 * among them that every grey entry is in exactly one buffer.
 */
class WorkBuffersTest {

    /** A global leads to R, which points to n 128 KB pointer arrays C0..C(n-1). */
    private static Program.HeapSpec fan(int n) {
        Map<String, ObjectSpec> objs = new LinkedHashMap<>();
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            fields.put("c" + i, "C" + i);
        }
        objs.put("R", new ObjectSpec(64, fields));
        for (int i = 0; i < n; i++) {
            objs.put("C" + i, new ObjectSpec(128 << 10, Map.of(), ObjectSpec.allWords(128 << 10)));
        }
        return new Program.HeapSpec(objs, Map.of("root", "R"), Map.of());
    }

    private static Harness gcOn(int children, boolean buffers) {
        return Harness.go(prog().heap(fan(children)).fn("main", new Op.Sleep(us(10)), new Op.Gc()).build(),
                RuntimeConfig.DEFAULT.withGomaxprocs(2).withGcWorkBuffers(buffers));
    }

    /** Which P scanned each object, in the order they were scanned. */
    private static Map<String, Integer> scannedBy(Harness h, List<String> order) {
        Map<String, Integer> by = new TreeMap<>();
        h.runToEnd(10_000);
        for (Event e : h.events) {
            if (e.kind() == EventKind.SCANOBJECT) {
                String obj = (String) e.detail().get("obj");
                by.put(obj, e.p());
                order.add(obj);
            }
        }
        return by;
    }

    @Test
    void balanceSharesTheOlderHalfOfABusyPsBufferAndTheOtherPTakesIt() {
        Harness h = gcOn(8, true);
        Event scanR = h.until(e -> e.kind() == EventKind.SCANOBJECT, 10_000);
        int busy = scanR.p();
        assertThat(h.at("gc.workbufs.p." + busy + ".wbuf1")).isEqualTo(List.of("C0", "C1", "C2", "C3", "C4", "C5", "C6", "C7"));
        assertThat(h.at("gc.workbufs.p." + (1 - busy) + ".wbuf1")).isEqualTo(List.of());
        Event put = h.step();
        assertThat(put.kind()).isEqualTo(EventKind.PUTFULL);
        assertThat(put.detail().get("objs")).isEqualTo(List.of("C0", "C1", "C2", "C3"));
        assertThat(h.at("gc.workbufs.full")).isEqualTo(List.of(List.of("C0", "C1", "C2", "C3")));
        assertThat(h.at("gc.workbufs.p." + busy + ".wbuf1")).isEqualTo(List.of("C4", "C5", "C6", "C7"));
        Event took = h.until(e -> e.kind() == EventKind.TRYGETFULL, 1000);
        assertThat(took.p()).isEqualTo(1 - busy);
        assertThat(h.at("gc.workbufs.full")).isEqualTo(List.of());
        assertThat(h.at("gc.workbufs.empty")).isEqualTo(1);
        List<String> order = new ArrayList<>();
        Map<String, Integer> by = scannedBy(h, order);
        // last in, first out on each P
        assertThat(order.stream().filter(o -> by.get(o) == busy && !o.equals("R")).toList()).containsExactly("C7", "C6", "C5", "C4");
        assertThat(order.stream().filter(o -> by.get(o) == 1 - busy).toList()).containsExactly("C3", "C2", "C1", "C0");
        assertThat(h.at("process.exited")).isEqualTo(true);
    }

    @Test
    void aBufferOfFourIsNotSharedSoTheOtherPFindsNoWork() {
        // handoff only splits a wbuf1 of more than four entries; gcMarkWorkAvailable looks at the P's own
        // buffers, work.full and the root jobs, never at another P's buffers
        Harness h = gcOn(4, true);
        List<String> order = new ArrayList<>();
        Map<String, Integer> by = scannedBy(h, order);
        assertThat(order).containsExactly("R", "C3", "C2", "C1", "C0");
        assertThat(by.values()).containsOnly(by.get("R"));
        assertThat(h.engine.eventCount("putfull", null)).isZero();
        assertThat(h.engine.eventCount("trygetfull", null)).isZero();
    }

    @Test
    void withoutTheSettingMarkingUsesOneQueueAndTheSnapshotHasNoBuffers() {
        Harness h = gcOn(8, false);
        h.until(e -> e.kind() == EventKind.SCANOBJECT, 10_000);
        assertThat(h.at("gc.workbufs")).isNull();
        List<String> order = new ArrayList<>();
        scannedBy(h, order);
        // the simple view: first in, first out
        assertThat(order).containsExactly("R", "C0", "C1", "C2", "C3", "C4", "C5", "C6", "C7");
        assertThat(h.engine.eventCount("putfull", null)).isZero();
    }

    @Test
    void aWriteBarrierDuringMarkGreysIntoTheWritingPsBuffer() {
        // the barrier's shades go to the gcWork of the P the writing goroutine runs on: the writer clears
        // H.next while H waits, unscanned, behind Big's oblets, and the deletion half greys Z there
        Map<String, ObjectSpec> objs = new LinkedHashMap<>();
        objs.put("Big", new ObjectSpec(1 << 20, Map.of(), ObjectSpec.allWords(1 << 20)));
        objs.put("H", new ObjectSpec(64, Map.of("next", "Z")));
        objs.put("Z", new ObjectSpec(64, Map.of("next", "Y")));
        objs.put("Y", new ObjectSpec(64, Map.of()));
        Map<String, String> globals = new LinkedHashMap<>();
        globals.put("h", "H");
        globals.put("big", "Big");
        Harness h = Harness.go(prog().heap(new Program.HeapSpec(objs, globals, Map.of()))
                .fn("main", new Op.Go("writer", 1), new Op.Go("gcer", 1), new Op.Sleep(ms(2)))
                .fn("gcer", new Op.Gc())
                .fn("writer", new Op.Compute(us(150)), new Op.Load("h", "global.h"), new Op.Store("h.next", null),
                        new Op.Compute(us(50))).build(),
                RuntimeConfig.DEFAULT.withGomaxprocs(2).withGcWorkBuffers(true));
        Event wb = h.until(e -> e.kind() == EventKind.WRITEBARRIER, 100_000);
        assertThat(wb.detail().get("shaded")).isEqualTo(List.of("Z"));
        assertThat(h.at("heap.Z.color")).isEqualTo("grey");
        // at the end of the writing P's wbuf1: the next object that P's marker takes
        assertThat((List<?>) h.at("gc.workbufs.p." + wb.p() + ".wbuf1")).last().isEqualTo("Z");
        assertThat(String.valueOf(h.at("gc.workbufs.p." + (1 - wb.p()) + ".wbuf1"))).doesNotContain("Z");
        h.runToEnd(100_000);
        assertThat(h.at("gc.lost")).isEqualTo(List.of());
        assertThat(h.at("heap.Y.freed")).as("Y was reachable when marking began, so it survives").isEqualTo(false);
    }
}
