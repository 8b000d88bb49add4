package goroutinelab.engine.cpython;

import goroutinelab.engine.Fmt;
import goroutinelab.engine.Op;

/** Short phrases for ops as the interpreter runs them, for the board ("time.sleep(1ms)", "jobs.get()"). */
final class PyOps {
    private PyOps() {
    }

    static String describe(Op op) {
        if (op == null) {
            return null;
        }
        if (op instanceof Op.Compute c) {
            return "bytecode " + Fmt.time(c.durationNs());
        } else if (op instanceof Op.Loop l) {
            return "C call " + Fmt.time(l.durationNs()) + " (holds the GIL)";
        } else if (op instanceof Op.Call c) {
            return c.fn() + "()";
        } else if (op instanceof Op.Go go) {
            return "Thread(target=" + go.fn() + ").start()" + (go.count() > 1 ? " ×" + go.count() : "");
        } else if (op instanceof Op.Gosched) {
            return "time.sleep(0)";
        } else if (op instanceof Op.Syscall s) {
            return s.cgo() ? "C extension call " + Fmt.time(s.durationNs()) + " (GIL released)"
                    : "system call " + Fmt.time(s.durationNs());
        } else if (op instanceof Op.Sleep s) {
            return "time.sleep(" + Fmt.time(s.durationNs()) + ")";
        } else if (op instanceof Op.NetRead n) {
            return "sock.recv() " + Fmt.time(n.durationNs());
        } else if (op instanceof Op.Send s) {
            return s.chan() + ".put()";
        } else if (op instanceof Op.Recv r) {
            return r.chan() + ".get()";
        } else if (op instanceof Op.Close c) {
            return c.chan() + ".shutdown()";
        } else if (op instanceof Op.Alloc a) {
            return a.to() + " = T()  " + Fmt.bytes(a.sizeBytes());
        } else if (op instanceof Op.Store s) {
            return s.dst().replace("global.", "") + " = " + (s.src() == null ? "None" : s.src().replace("global.", ""));
        } else if (op instanceof Op.Load l) {
            return l.dst() + " = " + l.src().replace("global.", "");
        } else if (op instanceof Op.Clear c) {
            return c.var() + " = None";
        } else if (op instanceof Op.Gc) {
            return "gc.collect()";
        } else if (op instanceof Op.Notify n) {
            return "signal.signal(" + n.signal() + ", " + (n.handler() != null ? n.handler() : n.chan() + ".put_nowait") + ")";
        } else if (op instanceof Op.Repeat r) {
            return "for _ in range(" + r.times() + ")";
        }
        return op.toString();
    }
}
