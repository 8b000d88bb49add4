package goroutinelab.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a goroutine (or an interpreter thread) is in its program: a stack of
 * frames, each a list of ops (a function's body, or a repeat block's) and the
 * index of the op it is at. Both models walk their programs with it, so a
 * call, a repeat and a return mean the same in each.
 *
 * <p>{@link #next()} is the walk: the op at the top frame's pc; past a frame's
 * end, a repeat block with passes left starts again at its first op, and any
 * other frame is popped and its caller moves past the op that pushed it (a
 * call or a repeat). {@link #peek()} only looks. A model's frames may carry
 * more (the interpreter keeps what is left of an interrupted op in its frame)
 * by extending {@link Frame}.
 *
 * @param <F> the model's kind of frame
 */
public final class OpCursor<F extends OpCursor.Frame<F>> {

    /** One level of the stack: a list of ops and where the walk is in it. */
    public abstract static class Frame<F extends Frame<F>> {
        private final String fn;
        private final List<Op> ops;
        private int pc;
        private int passesLeft;

        /** A frame at the first op of {@code ops}; {@code passesLeft} more passes for a repeat block (0 for a function). */
        protected Frame(String fn, List<Op> ops, int passesLeft) {
            this.fn = fn;
            this.ops = ops;
            this.passesLeft = passesLeft;
        }

        /** A copy of another frame's place (for a subclass's copy). */
        protected Frame(Frame<F> o) {
            this(o.fn, o.ops, o.passesLeft);
            this.pc = o.pc;
        }

        /** The function this frame runs in (a repeat block's frame runs in its function's). */
        public final String fn() {
            return fn;
        }

        /** The index of the current op. */
        public final int pc() {
            return pc;
        }

        /** The current op is done: move to the next. A subclass also forgets the op's progress. */
        public void advance() {
            pc++;
        }

        /** The frame a repeat block runs in, inside this one. */
        protected abstract F nested(List<Op> body, int passesLeft);

        /** Whether ending this frame completes the op that pushed it (a signal handler's frame does not: its caller was interrupted). */
        protected boolean completesCaller() {
            return true;
        }

        /** A deep copy (ops are immutable and shared). */
        public abstract F copy();
    }

    private final ArrayList<F> frames;

    public OpCursor() {
        this.frames = new ArrayList<>();
    }

    private OpCursor(int capacity) {
        this.frames = new ArrayList<>(capacity);
    }

    /** A deep copy, sized to the stack it copies (a world's copy makes one per goroutine). */
    public OpCursor<F> copy() {
        OpCursor<F> c = new OpCursor<>(frames.size());
        for (int i = 0; i < frames.size(); i++) {
            c.frames.add(frames.get(i).copy());
        }
        return c;
    }

    /** The op to run next, popping finished frames and starting repeat passes; null when the program has returned. */
    public Op next() {
        while (true) {
            Frame<F> f = top();
            if (f == null) {
                return null;
            }
            if (f.pc < f.ops.size()) {
                return f.ops.get(f.pc);
            }
            if (f.passesLeft > 0) {
                f.passesLeft--;
                f.pc = 0;
                continue;
            }
            frames.remove(frames.size() - 1);
            F caller = top();
            if (caller != null && f.completesCaller()) {
                caller.advance();
            }
        }
    }

    /** The op at the top frame's pc without unwinding anything; null past its end or with no frame. */
    public Op peek() {
        Frame<F> f = top();
        return f == null || f.pc >= f.ops.size() ? null : f.ops.get(f.pc);
    }

    /**
     * The current op is {@code repeat}: its body runs {@code times} times in a
     * frame of its own; a repeat of nothing (or of zero times) is simply passed.
     */
    public void enterRepeat(Op.Repeat r) {
        F f = top();
        if (r.times() <= 0 || r.body().isEmpty()) {
            f.advance();
        } else {
            frames.add(f.nested(r.body(), r.times() - 1));
        }
    }

    /** Calls into a frame: a function's body (or a handler's) runs on top. */
    public void push(F frame) {
        frames.add(frame);
    }

    /** The innermost frame, or null. */
    public F top() {
        return frames.isEmpty() ? null : frames.get(frames.size() - 1);
    }

    public boolean isEmpty() {
        return frames.isEmpty();
    }

    /** Unwinds everything (an exception nobody catches). */
    public void clear() {
        frames.clear();
    }

    /** Whether any frame on the stack matches (the snapshot asks "in a handler?"). */
    public boolean any(java.util.function.Predicate<F> p) {
        for (F f : frames) {
            if (p.test(f)) {
                return true;
            }
        }
        return false;
    }
}
