package goroutinelab.engine.runtime;

import goroutinelab.engine.CheckedEngine;
import goroutinelab.engine.Engine;
import goroutinelab.engine.Event;
import goroutinelab.engine.Op;
import goroutinelab.engine.Program;
import goroutinelab.engine.RuntimeConfig;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A long run reuses the slots of freed objects (Collector.reusableSlot), so
 * its heap table stays bounded, while the snapshot still lists objects in
 * allocation order and the run stays deterministic and its invariants hold.
 */
class FreedSlotsTest {

    /** Four goroutines allocate and link objects without end; main forces a GC every 20 µs. */
    private static Program churn() {
        Map<String, Program.ObjectSpec> objs = new LinkedHashMap<>();
        for (int i = 0; i < 8; i++) {
            objs.put("X" + i, new Program.ObjectSpec(512, Map.of("a", "X" + ((i + 1) % 8))));
        }
        Map<String, String> globals = new LinkedHashMap<>();
        globals.put("g0", "X0");
        List<Op> body = List.of(new Op.Load("p", "global.g0"), new Op.Alloc("t", 64), new Op.Store("p.b", "t"),
                new Op.Alloc("u", 32), new Op.Compute(500));
        Map<String, List<Op>> fns = new LinkedHashMap<>();
        fns.put("main", List.of(new Op.Go("mutator", 4), new Op.Repeat(1_000_000, List.of(new Op.Gc(), new Op.Sleep(20_000)))));
        fns.put("mutator", List.of(new Op.Repeat(10_000_000, body)));
        return new Program(fns, Map.of(), new Program.HeapSpec(objs, globals, Map.of()), List.of());
    }

    @Test
    void aLongRunReusesFreedSlotsAndKeepsItsInvariantsAndItsOrder() {
        GoRuntime rt = new GoRuntime(churn(), RuntimeConfig.DEFAULT.withGomaxprocs(2));
        Engine checked = CheckedEngine.every(rt, 1024);
        Collector c = rt.gc;
        int[] table = new int[4];
        for (int k = 0; k < table.length; k++) {
            for (int i = 0; i < 40_000; i++) {
                checked.step();
            }
            table[k] = c.byRef.size();
        }
        // the table stops growing while objects go on being made
        assertThat(c.slotsReused).isTrue();
        assertThat(table[3]).isLessThanOrEqualTo(table[2] + table[2] / 10);
        assertThat(c.made).isGreaterThan(table[3] + 50_000L);
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> heap = (Map<String, Map<String, Object>>) checked.snapshot().get("heap");
        assertThat(heap).hasSize(c.byRef.size());
        long freed = heap.values().stream().filter(o -> Boolean.TRUE.equals(o.get("freed"))).count();
        assertThat(freed).isGreaterThan(Collector.FREED_SHOWN);
        // the snapshot's order is allocation order: the lesson's objects first, then o<n> by n
        List<String> ids = new ArrayList<>(heap.keySet());
        assertThat(ids.subList(0, 8)).containsExactly("X0", "X1", "X2", "X3", "X4", "X5", "X6", "X7");
        List<Long> numbers = ids.subList(8, ids.size()).stream().map(id -> Long.parseLong(id.substring(1))).toList();
        assertThat(numbers).isSorted();
    }

    @Test
    void aRunThatReusesSlotsIsTheSameRunFromACopy() {
        GoRuntime rt = new GoRuntime(churn(), RuntimeConfig.DEFAULT.withGomaxprocs(2));
        for (int i = 0; i < 120_000; i++) {
            rt.step();
        }
        Engine copy = rt.copy();
        for (int i = 0; i < 60_000; i++) {
            Event a = rt.step();
            Event b = copy.step();
            assertThat(b).hasToString(a.toString());
        }
        assertThat(rt.gc.slotsReused).isTrue();
        assertThat(copy.snapshot()).isEqualTo(rt.snapshot());
    }
}
