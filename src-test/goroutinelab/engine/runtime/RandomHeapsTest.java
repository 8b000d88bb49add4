package goroutinelab.engine.runtime;

import goroutinelab.engine.Engine;
import goroutinelab.engine.InvariantRun;
import goroutinelab.engine.Op;
import goroutinelab.engine.Program;
import goroutinelab.engine.Rng;
import goroutinelab.engine.RuntimeConfig;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seeded random heap-mutation programs: mutators load, store, allocate and drop
 * pointers while cycles run (small heapMinimum, and runtime.GC). With the
 * barrier on the collector's invariants hold after every step over 1,000
 * seeds; with it off, some seed loses a reachable object.
 */
class RandomHeapsTest {

    static Program program(long seed) {
        Rng r = new Rng(seed * 31 + 7);
        int n = 4 + r.nextInt(12);
        Map<String, Program.ObjectSpec> objs = new LinkedHashMap<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add("X" + i);
        }
        for (String id : ids) {
            Map<String, String> f = new LinkedHashMap<>();
            if (r.nextInt(3) > 0) {
                f.put("a", ids.get(r.nextInt(n)));
            }
            if (r.nextInt(3) == 0) {
                f.put("b", ids.get(r.nextInt(n)));
            }
            objs.put(id, new Program.ObjectSpec(256 + r.nextInt(32) * 1024L, f));
        }
        Map<String, String> globals = new LinkedHashMap<>();
        globals.put("g0", ids.get(0));
        globals.put("g1", ids.get(r.nextInt(n)));
        Map<String, List<Op>> fns = new LinkedHashMap<>();
        int mutators = 1 + r.nextInt(3);
        List<Op> main = new ArrayList<>();
        main.add(new Op.Go("mut", mutators));
        main.add(new Op.Gc());
        main.add(new Op.Sleep(200_000 + r.nextInt(500_000)));
        main.add(new Op.Gc());
        fns.put("main", main);
        List<Op> body = new ArrayList<>();
        String[] vars = {"p", "q"};
        for (int i = 0; i < 6 + r.nextInt(10); i++) {
            String v = vars[r.nextInt(2)];
            String w = vars[r.nextInt(2)];
            switch (r.nextInt(7)) {
                case 0 -> body.add(new Op.Load(v, "global.g" + r.nextInt(2)));
                case 1 -> body.add(new Op.Load(v, w + (r.nextInt(2) == 0 ? ".a" : ".b")));
                case 2 -> body.add(new Op.Store(w + (r.nextInt(2) == 0 ? ".a" : ".b"), r.nextInt(4) == 0 ? null : v));
                case 3 -> body.add(new Op.Store("global.g" + r.nextInt(2), v));
                case 4 -> body.add(new Op.Alloc(v, 1024L * (1 + r.nextInt(64))));
                case 5 -> body.add(new Op.Clear(v));
                default -> body.add(new Op.Compute(1_000 + r.nextInt(20_000)));
            }
        }
        List<Op> mut = new ArrayList<>();
        mut.add(new Op.Load("p", "global.g0"));
        mut.add(new Op.Load("q", "global.g1"));
        mut.add(new Op.Repeat(3 + r.nextInt(20), body));
        fns.put("mut", mut);
        return new Program(fns, Map.of(), new Program.HeapSpec(objs, globals, Map.of()), List.of());
    }

    static RuntimeConfig config(long seed, boolean barrier) {
        Rng r = new Rng(seed);
        return new RuntimeConfig(1 + r.nextInt(4), 256, r.nextInt(3) != 0, barrier, 100, 128 * 1024, 5_000_000, seed);
    }

    @Test
    void theCollectorsInvariantsHoldForAThousandSeedsWithTheBarrierOn() {
        List<String> failures = new ArrayList<>();
        long cycles = 0;
        for (long seed = 1; seed <= 1_000 && failures.size() < 5; seed++) {
            Engine e = new GoRuntime(program(seed), config(seed, true));
            InvariantRun run = InvariantRun.play(e, seed, 3_000);
            if (!run.ok()) {
                failures.add(run.failure());
            }
            cycles += ((Number) ((Map<?, ?>) e.snapshot().get("gc")).get("cycle")).longValue();
        }
        assertThat(failures).as("reproduce with RandomHeapsTest.program(seed)").isEmpty();
        assertThat(cycles).isGreaterThan(1_000);
    }

    @Test
    void withTheBarrierOffSomeSeedLosesAReachableObject() {
        long found = -1;
        for (long seed = 1; seed <= 5_000 && found < 0; seed++) {
            Engine e = new GoRuntime(program(seed), config(seed, false));
            for (int i = 0; i < 3_000 && e.step() != null; i++) {
                // run
            }
            if (!((List<?>) ((Map<?, ?>) e.snapshot().get("gc")).get("lost")).isEmpty()) {
                found = seed;
            }
        }
        assertThat(found).as("a seed that loses an object without the barrier").isPositive();
    }
}
