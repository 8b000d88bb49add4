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

    PyFrame(String fn, List<Op> ops, int passesLeft, boolean handler) {
        super(fn, ops, passesLeft);
        this.handler = handler;
    }

    private PyFrame(PyFrame o) {
        super(o);
        this.handler = o.handler;
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
        return new PyFrame(fn(), body, passesLeft, false);
    }

    /** A handler's frame returns to an op that was interrupted, not finished. */
    @Override
    protected boolean completesCaller() {
        return !handler;
    }

    /** The current op is done: move on, forgetting what was left of it. */
    @Override
    public void advance() {
        super.advance();
        remainingNs = 0;
        progress = 0;
        retry = false;
    }
}
