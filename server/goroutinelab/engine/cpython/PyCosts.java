package goroutinelab.engine.cpython;

/**
 * How long the interpreter's own steps take in simulated time, rounded from
 * measurements of CPython 3.11 on a 2-CPU Linux virtual machine
 * (fidelity/python/pycosts.py; docs/fidelity.md, "Interpreter", gives each
 * measured range). They hold in order of magnitude for a typical Linux
 * machine. The switch interval (5 ms by default) comes from the lesson.
 * EVAL_CHECK_NS, BLOCK_ENTER_NS and HANDLE_PENDING_NS are not measured.
 */
final class PyCosts {
    private PyCosts() {
    }

    /** A bytecode-sized step of the interpreter (a call, starting a loop pass, _started.set()). */
    static final long BYTECODE_NS = 30;
    /**
     * How far apart the eval loop's eval-breaker checks are inside CPU-bound
     * bytecode: it checks at loop back-edges and calls, which in ordinary
     * Python code come every few hundred nanoseconds to a few microseconds.
     */
    static final long EVAL_CHECK_NS = 2_000;
    /**
     * From drop_gil's COND_SIGNAL (or a futex wake) until the woken thread runs:
     * measured as half of a queue hand-off, which wakes twice (the queue's lock,
     * then the GIL).
     */
    static final long THREAD_WAKE_NS = 15_000;
    /** Thread.start(): the Thread object, _thread.start_new_thread and pthread_create, in the caller. */
    static final long THREAD_START_NS = 30_000;
    /** Entering a call that releases the GIL (Py_BEGIN_ALLOW_THREADS and the system call entry). */
    static final long BLOCK_ENTER_NS = 1_000;
    /**
     * time.sleep(0): CPython 3.11 still calls clock_nanosleep with an absolute
     * deadline, and the kernel's timer slack (50 µs) applies, so it is not free.
     */
    static final long SLEEP0_NS = 75_000;
    /** From kill() until the C-level signal handler runs in the chosen thread. */
    static final long SIGNAL_DELIVERY_NS = 2_000;
    /**
     * From the C handler until the interrupted system call returns EINTR in that
     * thread and it has the GIL back: the sleeping thread must be woken first.
     */
    static final long EINTR_NS = 25_000;
    /** Calling the Python-level handlers from _PyErr_CheckSignalsTstate. */
    static final long HANDLER_CALL_NS = 1_000;
    /** _Py_HandlePending's own work before it acts. */
    static final long HANDLE_PENDING_NS = 100;
    /** queue.Queue.put / get: Python code around a lock and a condition. */
    static final long QUEUE_OP_NS = 1_000;
    /** A reference write (Py_SETREF) or an allocation. */
    static final long HEAP_OP_NS = 30;
    /** _Py_Dealloc of one object. */
    static final long DEALLOC_NS = 30;
    /**
     * gc.collect(): a full collection's fixed cost (it walks the interpreter's own
     * containers: modules, functions, types), plus a little per tracked object.
     */
    static final long GC_BASE_NS = 1_000_000;
    static final long GC_PER_OBJECT_NS = 40;
    /** signal.signal(): installing a handler. */
    static final long SIGNAL_SIGNAL_NS = 3_000;
}
