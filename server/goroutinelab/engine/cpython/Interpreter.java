package goroutinelab.engine.cpython;

import goroutinelab.engine.EventLoop;
import goroutinelab.engine.EventCounts;
import goroutinelab.engine.EventKind;
import goroutinelab.engine.Injection;
import goroutinelab.engine.Program;
import goroutinelab.engine.RuntimeConfig;
import goroutinelab.engine.Text;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A model of a CPython 3.12 process running a lesson's program, to set beside
 * the Go runtime: who holds the CPU when threads share one interpreter.
 *
 * <p><b>What it models.</b> Main is thread 1; {@code go f} is
 * {@code threading.Thread(target=f).start()}. A thread runs bytecode only while
 * it holds the GIL (Python/ceval_gil.c). A thread that wants the GIL waits in
 * take_gil on a condition variable for the switch interval
 * ({@code sys.getswitchinterval()}, 5 ms unless the lesson sets
 * {@code switchInterval}); if the wait runs out and no switch happened, it sets
 * gil_drop_request, which also sets the eval breaker. The holder's eval loop
 * tests the breaker at loop back-edges and calls (every
 * {@link PyCosts#EVAL_CHECK_NS} ns of {@code compute} here), runs
 * _Py_HandlePending, and drops the GIL; with FORCE_SWITCHING it then waits
 * until another thread has taken it. A call that releases the GIL
 * (Py_BEGIN_ALLOW_THREADS: {@code syscall}, {@code sleep}, {@code netread},
 * {@code cgo}, and the lock acquires under queue.get/put, Thread.start and
 * join) hands it on and takes it back on return. {@code loop} is one long C
 * call that keeps the GIL and never tests the breaker, like
 * {@code sum(range(N))}: it holds up both switching and signal handlers.
 *
 * <p><b>Signals</b> (Modules/signalmodule.c). {@code notify} is
 * {@code signal.signal(sig, handler)}; outside the main thread it raises
 * ValueError, which ends that thread through threading.excepthook. When a
 * signal arrives the C handler only trips flags (trip_signal); the Python
 * handler runs later, in the main thread only, when its eval loop tests the
 * breaker (_PyErr_CheckSignalsTstate). The kernel hands a process-directed
 * signal to the main thread (Linux prefers the thread-group leader when it
 * does not block the signal), so a main thread blocked in an interruptible
 * call sees it return EINTR: it takes the GIL back, runs the handler, and
 * retries the call (PEP 475), which still ends when it would have (time.sleep
 * keeps its absolute deadline; the model treats every timed call that way). A C extension call ({@code cgo}) is not interrupted, and a main
 * thread waiting for the GIL runs the handler only once it has the GIL. With
 * no handler, SIGUSR1, SIGUSR2, SIGTERM and SIGHUP keep the kernel's default
 * action and kill the process (exit status 128 + signo, 138 for SIGUSR1);
 * SIGINT's default handler raises KeyboardInterrupt in the main thread, and an
 * unhandled KeyboardInterrupt ends the process through SIGINT (status 130,
 * Modules/main.c: exit_sigint). SIGPIPE (set to SIG_IGN by CPython) and SIGURG
 * are discarded without an event.
 *
 * <p><b>Threads and exit.</b> Thread.start() waits on the new thread's
 * _started event, so starting a thread is itself a GIL hand-off: the parent
 * waits until the child has taken the GIL and run its first bytecode. Every
 * thread is non-daemon: when main's code ends, Py_FinalizeEx calls
 * threading._shutdown, which joins the other threads one by one in creation
 * order, and only then does the process exit.
 *
 * <p><b>Channels and heap.</b> A channel is a queue.Queue(maxsize=cap): maxsize
 * 0 means unbounded, so a put never waits (unlike an unbuffered Go channel);
 * {@code close} is Queue.shutdown() from Python 3.13, and a get on a shut-down,
 * empty queue is treated as caught and returns, the way Go's receive on a
 * closed channel does. Heap ops use reference counting: an object is freed
 * (_Py_Dealloc) the moment its count reaches 0, within the same bytecode.
 * {@code gc} is gc.collect(): it frees what no root reaches (reference
 * cycles); the model finds that set by walking from the roots, where CPython
 * subtracts the references tracked objects hold to each other. The automatic
 * collections CPython starts after enough allocations are not modelled.
 *
 * <p><b>Simplifications.</b> Waiters get the GIL in arrival order (the OS
 * decides in CPython); a new OS thread calls take_gil at once; locals belong
 * to the thread, not to each frame; when a signal trips while a non-main
 * thread holds the GIL, CPython sets the breaker from the main thread's
 * context, so that thread enters _Py_HandlePending once, may do nothing, and
 * recomputes the breaker without the signal bit: the model skips that empty
 * visit; exceptions exist only where the lesson
 * format produces them (ValueError, queue.ShutDown, KeyboardInterrupt, a
 * missing name). Costs of the interpreter's own steps are round figures
 * ({@link PyCosts}).
 *
 * <p><b>How a step works.</b> Every thread has at most one pending action and
 * its due time; outside events (a signal reaching the process, a timed
 * injection) wait in a time-ordered list. {@link #step(long)} performs the
 * earliest action, ties going to outside events and then to the lower thread
 * id. Bookkeeping actions emit nothing and do not count; every other action
 * emits exactly one event. Nothing random happens, so a run is a function of
 * the program, the configuration and the injections.
 */
public final class Interpreter extends EventLoop<Interpreter.Outside> {
    static final long NEVER = Long.MAX_VALUE;

    final RuntimeConfig cfg;
    final Program prog;

    final TreeMap<Integer, PyThread> threads = new TreeMap<>();
    int threadIdGen = 1;
    Gil gil;

    /** signal.signal's table: signal name to its Python-level handler. */
    final LinkedHashMap<String, Handler> handlers = new LinkedHashMap<>();
    /** Handlers[signo].tripped, by signal number. */
    final TreeMap<Integer, String> tripped = new TreeMap<>();
    /** is_tripped / signals_pending: some signal waits for its Python handler. */
    boolean signalsPending;
    /** A collection asked for from outside, run by the next thread to test the eval breaker. */
    boolean gcScheduled;

    final LinkedHashMap<String, PyObj> objects = new LinkedHashMap<>();
    final LinkedHashMap<String, String> globals = new LinkedHashMap<>();
    /** Locals the lesson declares for functions other than main, held until a thread runs the function. */
    final LinkedHashMap<String, LinkedHashMap<String, String>> pendingLocals = new LinkedHashMap<>();
    /** Objects whose count reached 0, to be deallocated before the holder's next bytecode. */
    final java.util.ArrayDeque<String> deallocQueue = new java.util.ArrayDeque<>();
    int allocSeq;

    final LinkedHashMap<String, PyQueue> queues = new LinkedHashMap<>();

    boolean exited;
    String exitReason;
    Integer exitCode;
    boolean hangReported;

    // the logic, rebuilt for every copy
    final CevalGil ceval;
    final Eval eval;
    final Threading threading;
    final SignalModule signals;
    final Tracing tracing;
    final QueueModule queueModule;
    final RefCount refs;

    /** A Python-level handler: a lesson function, or a put of the signal number on a queue, or default_int_handler. */
    record Handler(String fn, String queue, boolean builtin) {
        String describe() {
            return fn != null ? fn : queue + ".put_nowait";
        }
    }

    /** Something that happens at a time regardless of the threads. */
    sealed interface Outside {
        /** A lesson's timed injection. */
        record Inject(Injection injection) implements Outside {
        }

        /** A signal sent to the process reaches it. */
        record Deliver(String signal) implements Outside {
        }

        /** A thread the learner starts from outside begins. */
        record StartThread(String fn) implements Outside {
        }
    }

    /** A process about to run {@code prog}'s main in the main thread, holding the GIL, at time 0. */
    public Interpreter(Program prog, RuntimeConfig cfg) {
        super(cfg.seed());
        this.prog = prog;
        this.cfg = cfg;
        this.gil = new Gil(cfg.switchIntervalNs());
        prog.channels().forEach((name, cap) -> queues.put(name, new PyQueue(name, cap)));
        this.ceval = new CevalGil(this);
        this.eval = new Eval(this);
        this.threading = new Threading(this);
        this.signals = new SignalModule(this);
        this.tracing = new Tracing(this);
        this.queueModule = new QueueModule(this);
        this.refs = new RefCount(this);
        boot();
    }

    private Interpreter(Interpreter o) {
        super(o);
        this.prog = o.prog;
        this.cfg = o.cfg;
        o.threads.forEach((id, t) -> threads.put(id, t.copy()));
        this.threadIdGen = o.threadIdGen;
        this.gil = o.gil.copy();
        handlers.putAll(o.handlers);
        tripped.putAll(o.tripped);
        this.signalsPending = o.signalsPending;
        this.gcScheduled = o.gcScheduled;
        o.objects.forEach((id, obj) -> objects.put(id, obj.copy()));
        globals.putAll(o.globals);
        o.pendingLocals.forEach((fn, vars) -> pendingLocals.put(fn, new LinkedHashMap<>(vars)));
        deallocQueue.addAll(o.deallocQueue);
        this.allocSeq = o.allocSeq;
        o.queues.forEach((name, q) -> queues.put(name, q.copy()));
        this.exited = o.exited;
        this.exitReason = o.exitReason;
        this.exitCode = o.exitCode;
        this.hangReported = o.hangReported;
        this.ceval = new CevalGil(this);
        this.eval = new Eval(this);
        this.threading = new Threading(this);
        this.signals = new SignalModule(this);
        this.tracing = new Tracing(this);
        this.queueModule = new QueueModule(this);
        this.refs = new RefCount(this);
    }

    /** Py_Initialize and the start of main: thread 1 holds the GIL; SIGINT gets default_int_handler. */
    private void boot() {
        handlers.put("SIGINT", new Handler("default_int_handler", null, true));
        PyThread main = newThread("main", true, 0);
        main.state = PyThread.State.RUNNING;
        main.announced = true;
        gil.holder = main.id;
        gil.lastHolder = main.id;
        refs.boot(main);
        main.set(PyThread.Act.RUN, 0);
        for (Program.TimedInjection ti : prog.injections()) {
            addExternal(ti.atNs(), new Outside.Inject(ti.injection()));
        }
    }

    @Override
    public Interpreter copy() {
        return new Interpreter(this);
    }

    // ---- one action ----

    /**
     * The earliest action if it is due by the deadline, ties going to outside
     * events and then to the lower thread id. With nothing scheduled at all,
     * every thread waits for another: the hang is reported once.
     */
    @Override
    protected boolean act(long deadline) {
        long best = nextExternalTime();
        PyThread bestT = null;
        boolean external = best != NEVER;
        for (PyThread t : threads.values()) {
            if (t.actAt < best) {
                best = t.actAt;
                bestT = t;
                external = false;
            }
        }
        if (best == NEVER) {
            if (hangReported) {
                return false;
            }
            hangReported = true;
            threading.hang();
            return true;
        }
        if (best > deadline) {
            return false;
        }
        moveClockTo(best);
        hangReported = false;
        if (external) {
            handleExternal(pollExternal());
        } else {
            perform(bestT);
        }
        return true;
    }

    private void perform(PyThread t) {
        PyThread.Act a = t.act;
        t.idle();
        switch (a) {
            case RUN -> eval.run(t);
            case OP_END -> eval.opEnd(t);
            case CHECK -> eval.check(t);
            case HANDLE_PENDING -> eval.handlePending(t);
            case START_WAIT -> threading.startWait(t);
            case BLOCK_END -> eval.blockEnd(t);
            case EINTR -> signals.eintr(t);
            case GIL_TIMEOUT -> ceval.timeout(t);
            case GIL_TAKE -> ceval.take(t);
            case THREAD_EXIT -> threading.exit(t);
            case SHUTDOWN -> threading.shutdown(t);
            case NONE -> throw new IllegalStateException("Interpreter.perform: " + t + " has no action");
        }
    }

    @Override
    public long nextTime() {
        if (exited) {
            return NEVER;
        }
        long best = nextExternalTime();
        for (PyThread t : threads.values()) {
            best = Math.min(best, t.actAt);
        }
        if (best == NEVER) {
            return hangReported ? NEVER : now();
        }
        return best;
    }

    // ---- outside events ----

    private void handleExternal(Outside e) {
        if (e instanceof Outside.Inject i) {
            inject(i.injection());
        } else if (e instanceof Outside.Deliver d) {
            signals.deliver(d.signal());
        } else if (e instanceof Outside.StartThread s) {
            threading.startFromOutside(s.fn());
        }
    }

    /**
     * A signal reaches the process SIGNAL_DELIVERY_NS later; a thread started
     * from outside starts at the next step; a collection waits for the next
     * eval-breaker test (as _Py_ScheduleGC does in 3.12). Go's switches
     * (asyncPreemption, writeBarrier) mean nothing to the interpreter.
     */
    @Override
    public void inject(Injection injection) {
        if (exited) {
            return;
        }
        if (injection instanceof Injection.Signal s) {
            SignalTable.get(s.name());
            addExternal(now() + PyCosts.SIGNAL_DELIVERY_NS, new Outside.Deliver(s.name()));
        } else if (injection instanceof Injection.ForceGc) {
            gcScheduled = true;
            PyThread h = holder();
            if (h != null) {
                eval.poke(h);
            }
        } else if (injection instanceof Injection.StartGoroutine sg) {
            prog.function(sg.fn());
            addExternal(now(), new Outside.StartThread(sg.fn()));
        } else if (injection instanceof Injection.SetSwitch sw) {
            if (!sw.name().equals("asyncPreemption") && !sw.name().equals("writeBarrier")) {
                throw new IllegalArgumentException("unknown runtime switch: " + sw.name()
                        + " (expected asyncPreemption or writeBarrier)");
            }
        }
    }

    // ---- helpers shared by the parts ----

    /** Records the event of the action being performed (null details are left out); an action emits at most one. */
    void emit(EventKind kind, PyThread t, Text text, Object... detail) {
        Object[] d = new Object[detail.length + 2];
        int n = 0;
        if (t != null) {
            d[n++] = "thread";
            d[n++] = t.id;
        }
        for (int i = 0; i + 1 < detail.length; i += 2) {
            if (detail[i + 1] != null) {
                d[n++] = detail[i];
                d[n++] = detail[i + 1];
            }
        }
        record(kind, t == null ? null : t.id, null, null, text, n == d.length ? d : java.util.Arrays.copyOf(d, n));
    }

    boolean emitted() {
        return recorded();
    }

    /** Every kind's count (the snapshot's stats.events). */
    EventCounts eventCounts() {
        return kindCounts();
    }

    PyThread thread(int id) {
        PyThread t = threads.get(id);
        if (t == null) {
            throw new IllegalStateException("Interpreter: no thread T" + id);
        }
        return t;
    }

    PyThread mainThread() {
        return threads.get(1);
    }

    /** The GIL holder, or null. */
    PyThread holder() {
        return gil.holder == 0 ? null : threads.get(gil.holder);
    }

    PyThread newThread(String fn, boolean main, int parent) {
        PyThread t = new PyThread(threadIdGen++, fn, main, parent);
        t.frames.push(new PyFrame(fn, prog.function(fn), 0, false));
        threads.put(t.id, t);
        return t;
    }

    PyQueue queue(String name) {
        PyQueue q = queues.get(name);
        if (q == null) {
            throw new IllegalStateException("queue: no channel " + name);
        }
        return q;
    }

    /** Whether the eval loop of {@code t} finds the eval breaker set (COMPUTE_EVAL_BREAKER, as t sees it). */
    boolean breakerFor(PyThread t) {
        return gil.dropRequest || gcScheduled || (t.main && signalsPending);
    }

    /** The process ends: every thread stops where it is. */
    void exit(String reason, int code) {
        exited = true;
        exitReason = reason;
        exitCode = code;
        for (PyThread t : threads.values()) {
            t.idle();
        }
        clearExternals();
    }

    @Override
    protected void halt(String reason, int exitCode) {
        exit(reason, exitCode);
    }

    // ---- Engine ----

    @Override
    public boolean ended() {
        return exited;
    }

    /** The snapshot under {@code model: cpython}: {@code {step, time, cpython, process, stats}}. */
    @Override
    public Map<String, Object> snapshot() {
        return new PySnapshot(this).write();
    }

    /** The {@code cpython} object alone: what compare mode shows beside the Go snapshot. */
    public Map<String, Object> cpythonSnapshot() {
        return new PySnapshot(this).cpython();
    }

    @Override
    public List<String> checkInvariants() {
        return new PyInvariants(this).check();
    }
}
