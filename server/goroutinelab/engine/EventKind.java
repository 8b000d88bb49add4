package goroutinelab.engine;

/**
 * Every kind of engine event, named after the runtime function that performs
 * it, with the symbol and the Go source file a learner can open to read it.
 * (CPython kinds name the CPython function and file instead.)
 */
public enum EventKind {
    // scheduler (runtime/proc.go)
    NEWPROC("newproc", "runtime.newproc", "runtime/proc.go"),
    RUNQPUT("runqput", "runtime.runqput", "runtime/proc.go"),
    RUNQPUTSLOW("runqputslow", "runtime.runqputslow", "runtime/proc.go"),
    RUNQGET("runqget", "runtime.runqget", "runtime/proc.go"),
    GLOBRUNQGET("globrunqget", "runtime.globrunqget", "runtime/proc.go"),
    RUNQSTEAL("runqsteal", "runtime.runqsteal", "runtime/proc.go"),
    RUNQDRAIN("runqdrain", "runtime.runqdrain", "runtime/proc.go"),
    EXECUTE("execute", "runtime.execute", "runtime/proc.go"),
    GOSCHED("gosched", "runtime.goschedImpl", "runtime/proc.go"),
    GOPARK("gopark", "runtime.gopark", "runtime/proc.go"),
    GOREADY("goready", "runtime.ready", "runtime/proc.go"),
    GOEXIT("goexit", "runtime.goexit0", "runtime/proc.go"),
    WAKEP("wakep", "runtime.wakep", "runtime/proc.go"),
    STARTM("startm", "runtime.startm", "runtime/proc.go"),
    NEWM("newm", "runtime.newm", "runtime/proc.go"),
    STOPM("stopm", "runtime.stopm", "runtime/proc.go"),
    HANDOFFP("handoffp", "runtime.handoffp", "runtime/proc.go"),
    FIND_RUNNABLE("findRunnable", "runtime.findRunnable", "runtime/proc.go"),
    EXIT("exit", "runtime.main", "runtime/proc.go"),
    THROW("throw", "runtime.throw", "runtime/panic.go"),
    PANIC("panic", "runtime.gopanic", "runtime/panic.go"),

    // system calls and cgo
    ENTERSYSCALL("entersyscall", "runtime.entersyscall", "runtime/proc.go"),
    ENTERSYSCALLBLOCK("entersyscallblock", "runtime.entersyscallblock", "runtime/proc.go"),
    EXITSYSCALL("exitsyscall", "runtime.exitsyscall0", "runtime/proc.go"),
    EXITSYSCALLFAST("exitsyscallfast", "runtime.exitsyscallfast", "runtime/proc.go"),
    RETAKE("retake", "runtime.retake", "runtime/proc.go"),
    CGOCALL("cgocall", "runtime.cgocall", "runtime/cgocall.go"),

    // preemption
    PREEMPTONE("preemptone", "runtime.preemptone", "runtime/proc.go"),
    MORESTACK("morestack", "runtime.newstack", "runtime/stack.go"),
    PREEMPTM("preemptM", "runtime.preemptM", "runtime/signal_unix.go"),
    ASYNC_PREEMPT("asyncPreempt", "runtime.asyncPreempt2", "runtime/preempt.go"),

    // sysmon, timers and the netpoller
    SYSMON("sysmon", "runtime.sysmon", "runtime/proc.go"),
    NETPOLL("netpoll", "runtime.netpoll", "runtime/netpoll_epoll.go"),
    INJECTGLIST("injectglist", "runtime.injectglist", "runtime/proc.go"),
    TIMER("timer", "runtime.(*timers).run", "runtime/time.go"),

    // channels (runtime/chan.go)
    CHANSEND("chansend", "runtime.chansend", "runtime/chan.go"),
    CHANRECV("chanrecv", "runtime.chanrecv", "runtime/chan.go"),
    CLOSECHAN("closechan", "runtime.closechan", "runtime/chan.go"),

    // garbage collector
    MALLOCGC("mallocgc", "runtime.mallocgc", "runtime/malloc.go"),
    GC_START("gcStart", "runtime.gcStart", "runtime/mgc.go"),
    STOP_THE_WORLD("stopTheWorld", "runtime.stopTheWorldWithSema", "runtime/proc.go"),
    START_THE_WORLD("startTheWorld", "runtime.startTheWorldWithSema", "runtime/proc.go"),
    GCSTOPM("gcstopm", "runtime.gcstopm", "runtime/proc.go"),
    MARKROOT("markroot", "runtime.markroot", "runtime/mgcmark.go"),
    SHADE("shade", "runtime.shade", "runtime/mgcmark.go"),
    SCANOBJECT("scanobject", "runtime.scanobject", "runtime/mgcmark.go"),
    WRITEBARRIER("writebarrier", "runtime.wbBufFlush1", "runtime/mwbbuf.go"),
    GC_ASSIST_ALLOC("gcAssistAlloc", "runtime.gcAssistAlloc", "runtime/mgcmark.go"),
    GC_PARK_ASSIST("gcParkAssist", "runtime.gcParkAssist", "runtime/mgcmark.go"),
    GC_FLUSH_BG_CREDIT("gcFlushBgCredit", "runtime.gcFlushBgCredit", "runtime/mgcmark.go"),
    GC_MARK_DONE("gcMarkDone", "runtime.gcMarkDone", "runtime/mgc.go"),
    GC_MARK_TERMINATION("gcMarkTermination", "runtime.gcMarkTermination", "runtime/mgc.go"),
    SWEEP("sweep", "runtime.sweepone", "runtime/mgcsweep.go"),
    FREE("free", "runtime.(*sweepLocked).sweep", "runtime/mgcsweep.go"),
    LOST("lost", "runtime.(*sweepLocked).sweep", "runtime/mgcsweep.go"),
    SUSPENDG("suspendG", "runtime.suspendG", "runtime/preempt.go"),
    PUTFULL("putfull", "runtime.putfull", "runtime/mgcwork.go"),
    TRYGETFULL("trygetfull", "runtime.trygetfull", "runtime/mgcwork.go"),

