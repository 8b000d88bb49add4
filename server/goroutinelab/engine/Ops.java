package goroutinelab.engine;

/** Short phrases for ops, for the board and the timeline ("compute 200µs", "recv jobs"). */
public final class Ops {
    private Ops() {
    }

    public static String describe(Op op) {
        if (op instanceof Op.Compute c) {
            return "compute " + Fmt.time(c.durationNs());
        } else if (op instanceof Op.Loop l) {
            return "loop " + Fmt.time(l.durationNs());
        } else if (op instanceof Op.Call c) {
            return "call " + c.fn();
        } else if (op instanceof Op.Go go) {
            return "go " + go.fn();
        } else if (op instanceof Op.Gosched) {
            return "runtime.Gosched";
        } else if (op instanceof Op.Syscall s) {
            return (s.cgo() ? "cgo " : "syscall ") + Fmt.time(s.durationNs());
        } else if (op instanceof Op.Sleep s) {
            return "sleep " + Fmt.time(s.durationNs());
        } else if (op instanceof Op.NetRead n) {
            return "netread " + Fmt.time(n.durationNs());
        } else if (op instanceof Op.Send s) {
            return "send " + s.chan();
        } else if (op instanceof Op.Recv r) {
            return "recv " + r.chan();
        } else if (op instanceof Op.Close c) {
            return "close " + c.chan();
        } else if (op instanceof Op.Alloc a) {
            return "alloc " + a.to() + " " + Fmt.bytes(a.sizeBytes());
        } else if (op instanceof Op.Store s) {
            return "store " + s.dst() + " = " + (s.src() == null ? "nil" : s.src());
        } else if (op instanceof Op.Load l) {
            return "load " + l.dst() + " = " + l.src();
        } else if (op instanceof Op.Clear c) {
            return "clear " + c.var();
        } else if (op instanceof Op.Gc) {
            return "runtime.GC()";
        } else if (op instanceof Op.Notify n) {
            return "signal.Notify " + n.signal();
        } else if (op instanceof Op.Repeat r) {
            return "repeat " + r.times();
        }
        return op.toString();
    }
}
