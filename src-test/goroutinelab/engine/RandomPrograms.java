package goroutinelab.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Small random lessons from a seed: a few functions of random ops (CPU work,
 * goroutines, yields, syscalls, sleeps, reads, channel operations, calls and
 * repeats), a few channels, a random machine. The same seed gives the same program.
 */
public final class RandomPrograms {
    private RandomPrograms() {
    }

    public record Case(Program program, RuntimeConfig config) {
    }

    public static Case generate(long seed) {
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
