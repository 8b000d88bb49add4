package goroutinelab.engine.cpython;

import goroutinelab.engine.Injection;
import goroutinelab.engine.Op;
import goroutinelab.engine.Program;
import goroutinelab.engine.RandomPrograms;
import goroutinelab.engine.Rng;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * RandomPrograms' seeded scheduling programs, with what matters to the interpreter added:
 * a signal handler (sometimes installed from a thread that may not), signals
 * injected at random times, and heap writes that make cycles, drop references
 * and sometimes read a field of None.
 */
public final class PyRandomPrograms {
    private PyRandomPrograms() {
    }

    private static final String[] SIGNALS = {"SIGUSR1", "SIGINT", "SIGPIPE", "SIGUSR2", "SIGURG"};

    public static RandomPrograms.Case generate(long seed) {
        RandomPrograms.Case c = RandomPrograms.scheduling(seed);
        Rng r = new Rng(seed * 0x5DEECE66DL + 11);
        Map<String, List<Op>> fns = new LinkedHashMap<>();
        List<String> names = new ArrayList<>(c.program().functions().keySet());
        for (String name : names) {
            List<Op> body = new ArrayList<>(c.program().functions().get(name));
            if (r.nextInt(3) == 0) {
                body.addAll(r.nextInt(body.size() + 1), heapOps(r));
            }
            if (!name.equals("main") && r.nextInt(8) == 0) {
                body.add(0, new Op.Notify("SIGUSR1", null, "handler"));
            }
            fns.put(name, body);
        }
        List<Op> main = new ArrayList<>(fns.get("main"));
        if (r.nextInt(3) != 0) {
            main.add(0, new Op.Notify(r.nextInt(2) == 0 ? "SIGUSR1" : "SIGINT", null, "handler"));
        }
        if (r.nextInt(6) == 0) {
            main.add(new Op.Gc());
        }
        fns.put("main", main);
        fns.put("handler", List.of(new Op.Compute(1_000 + r.nextInt(50_000))));
        List<Program.TimedInjection> inj = new ArrayList<>();
        int n = r.nextInt(4);
        for (int i = 0; i < n; i++) {
            inj.add(new Program.TimedInjection(r.nextInt(30_000_000), new Injection.Signal(SIGNALS[r.nextInt(SIGNALS.length)])));
        }
        if (r.nextInt(5) == 0) {
            inj.add(new Program.TimedInjection(r.nextInt(20_000_000), new Injection.ForceGc()));
        }
        return new RandomPrograms.Case(new Program(fns, c.program().channels(), Program.HeapSpec.EMPTY, inj), c.config());
    }

    private static List<Op> heapOps(Rng r) {
        List<Op> ops = new ArrayList<>();
        int n = 1 + r.nextInt(5);
        for (int i = 0; i < n; i++) {
            String v = r.nextInt(2) == 0 ? "x" : "y";
            String w = r.nextInt(2) == 0 ? "x" : "y";
            switch (r.nextInt(6)) {
                case 0, 1 -> ops.add(new Op.Alloc(v, 64 + r.nextInt(4096)));
                case 2 -> ops.add(new Op.Store(v + ".next", r.nextInt(4) == 0 ? null : w));
                case 3 -> ops.add(new Op.Load(v, w + ".next"));
                case 4 -> ops.add(new Op.Store("global.g", w));
                default -> ops.add(new Op.Clear(v));
            }
        }
        return ops;
    }
}
