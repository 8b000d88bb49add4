package goroutinelab.engine.cpython;

import goroutinelab.engine.IntDeque;

/**
 * A lesson channel under the interpreter: a queue.Queue(maxsize=cap) (Lib/queue.py).
 * Items are the ids of the threads that put them. maxsize 0 means no bound, so
 * unlike an unbuffered Go channel a put never waits. {@code close} is
 * Queue.shutdown() (Python 3.13+).
 */
final class PyQueue {
    final String name;
    final int maxsize;
    IntDeque items = new IntDeque();
    /** Threads waiting in get() on the not_empty condition, in arrival order. */
    IntDeque getters = new IntDeque();
    /** Threads waiting in put() on the not_full condition, in arrival order. */
    IntDeque putters = new IntDeque();
    boolean shutdown;

    PyQueue(String name, int maxsize) {
        this.name = name;
        this.maxsize = maxsize;
    }

    PyQueue copy() {
        PyQueue q = new PyQueue(name, maxsize);
        q.items = items.copy();
        q.getters = getters.copy();
        q.putters = putters.copy();
        q.shutdown = shutdown;
        return q;
    }

    boolean full() {
        return maxsize > 0 && items.size() >= maxsize;
    }
}
