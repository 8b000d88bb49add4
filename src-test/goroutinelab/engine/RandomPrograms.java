package goroutinelab.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Small random lessons from a seed: a few functions of random ops (CPU work,
 * goroutines, yields, syscalls, sleeps, reads, channel operations, calls and
 * repeats), a few channels, a random machine; and, for most seeds, a heap the
 * functions allocate into, store pointers in and load from (with a small
 * heapMinimum, so the collector runs, and now and then runtime.GC), a
 * signal.Notify, and signals, forced collections and goroutines injected at
 * random times. The same seed gives the same program.
 */
public final class RandomPrograms {
    private RandomPrograms() {
    }

    public record Case(Program program, RuntimeConfig config) {
    }

    private static final String[] SIGNALS = {"SIGUSR1", "SIGUSR2", "SIGURG", "SIGPIPE", "SIGUSR1", "SIGINT"};

    /** A scheduling program with, for most seeds, a heap, a Notify and timed injections added. */
    public static Case generate(long seed) {
        Case base = scheduling(seed);
        Rng r = new Rng(seed * 0x2545F4914F6CDD1DL + 99);
        Map<String, List<Op>> fns = new LinkedHashMap<>(base.program().functions());
        List<String> chans = new ArrayList<>(base.program().channels().keySet());
        Program.HeapSpec heap = Program.HeapSpec.EMPTY;
        RuntimeConfig cfg = base.config();
        if (r.nextInt(3) != 0) {
            heap = heap(r);
            for (Map.Entry<String, List<Op>> e : fns.entrySet()) {
                List<Op> body = new ArrayList<>(e.getValue());
                int n = 1 + r.nextInt(4);
                for (int i = 0; i < n; i++) {
                    body.add(r.nextInt(body.size() + 1), heapOp(r));
                }
                body.add(0, new Op.Alloc("a", 1024L * (1 + r.nextInt(32))));
                e.setValue(body);
            }
            cfg = new RuntimeConfig(cfg.gomaxprocs(), cfg.runqSize(), cfg.asyncPreemption(), r.nextInt(10) != 0,
                    100, 1024L * (64 + r.nextInt(448)), cfg.switchIntervalNs(), cfg.seed());
        }
        if (!chans.isEmpty() && r.nextInt(3) == 0) {
            List<Op> main = new ArrayList<>(fns.get("main"));
            main.add(0, new Op.Notify(r.nextInt(2) == 0 ? "SIGUSR1" : "SIGUSR2", chans.get(r.nextInt(chans.size())), null));
            fns.put("main", main);
        }
        List<Program.TimedInjection> inj = new ArrayList<>();
        List<String> others = new ArrayList<>(fns.keySet());
        others.remove("main");
        int n = r.nextInt(4);
        for (int i = 0; i < n; i++) {
            long at = r.nextInt(20_000_000);
            switch (r.nextInt(4)) {
                case 0, 1 -> inj.add(new Program.TimedInjection(at, new Injection.Signal(SIGNALS[r.nextInt(SIGNALS.length)])));
                case 2 -> inj.add(new Program.TimedInjection(at, new Injection.ForceGc()));
                default -> {
                    if (!others.isEmpty()) {
                        inj.add(new Program.TimedInjection(at, new Injection.StartGoroutine(others.get(r.nextInt(others.size())))));
                    }
                }
            }
        }
        return new Case(new Program(fns, base.program().channels(), heap, inj), cfg);
    }

