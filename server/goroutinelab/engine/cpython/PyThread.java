package goroutinelab.engine.cpython;

import goroutinelab.engine.OpCursor;

import java.util.LinkedHashMap;

/**
 * One Python thread: an OS thread with a PyThreadState (Include/cpython/pystate.h)
 * and, for the simulation, the one action it will perform next and when.
 *
 * <p>States, as the snapshot names them:
 * <ul>
 * <li>{@code running}: holds the GIL and runs bytecode (or a C call that keeps the GIL).
 * <li>{@code waiting-gil}: inside take_gil, in a timed wait on the GIL's condition
 *     variable (or, after a forced drop, waiting for the switch it asked for).
 * <li>{@code blocked}: inside a call that released the GIL (Py_BEGIN_ALLOW_THREADS):
 *     a system call, a sleep, a C extension call, or a lock acquire (queue, join,
 *     Thread.start).
 * <li>{@code exited}: its thread_run has returned.
 * </ul>
 */
final class PyThread {
    static final long NEVER = Long.MAX_VALUE;

    enum State {
        RUNNING("running"), WAITING_GIL("waiting-gil"), BLOCKED("blocked"), EXITED("exited");

        final String wire;

        State(String wire) {
            this.wire = wire;
        }
    }

    /** The thread's next action. Each names the CPython path it stands for. */
    enum Act {
        NONE,
        /** The eval loop: drain deallocations, check the eval breaker, run the next op. */
        RUN,
        /** CPU work (bytecode or a long C call) finished. */
        OP_END,
        /** An eval-breaker check inside CPU work, where the breaker is set. */
        CHECK,
        /** _Py_HandlePending: signals, then a scheduled collection, then the drop request. */
        HANDLE_PENDING,
        /** The blocking part of {@code go}: Thread.start() waits for the new thread's _started event. */
        START_WAIT,
        /** A call that released the GIL returns (its time is up, or another thread woke it). */
        BLOCK_END,
        /** A signal interrupted the blocking call: it returns EINTR. */
        EINTR,
        /** take_gil's timed wait of the switch interval ran out. */
        GIL_TIMEOUT,
        /** The thread takes the GIL (signalled by drop_gil, or it found the GIL free). */
        GIL_TAKE,
        /** thread_run's end: release the GIL and end the OS thread. */
        THREAD_EXIT,
        /** Py_FinalizeEx (main only): threading._shutdown joins, then the process exits. */
        SHUTDOWN
    }

    /** What a blocked thread is inside. */
    enum Block {
        SLEEP("time.sleep", true), SLEEP0("time.sleep(0)", true), SYSCALL("a system call", true),
        NETREAD("sock.recv", true), CGO("a C extension call", false), QUEUE_GET("queue.get", true),
        QUEUE_PUT("queue.put", true), START("Thread.start", true), JOIN("threading._shutdown", true);

        final String what;
        /** Whether a signal makes the call return EINTR (false: the C code runs on regardless). */
        final boolean interruptible;

        Block(String what, boolean interruptible) {
            this.what = what;
            this.interruptible = interruptible;
        }
    }

    /** What CPU work is in progress. */
    enum Cpu { NONE, BYTECODE, C_CALL }

    final int id;
    final String fn;
    final String name;
    final boolean main;
    /** The thread that called start() on this one (0: the main thread, or started from outside). */
    final int parent;

    State state;
    /** Where it is in its program: its Python call stack. */
    final OpCursor<PyFrame> frames;
    final LinkedHashMap<String, String> locals = new LinkedHashMap<>();

    Act act = Act.NONE;
    long actAt = NEVER;

    Cpu cpu = Cpu.NONE;
    long opStart;
    long opEnd;

    Block block;
    /** The queue a queue wait is on, or the thread a join / start waits for. */
    String blockOn;
    long blockUntil;

    /** take_gil's current timed wait: when it began and the switch number then. */
    long waitStart;
    long savedSwitch;
    /** When this thread entered take_gil (for "after waiting ..."). */
    long waitingSince;
    /** drop_gil with FORCE_SWITCHING: waiting for another thread to take the GIL before take_gil. */
    boolean forcedSwitchWait;

    /** Thread._bootstrap_inner has set _started (the thread has run its first bytecode). */
    boolean announced;
    /** In Thread.start(): the thread whose _started this one waits for (0: none). */
    int startingChild;
    /** The blocking call returned EINTR: check signals, then retry it. */
    boolean eintr;
    /** Main only: its code has finished (returned, or an exception ended it). */
    boolean codeDone;
    /** An uncaught exception that ended this thread's code (null: none). */
    String exception;
    /** Main only: a KeyboardInterrupt inside threading._shutdown stops the joining. */
    boolean skipJoin;
    /** The thread's locals were released when its function returned. */
    boolean localsReleased;
    /** Main only: Py_FinalizeEx has begun. */
    boolean finalizing;
    /** sys.settrace's function for this thread (tstate->c_traceobj), or null. */
    String traceFn;
    /** How many times this thread has called its trace function. */
    long traceCalls;

    PyThread(int id, String fn, boolean main, int parent) {
        this(id, fn, main, parent, new OpCursor<>());
    }

    private PyThread(int id, String fn, boolean main, int parent, OpCursor<PyFrame> frames) {
        this.frames = frames;
        this.id = id;
        this.fn = fn;
        this.main = main;
        this.parent = parent;
        this.name = main ? "MainThread" : "Thread-" + (id - 1) + " (" + fn + ")";
    }

    PyThread copy() {
        PyThread c = new PyThread(id, fn, main, parent, frames.copy());
        c.state = state;
        c.locals.putAll(locals);
        c.act = act;
        c.actAt = actAt;
        c.cpu = cpu;
        c.opStart = opStart;
        c.opEnd = opEnd;
        c.block = block;
        c.blockOn = blockOn;
        c.blockUntil = blockUntil;
        c.waitStart = waitStart;
        c.savedSwitch = savedSwitch;
        c.waitingSince = waitingSince;
        c.forcedSwitchWait = forcedSwitchWait;
        c.announced = announced;
        c.startingChild = startingChild;
        c.eintr = eintr;
        c.codeDone = codeDone;
        c.exception = exception;
        c.skipJoin = skipJoin;
        c.localsReleased = localsReleased;
        c.finalizing = finalizing;
        c.traceFn = traceFn;
        c.traceCalls = traceCalls;
        return c;
    }

    void set(Act a, long at) {
        act = a;
        actAt = at;
    }

    void idle() {
        act = Act.NONE;
        actAt = NEVER;
    }

    PyFrame top() {
        return frames.top();
    }

    boolean alive() {
        return state != State.EXITED;
    }

    String label() {
        return "T" + id;
    }

    @Override
    public String toString() {
        return label();
    }
}
