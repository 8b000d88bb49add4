package goroutinelab.engine.runtime;

import goroutinelab.engine.IntDeque;

/**
 * A channel (chan.go: type hchan): its buffer, the goroutines parked to send
 * and to receive, and whether it is closed. Buffered values are shown as the
 * id of the goroutine that sent them; {@code vals} holds, slot by slot, the
 * pointer each carries (an object's ref), or {@link Obj#NIL}. The lab's channels are the
 * program's package-level variables, so their buffers are reached from the
 * globals: markroot's globals job scans them.
 */
final class Chan {
    final String name;
    final int cap;
    IntDeque buf = new IntDeque(4);
    /** The pointer in each buffered slot, oldest first, as a ref; {@link Obj#NIL} for a value without one. */
    java.util.ArrayList<Integer> vals = new java.util.ArrayList<>();
    IntDeque sendq = new IntDeque(4);
    IntDeque recvq = new IntDeque(4);
    boolean closed;

    Chan(String name, int cap) {
        this.name = name;
        this.cap = cap;
    }

    /** The pointers in the buffer, oldest first (none for a value without pointers). */
    java.util.List<Integer> pointers() {
        java.util.List<Integer> out = new java.util.ArrayList<>();
        for (int v : vals) {
            if (v != Obj.NIL) {
                out.add(v);
            }
        }
        return out;
    }

    Chan copy() {
        Chan c = new Chan(name, cap);
        c.buf = buf.copy();
        c.vals = new java.util.ArrayList<>(vals);
        c.sendq = sendq.copy();
        c.recvq = recvq.copy();
        c.closed = closed;
        return c;
    }
}