    /** A few objects linked by next and prev, two globals, and main's a pointing at the first. */
    private static Program.HeapSpec heap(Rng r) {
        int n = 2 + r.nextInt(8);
        Map<String, Program.ObjectSpec> objs = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            Map<String, String> fields = new LinkedHashMap<>();
            fields.put("next", r.nextInt(4) == 0 ? null : "H" + r.nextInt(n));
            if (r.nextInt(2) == 0) {
                fields.put("prev", "H" + r.nextInt(n));
            }
            objs.put("H" + i, new Program.ObjectSpec(1024L * (1 + r.nextInt(64)), fields));
        }
        Map<String, String> globals = new LinkedHashMap<>();
        globals.put("g0", "H0");
        globals.put("g1", "H" + r.nextInt(n));
        return new Program.HeapSpec(objs, globals, Map.of("main", Map.of("b", "H" + r.nextInt(n))));
    }

    /**
     * A heap op on a goroutine's locals: a (allocated first in every function,
     * so never nil), b and c (maybe nil, so only ever stored, never followed).
     */
    private static Op heapOp(Rng r) {
        String[] fields = {"a.next", "a.prev", "global.g0", "global.g1"};
        String[] maybeNil = {"b", "c"};
        return switch (r.nextInt(7)) {
            case 0 -> new Op.Alloc(r.nextInt(2) == 0 ? "a" : maybeNil[r.nextInt(2)], 1024L * (1 + r.nextInt(64)));
            case 1, 2 -> new Op.Store(fields[r.nextInt(4)], r.nextInt(5) == 0 ? null : new String[]{"a", "b", "c"}[r.nextInt(3)]);
            case 3, 4 -> new Op.Load(maybeNil[r.nextInt(2)], new String[]{"global.g0", "global.g1", "a.next", "a.prev", "a"}[r.nextInt(5)]);
            case 5 -> new Op.Clear(maybeNil[r.nextInt(2)]);
            default -> r.nextInt(3) == 0 ? new Op.Gc() : new Op.Alloc("a", 1024L * (1 + r.nextInt(16)));
        };
    }

    /** The scheduling part alone: functions, channels and a machine, no heap, no injections. */
    public static Case scheduling(long seed) {
        Rng r = new Rng(seed * 0x9E3779B97F4A7C15L + 12345);
        int nFns = 1 + r.nextInt(4);
        List<String> names = new ArrayList<>();
        names.add("main");
        for (int i = 1; i < nFns; i++) {
            names.add("f" + i);
        }
        Map<String, Integer> chans = new LinkedHashMap<>();
        int nChans = r.nextInt(3);
        for (int i = 0; i < nChans; i++) {
            chans.put("c" + i, r.nextInt(3));
        }
        Map<String, List<Op>> fns = new LinkedHashMap<>();
        for (int i = 0; i < nFns; i++) {
            fns.put(names.get(i), body(r, names, i, new ArrayList<>(chans.keySet()), 2 + r.nextInt(6), 0));
        }
        RuntimeConfig cfg = new RuntimeConfig(1 + r.nextInt(4), r.nextInt(3) == 0 ? 2 + r.nextInt(6) : 256,
                r.nextInt(4) != 0, true, 100, 4L << 20, 5_000_000L, seed);
        return new Case(new Program(fns, chans, Program.HeapSpec.EMPTY, List.of()), cfg);
    }

    private static List<Op> body(Rng r, List<String> names, int self, List<String> chans, int n, int depth) {
        List<Op> ops = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ops.add(op(r, names, self, chans, depth));
        }
        return ops;
    }

    private static Op op(Rng r, List<String> names, int self, List<String> chans, int depth) {
        int k = r.nextInt(16);
        String other = names.get(r.nextInt(names.size()));
        switch (k) {
            case 0, 1, 2:
                return new Op.Compute(1_000 + r.nextInt(400_000));
            case 3:
                return new Op.Loop(100_000 + r.nextInt(15_000_000));
            case 4, 5:
                return other.equals("main") ? new Op.Compute(10_000) : new Op.Go(other, 1 + r.nextInt(3));
            case 6:
                return new Op.Gosched();
            case 7:
                return new Op.Syscall(1_000 + r.nextInt(2_000_000), r.nextInt(3) == 0);
            case 8:
                return new Op.Sleep(1_000 + r.nextInt(3_000_000));
            case 9:
                return new Op.NetRead(1_000 + r.nextInt(3_000_000));
            case 10, 11:
                return chans.isEmpty() ? new Op.Gosched() : new Op.Send(chans.get(r.nextInt(chans.size())));
            case 12, 13:
                return chans.isEmpty() ? new Op.Compute(5_000) : new Op.Recv(chans.get(r.nextInt(chans.size())));
            case 14:
                if (!chans.isEmpty() && r.nextInt(3) == 0) {
                    return new Op.Close(chans.get(r.nextInt(chans.size())));
                }
                if (self + 1 < names.size()) {
                    return new Op.Call(names.get(self + 1 + r.nextInt(names.size() - self - 1)));
                }
                return new Op.Compute(2_000);
            default:
                if (depth < 2) {
                    return new Op.Repeat(r.nextInt(4), body(r, names, self, chans, 1 + r.nextInt(3), depth + 1));
                }
                return new Op.Compute(3_000);
        }
    }
}
