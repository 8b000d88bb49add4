package goroutinelab.engine.cpython;

/**
 * How long the interpreter's own steps take in simulated time. Round figures
 * of the right order for CPython on Linux, not measurements: lessons should
 * expect orders of magnitude from them. The one figure that is CPython's own
 * is the switch interval (5 ms by default), which comes from the lesson.
 */
final class PyCosts {
    private PyCosts() {
    }

    /** A bytecode-sized step of the interpreter (a call, starting a loop pass, _started.set()). */
    static final long BYTECODE_NS = 100;
    /**
     * How far apart the eval loop's eval-breaker checks are inside CPU-bound
     * bytecode: it checks at loop back-edges and calls, which in ordinary
     * Python code come every few hundred nanoseconds to a few microseconds.
     */
    static final long EVAL_CHECK_NS = 2_000;
    /** From drop_gil's COND_SIGNAL (or a futex wake) until the woken thread runs. */
    static final long THREAD_WAKE_NS = 5_000;
    /** Thread.start(): the Thread object, _thread.start_new_thread and pthread_create, in the caller. */
    static final long THREAD_START_NS = 30_000;
    /** Entering a call that releases the GIL (Py_BEGIN_ALLOW_THREADS and the system call entry). */
    static final long BLOCK_ENTER_NS = 1_000;
    /** time.sleep(0): the system call that returns at once. */
    static final long SLEEP0_NS = 1_000;
    /** From kill() until the C-level signal handler runs in the chosen thread. */
    static final long SIGNAL_DELIVERY_NS = 2_000;
    /** From the C handler until the interrupted system call returns EINTR in that thread. */
    static final long EINTR_NS = 2_000;
    /** Calling the Python-level handlers from _PyErr_CheckSignalsTstate. */
    static final long HANDLER_CALL_NS = 1_000;
    /** _Py_HandlePending's own work before it acts. */
    static final long HANDLE_PENDING_NS = 100;
    /** queue.Queue.put / get: Python code around a lock and a condition. */
    static final long QUEUE_OP_NS = 2_000;
    /** A reference write (Py_SETREF) or an allocation. */
    static final long HEAP_OP_NS = 100;
    /** _Py_Dealloc of one object. */
    static final long DEALLOC_NS = 200;
    /** gc.collect(): a full collection's fixed cost, plus a little per tracked object. */
    static final long GC_BASE_NS = 20_000;
    static final long GC_PER_OBJECT_NS = 100;
    /** signal.signal(): installing a handler. */
    static final long SIGNAL_SIGNAL_NS = 2_000;
}
