package goroutinelab.engine.cpython;

import goroutinelab.engine.Op;

import java.util.List;

/**
 * One level of a thread's Python call stack: a lesson function's body (or a
 * repeat block, which CPython would run as a for loop in the same frame) and
 * where the thread is in it. An op interrupted half way (CPU work cut at an
 * eval-breaker check, a blocking call cut by EINTR) keeps what is left of it
 * here, so a signal handler pushed on top cannot disturb it.
 */
final class PyFrame {
    final String fn;
    final List<Op> ops;
    int pc;
    /** Extra passes left of a repeat block (0 for a function body). */
    int passesLeft;
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
        this.fn = fn;
        this.ops = ops;
        this.passesLeft = passesLeft;
        this.handler = handler;
    }

    PyFrame copy() {
        PyFrame f = new PyFrame(fn, ops, passesLeft, handler);
        f.pc = pc;
        f.remainingNs = remainingNs;
        f.progress = progress;
        f.retry = retry;
        f.deadlineNs = deadlineNs;
        return f;
    }

    /** The current op is done: move on. */
    void advance() {
        pc++;
        remainingNs = 0;
        progress = 0;
        retry = false;
    }
}
