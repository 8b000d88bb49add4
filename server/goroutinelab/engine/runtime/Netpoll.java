package goroutinelab.engine.runtime;

import goroutinelab.engine.IntDeque;

import java.util.LinkedHashMap;

/**
 * The network poller (netpoll.go, netpoll_epoll.go): goroutines parked on a
 * socket, those whose data has arrived but nobody has polled yet, and the M
 * (if any) blocked in epoll_wait.
 */
final class Netpoll {
    /** Parked readers: goroutine id to when its data arrives. */
    final LinkedHashMap<Integer, Long> waiting = new LinkedHashMap<>();
    /** Ready in the kernel, not yet returned by netpoll. */
    IntDeque ready = new IntDeque(4);
    /** The M blocked in netpoll, or -1. */
    int blockedM = -1;
    /** When that M's wait times out (the next timer), or NEVER. */
    long pollUntil = M.NEVER;
    /** Whether any fd was ever registered (netpollinited). */
    boolean inited;

    Netpoll copy() {
        Netpoll c = new Netpoll();
        c.waiting.putAll(waiting);
        c.ready = ready.copy();
        c.blockedM = blockedM;
        c.pollUntil = pollUntil;
        c.inited = inited;
        return c;
    }

    boolean anyWaiters() {
        return !waiting.isEmpty() || !ready.isEmpty();
    }
}
