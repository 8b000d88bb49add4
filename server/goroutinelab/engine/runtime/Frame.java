package goroutinelab.engine.runtime;

import goroutinelab.engine.Op;

import java.util.List;

/** One level of a goroutine's call stack: a function body (or a repeat block) and where it is in it. */
public final class Frame {
    public final String fn;
    public final List<Op> ops;
    public int pc;
    /** Remaining extra passes of a repeat block (0 for a function body). */
    public int passesLeft;

    public Frame(String fn, List<Op> ops, int passesLeft) {
        this.fn = fn;
        this.ops = ops;
        this.passesLeft = passesLeft;
    }

    public Frame copy() {
        Frame f = new Frame(fn, ops, passesLeft);
        f.pc = pc;
        return f;
    }
}
