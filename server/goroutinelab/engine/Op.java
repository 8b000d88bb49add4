package goroutinelab.engine;

import java.util.List;

/**
 * One operation of a lesson function's body: what a goroutine (or, under the
 * interpreter model, a thread) does next. Ops are immutable and shared between
 * every copy of a running world.
 *
 * <p>The lesson format (spec/lesson-format.md) names them, and {@link OpKind}
 * says how each is written and read; each record's comment says which runtime
 * path it exercises.
 */
public sealed interface Op {

    /** Its row in the op table (the YAML key it is written with). */
    OpKind kind();

    /** CPU work made of ordinary calls: every call is a cooperative preemption point. */
    record Compute(long durationNs) implements Op {
        @Override
        public OpKind kind() {
            return OpKind.COMPUTE;
        }
    }

    /** A tight loop with no calls: only an asynchronous preemption (SIGURG) can stop it. */
    record Loop(long durationNs) implements Op {
        @Override
        public OpKind kind() {
            return OpKind.LOOP;
        }
    }

    /** A call of another lesson function; its prologue is a preemption point. */
    record Call(String fn) implements Op {
        @Override
        public OpKind kind() {
            return OpKind.CALL;
        }
    }

    /** {@code go fn()}, {@code count} times: newproc, runqput into runnext, wakep. */
    record Go(String fn, int count) implements Op {
        @Override
        public OpKind kind() {
            return OpKind.GO;
        }
    }

    /** runtime.Gosched(): the caller goes to the global run queue. */
    record Gosched() implements Op {
        @Override
        public OpKind kind() {
            return OpKind.GOSCHED;
        }
    }

    /** A blocking system call ({@code cgo == false}) or a cgo call of the given length. */
    record Syscall(long durationNs, boolean cgo) implements Op {
        @Override
        public OpKind kind() {
            return cgo ? OpKind.CGO : OpKind.SYSCALL;
        }
    }

    /** time.Sleep: gopark with a timer on the current P. */
    record Sleep(long durationNs) implements Op {
        @Override
        public OpKind kind() {
            return OpKind.SLEEP;
        }
    }

    /** A read on a socket whose data arrives after the duration: gopark in the netpoller. */
    record NetRead(long durationNs) implements Op {
        @Override
        public OpKind kind() {
            return OpKind.NETREAD;
        }
    }

    /**
     * {@code ch <- v}; {@code value} names the local whose pointer is sent
     * (chan *T), or is null for a value without pointers.
     */
    record Send(String chan, String value) implements Op {
        public Send(String chan) {
            this(chan, null);
        }

        @Override
        public OpKind kind() {
            return OpKind.SEND;
        }
    }

    /** {@code <-ch}, or {@code to = <-ch} when {@code to} names a local that takes the pointer received. */
    record Recv(String chan, String to) implements Op {
        public Recv(String chan) {
            this(chan, null);
        }

        @Override
        public OpKind kind() {
            return OpKind.RECV;
        }
    }

    /** {@code close(ch)}. */
    record Close(String chan) implements Op {
        @Override
        public OpKind kind() {
            return OpKind.CLOSE;
        }
    }

    /**
     * {@code to := new(T)} of the given size; {@code pointerWords} is the
     * type's pointer prefix in words (0: no pointers, a noscan object), or
     * {@link Program.ObjectSpec#FOLLOW_FIELDS}: as many as the fields the
     * program stores into it (none yet: no pointers).
     */
    record Alloc(String to, long sizeBytes, long pointerWords) implements Op {
        /** An object whose pointer words follow the fields stored into it. */
        public Alloc(String to, long sizeBytes) {
            this(to, sizeBytes, Program.ObjectSpec.FOLLOW_FIELDS);
        }

        @Override
        public OpKind kind() {
            return OpKind.ALLOC;
        }
    }

    /** {@code dst = src}, where dst is {@code var.field} or {@code global.name}; src null clears. */
    record Store(String dst, String src) implements Op {
        @Override
        public OpKind kind() {
            return OpKind.STORE;
        }
    }

    /** {@code dst := src}, where src is {@code var.field}, {@code global.name} or a local. */
    record Load(String dst, String src) implements Op {
        @Override
        public OpKind kind() {
            return OpKind.LOAD;
        }
    }

    /** {@code v = nil}: drops a stack root. */
    record Clear(String var) implements Op {
        @Override
        public OpKind kind() {
            return OpKind.CLEAR;
        }
    }

    /** runtime.GC(): starts a cycle and waits for it. */
    record Gc() implements Op {
        @Override
        public OpKind kind() {
            return OpKind.GC;
        }
    }

    /**
     * signal.Notify(chan, signal); under the interpreter signal.signal(signal, handler),
     * where the handler is a lesson function run in the main thread.
     */
    record Notify(String signal, String chan, String handler) implements Op {
        @Override
        public OpKind kind() {
            return OpKind.NOTIFY;
        }
    }

    /**
     * sys.settrace(fn) under the interpreter: the calling thread runs the
     * lesson function {@code fn} as its trace function before every line
     * (and on entering a function). Go has no such hook: the Go runtime
     * passes the op without doing anything.
     */
    record SetTrace(String fn) implements Op {
        @Override
        public OpKind kind() {
            return OpKind.SETTRACE;
        }
    }

    /** Runs {@code body} {@code times} times. */
    record Repeat(int times, List<Op> body) implements Op {
        public Repeat {
            body = List.copyOf(body);
        }

        @Override
        public OpKind kind() {
            return OpKind.REPEAT;
        }
    }
}
