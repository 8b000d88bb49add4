package goroutinelab.engine;

/** Short phrases for ops, for the board and the timeline ("compute 200µs", "recv jobs"): each {@link OpKind}'s. */
public final class Ops {
    private Ops() {
    }

    public static String describe(Op op) {
        return op.kind().describe(op);
    }
}
