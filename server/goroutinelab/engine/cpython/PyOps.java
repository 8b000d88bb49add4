package goroutinelab.engine.cpython;

import goroutinelab.engine.Op;
import goroutinelab.engine.OpKind;

/** Short phrases for ops as the interpreter runs them, for the board ("time.sleep(1ms)", "jobs.get()"): each {@link OpKind}'s. */
final class PyOps {
    private PyOps() {
    }

    static String describe(Op op) {
        return op == null ? null : op.kind().describePython(op);
    }
}
