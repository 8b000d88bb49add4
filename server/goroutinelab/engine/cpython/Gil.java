package goroutinelab.engine.cpython;

import goroutinelab.engine.IntDeque;

/**
 * The state of the GIL (Include/internal/pycore_gil.h: struct _gil_runtime_state,
 * plus the interpreter's gil_drop_request): who holds it, who waits, and the
 * switch counter take_gil uses to tell whether a switch happened during its
 * timed wait.
 *
 * <p>The model keeps the waiters in arrival order and drop_gil's COND_SIGNAL
 * wakes the longest waiter; in CPython the OS decides which waiter wakes, and
 * a thread that calls take_gil at the right moment can take a free GIL ahead
 * of the one that was signalled.
 */
final class Gil {
    /** The thread holding the GIL (gil->locked and last_holder), 0 when it is free. */
    int holder;
    /** gil->last_holder: the last thread that took it. */
    int lastHolder;
    /** The waiter drop_gil signalled, on its way to take the free GIL (0: none). */
    int handoff;
    /** Threads inside take_gil, longest waiter first. */
    IntDeque waiting = new IntDeque();
    /** gil_drop_request: a waiter's timed wait ran out with no switch. */
    boolean dropRequest;
    /** gil->switch_number: how many times a different thread took the GIL. */
    long switches;
    /** gil->interval, sys.getswitchinterval(), in ns. */
    final long intervalNs;

    Gil(long intervalNs) {
        this.intervalNs = intervalNs;
    }

    Gil copy() {
        Gil g = new Gil(intervalNs);
        g.holder = holder;
        g.lastHolder = lastHolder;
        g.handoff = handoff;
        g.waiting = waiting.copy();
        g.dropRequest = dropRequest;
        g.switches = switches;
        return g;
    }

    boolean free() {
        return holder == 0 && handoff == 0;
    }
}
