package goroutinelab.engine.runtime;

import goroutinelab.engine.Op;
import goroutinelab.engine.OpCursor;

import java.util.List;

/**
 * One level of a goroutine's call stack: a function body (or a repeat block)
 * and where it is in it. The walk over frames is {@link OpCursor}'s; a
 * goroutine keeps what is left of an interrupted op on the G itself
 * ({@link G#remainingNs}, {@link G#progress}), as the runtime keeps a
 * preempted goroutine's registers on its g.
 */
final class Frame extends OpCursor.Frame<Frame> {

    Frame(String fn, List<Op> ops, int passesLeft) {
        super(fn, ops, passesLeft);
    }

    private Frame(Frame o) {
        super(o);
    }

    @Override
    protected Frame nested(List<Op> body, int passesLeft) {
        return new Frame(fn(), body, passesLeft);
    }

    @Override
    public Frame copy() {
        return new Frame(this);
    }
}
