package goroutinelab.real;

/**
 * One event of a real execution trace, in a form both text parsers produce
 * (Go 1.19's {@code go tool trace -d} and the newer wire text): what happened,
 * when (ns since the trace's first event), on which P and goroutine, and the
 * one or two values the kind carries. {@link RealTraceBuilder} turns a stream
 * of them into the lab's vocabulary.
 *
 * @param ts     nanoseconds since the first event of the trace
 * @param type   what happened
 * @param p      the P it happened on, -1 if none or unknown
 * @param g      the goroutine it happened on (the one running), 0 if none
 * @param m      the thread, -1 if unknown
 * @param target the other goroutine (created, unblocked, started), or the thread a P was taken from
 * @param text   a reason, label, log category or STW kind; "" if none
 * @param text2  a log message; "" if none
 * @param value  a number the kind carries (heap bytes, GOMAXPROCS), 0 if none
 */
public record TraceEvent(long ts, Type type, int p, long g, long m, long target, String text, String text2, long value) {

    /** The kinds of events the lab reads; everything else in a trace is skipped. */
    public enum Type {
        /** g created target. */
        CREATE,
        /** target started running on p. */
        START,
        /** g (a runtime goroutine) is named text, e.g. "GC (dedicated)". */
        LABEL,
        /** g exited. */
        END,
        /** g stopped running but stays runnable; text "preempted" or "Gosched". */
        STOP,
        /** g blocked; text is the reason, as the runtime's waitReason words it. */
        BLOCK,
        /** g made target runnable. */
        UNBLOCK,
        /** g entered a system call on p, keeping p. */
        SYSCALL,
        /** g returned from its system call still holding its P (newer traces only). */
        SYSCALL_END,
        /** p was taken from a goroutine blocked in a system call (on thread target, when known). */
        SYSCALL_BLOCKED,
        /** target (or g) returned from a system call whose P had been taken. */
        SYSCALL_EXIT,
        /** target was waiting when the trace began. */
        WAITING,
        /** target was in a system call when the trace began. */
        IN_SYSCALL,
        /** thread m started running p. */
        PROC_START,
        /** p stopped: its thread let it go idle. */
        PROC_STOP,
        GC_START,
        GC_DONE,
        /** the world stopped; text is why. */
        STW_START,
        STW_DONE,
        /** g began a mark assist. */
        ASSIST_START,
        ASSIST_DONE,
        SWEEP_START,
        SWEEP_DONE,
        /** the live heap is value bytes. */
        HEAP_ALLOC,
        /** the next collection's goal is value bytes. */
        HEAP_GOAL,
        /** runtime/trace.Log: category text, message text2. */
        LOG,
        /** GOMAXPROCS became value. */
        GOMAXPROCS
    }

    static TraceEvent of(long ts, Type type, int p, long g) {
        return new TraceEvent(ts, type, p, g, -1, 0, "", "", 0);
    }

    TraceEvent withTarget(long t) {
        return new TraceEvent(ts, type, p, g, m, t, text, text2, value);
    }

    TraceEvent withText(String t) {
        return new TraceEvent(ts, type, p, g, m, target, t == null ? "" : t, text2, value);
    }

    TraceEvent withText2(String t) {
        return new TraceEvent(ts, type, p, g, m, target, text, t == null ? "" : t, value);
    }

    TraceEvent withValue(long v) {
        return new TraceEvent(ts, type, p, g, m, target, text, text2, v);
    }

    TraceEvent withM(long thread) {
        return new TraceEvent(ts, type, p, g, thread, target, text, text2, value);
    }
}