    // signals
    SIGHANDLER("sighandler", "runtime.sighandler", "runtime/signal_unix.go"),
    SIGSEND("sigsend", "runtime.sigsend", "runtime/sigqueue.go"),
    SIGNAL_RECV("signal_recv", "runtime.signal_recv", "runtime/sigqueue.go"),
    SIGDROP("sigdrop", "runtime.sighandler", "runtime/signal_unix.go"),
    DIE_FROM_SIGNAL("dieFromSignal", "runtime.dieFromSignal", "runtime/signal_unix.go"),
    KERNEL_STOP("kernel_stop", "SIG_DFL", "signal(7)"),
    NOTIFY("notify", "os/signal.Notify", "os/signal/signal.go"),

    // the process's start (runtime/asm_amd64.s, proc.go, mgc.go), with runtime: {startup: true}
    RT0_GO("rt0_go", "runtime.rt0_go", "runtime/asm_amd64.s"),
    SCHEDINIT("schedinit", "runtime.schedinit", "runtime/proc.go"),
    MSTART("mstart", "runtime.mstart", "runtime/proc.go"),
    GCENABLE("gcenable", "runtime.gcenable", "runtime/mgc.go"),
    DOINIT("doInit", "runtime.doInit", "runtime/proc.go"),
    MAIN_MAIN("main_main", "runtime.main", "runtime/proc.go"),

    // the interpreter model (CPython 3.12; each names the CPython function and file)
    GIL_ACQUIRE("gil_acquire", "take_gil", "Python/ceval_gil.c"),
    GIL_DROP("gil_drop", "drop_gil", "Python/ceval_gil.c"),
    GIL_DROP_REQUEST("gil_drop_request", "SET_GIL_DROP_REQUEST", "Python/ceval_gil.c"),
    EVAL_BREAKER("eval_breaker", "_Py_HandlePending", "Python/ceval_gil.c"),
    TRIP_SIGNAL("trip_signal", "trip_signal", "Modules/signalmodule.c"),
    RUN_SIGNAL_HANDLERS("run_signal_handlers", "_PyErr_CheckSignalsTstate", "Modules/signalmodule.c"),
    SIGNAL_SIGNAL("signal_signal", "signal_signal_impl", "Modules/signalmodule.c"),
    THREAD_START("thread_start", "thread_PyThread_start_new_thread", "Modules/_threadmodule.c"),
    THREAD_EXIT("thread_exit", "thread_run", "Modules/_threadmodule.c"),
    EXCEPTHOOK("excepthook", "threading.excepthook", "Lib/threading.py"),
    PY_BLOCK("py_block", "Py_BEGIN_ALLOW_THREADS", "Include/ceval.h"),
    PY_WAKE("py_wake", "Py_END_ALLOW_THREADS", "Include/ceval.h"),
    PY_EXIT("py_exit", "Py_FinalizeEx", "Python/pylifecycle.c"),
    PY_HANG("py_hang", "PyThread_acquire_lock_timed", "Python/thread_pthread.h"),
    KERNEL_KILL("kernel_kill", "SIG_DFL", "signal(7)"),
    QUEUE_PUT("queue_put", "queue.Queue.put", "Lib/queue.py"),
    QUEUE_GET("queue_get", "queue.Queue.get", "Lib/queue.py"),
    QUEUE_SHUTDOWN("queue_shutdown", "queue.Queue.shutdown", "Lib/queue.py"),
    PY_ALLOC("py_alloc", "PyType_GenericAlloc", "Objects/typeobject.c"),
    PY_SETREF("py_setref", "Py_SETREF", "Include/cpython/object.h"),
    DEALLOC("dealloc", "_Py_Dealloc", "Objects/object.c"),
    GC_COLLECT("gc_collect", "gc_collect_main", "Modules/gcmodule.c"),
    SETTRACE("settrace", "sys_settrace", "Python/sysmodule.c"),
    CALL_TRACE("call_trace", "call_trace_func", "Python/legacy_tracing.c");

    private final String wire;
    private final String fn;
    private final String src;

    EventKind(String wire, String fn, String src) {
        this.wire = wire;
        this.fn = fn;
        this.src = src;
    }

    /** The name events carry on the wire and in lesson {@code until} conditions. */
    public String wire() {
        return wire;
    }

    /** The real symbol, e.g. {@code runtime.runqsteal}. */
    public String fn() {
        return fn;
    }

    /** Where to read it, e.g. {@code runtime/proc.go}. */
    public String src() {
        return src;
    }

    private static final java.util.Map<String, EventKind> BY_WIRE = new java.util.HashMap<>();

    static {
        for (EventKind k : values()) {
            BY_WIRE.put(k.wire, k);
        }
    }

    /** The kind with this wire name, or null. */
    public static EventKind byWire(String wire) {
        return BY_WIRE.get(wire);
    }
}
