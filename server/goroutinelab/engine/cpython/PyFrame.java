package goroutinelab.engine.cpython;

import goroutinelab.engine.Op;
import goroutinelab.engine.OpCursor;

import java.util.List;

/**
 * One level of a thread's Python call stack: a lesson function's body (or a
 * repeat block, which CPython would run as a for loop in the same frame) and
 * where the thread is in it; {@link OpCursor} walks them. An op interrupted
 * half way (CPU work cut at an eval-breaker check, a blocking call cut by
 * EINTR) keeps what is left of it here, so a signal handler pushed on top
 * cannot disturb it.
 */
final class PyFrame extends OpCursor.Frame<PyFrame> {
    /** What is left of the current op's time after an interruption; 0 = the op's full time. */
    long remainingNs;
    /** How many of the current op's repetitions are done ({@code go} with a count). */
    int progress;
    /** The current op is being retried after EINTR (PEP 475)... */
    boolean retry;
    /** ...and the call still ends when it would have: the sleep's deadline, the data's arrival. */
    long deadlineNs;
    /** A signal handler's frame: it was called by _PyErr_CheckSignalsTstate, not by the lesson's code. */
    final boolean handler;
    /** A trace function's frame: call_trace_func called it between two lines; nothing inside it is traced. */
    final boolean trace;
    /** The trace function has had this frame's 'call' event (or the frame began before tracing could see it). */
    boolean entered;
    /** The trace function has had the 'line' event of the current op's current line. */
    boolean lineTraced;

    PyFrame(String fn, List<Op> ops, int passesLeft, boolean handler) {
        this(fn, ops, passesLeft, handler, false);
    }

    private PyFrame(String fn, List<Op> ops, int passesLeft, boolean handler, boolean trace) {
        super(fn, ops, passesLeft);
        this.handler = handler;
        this.trace = trace;
        this.entered = trace;
    }

    /** The frame of a trace function, called between two lines of the frame below it. */
    static PyFrame traceFrame(String fn, List<Op> ops) {
        return new PyFrame(fn, ops, 0, false, true);
    }

    private PyFrame(PyFrame o) {
        super(o);
        this.handler = o.handler;
        this.trace = o.trace;
        this.entered = o.entered;
        this.lineTraced = o.lineTraced;
        this.remainingNs = o.remainingNs;
        this.progress = o.progress;
        this.retry = o.retry;
        this.deadlineNs = o.deadlineNs;
    }

    @Override
    public PyFrame copy() {
        return new PyFrame(this);
    }

    @Override
    protected PyFrame nested(List<Op> body, int passesLeft) {
        PyFrame f = new PyFrame(fn(), body, passesLeft, false, false);
        f.entered = true;
        return f;
    }

    /** A handler's or a trace function's frame returns to an op that was interrupted or not yet begun, not finished. */
    @Override
    protected boolean completesCaller() {
        return !handler && !trace;
    }

    /** The current op is done: move on, forgetting what was left of it. */
    @Override
    public void advance() {
        super.advance();
        remainingNs = 0;
        progress = 0;
        retry = false;
        lineTraced = false;
    }
}
