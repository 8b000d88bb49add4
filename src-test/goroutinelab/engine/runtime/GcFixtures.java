package goroutinelab.engine.runtime;

import goroutinelab.engine.Harness;
import goroutinelab.engine.Op;
import goroutinelab.engine.Program;
import goroutinelab.engine.RuntimeConfig;

import java.util.LinkedHashMap;
import java.util.Map;

import static goroutinelab.engine.Harness.ms;
import static goroutinelab.engine.Harness.prog;
import static goroutinelab.engine.Harness.us;

/** Programs the collector tests share. */
final class GcFixtures {
    private GcFixtures() {
    }

    /**
     * The classic lost-object race: A (1MB, slow to scan) and C are reachable from
     * globals, C.next = B. While a worker scans A (already black), main moves the
     * only pointer to B from C into A: c.next = nil; a.next = B.
     */
    static Harness pointerMove(boolean writeBarrier) {
        Map<String, Program.ObjectSpec> objs = new LinkedHashMap<>();
        objs.put("A", new Program.ObjectSpec(1 << 20, Map.of()));
        objs.put("C", new Program.ObjectSpec(1024, Map.of("next", "B")));
        objs.put("B", new Program.ObjectSpec(1024, Map.of()));
        Map<String, String> globals = new LinkedHashMap<>();
        globals.put("ga", "A");
        globals.put("gc", "C");
        return Harness.go(prog().heap(new Program.HeapSpec(objs, globals, Map.of()))
                .fn("main", new Op.Go("gcer", 1), new Op.Load("a", "global.ga"), new Op.Load("c", "global.gc"),
                        new Op.Sleep(us(30)),
                        new Op.Load("x", "c.next"), new Op.Store("c.next", null), new Op.Store("a.next", "x"),
                        new Op.Clear("x"), new Op.Clear("c"), new Op.Sleep(ms(5)), new Op.Load("y", "a.next"),
                        new Op.Load("z", "y.next"))
                .fn("gcer", new Op.Gc()).build(), RuntimeConfig.DEFAULT.withGomaxprocs(1).withWriteBarrier(writeBarrier));
    }

    /**
     * A linked list of n objects of the given size from global head, each with
     * one pointer word (its link; the last has none and is never queued):
     * marking it takes n - 1 scanobject steps of a few tens of ns.
     */
    static Program.HeapSpec chain(int n, long size) {
        Map<String, Program.ObjectSpec> objs = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            objs.put("L" + i, new Program.ObjectSpec(size, i + 1 < n ? Map.of("next", "L" + (i + 1)) : Map.of()));
        }
        return new Program.HeapSpec(objs, Map.of("head", "L0"), Map.of());
    }

    /**
     * A linked list of n objects of the given size whose every word may hold a
     * pointer (a {@code []*T}, its first slot the link): each is scanned whole,
     * in 128 KB oblets when larger, about 25 µs per 128 KB.
     */
    static Program.HeapSpec pointerChain(int n, long size) {
        Map<String, Program.ObjectSpec> objs = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            objs.put("L" + i, new Program.ObjectSpec(size, i + 1 < n ? Map.of("next", "L" + (i + 1)) : Map.of(),
                    Program.ObjectSpec.allWords(size)));
        }
        return new Program.HeapSpec(objs, Map.of("head", "L0"), Map.of());
    }

    static Program.HeapSpec abc() {
        Map<String, Program.ObjectSpec> objs = new LinkedHashMap<>();
        objs.put("A", new Program.ObjectSpec(1024, Map.of("next", "B")));
        objs.put("B", new Program.ObjectSpec(1024, Map.of()));
        objs.put("C", new Program.ObjectSpec(1024, Map.of()));
        return new Program.HeapSpec(objs, Map.of("a", "A"), Map.of());
    }
}
