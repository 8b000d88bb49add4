package goroutinelab.engine.runtime;

import goroutinelab.engine.IntDeque;

/**
 * A channel (chan.go: type hchan): its buffer, the goroutines parked to send
 * and to receive, and whether it is closed. Buffered values are shown as the
 * id of the goroutine that sent them.
 */
final class Chan {
    final String name;
    final int cap;
    IntDeque buf = new IntDeque(4);
    IntDeque sendq = new IntDeque(4);
    IntDeque recvq = new IntDeque(4);
    boolean closed;

    Chan(String name, int cap) {
        this.name = name;
        this.cap = cap;
    }

    Chan copy() {
        Chan c = new Chan(name, cap);
        c.buf = buf.copy();
        c.sendq = sendq.copy();
        c.recvq = recvq.copy();
        c.closed = closed;
        return c;
    }
}
