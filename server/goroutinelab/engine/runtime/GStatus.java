package goroutinelab.engine.runtime;

/** A goroutine's status, as runtime2.go names them (the unused and _Gscan states left out). */
enum GStatus {
    /** Just allocated, not yet initialised. */
    _Gidle,
    /** On a run queue; not running user code. */
    _Grunnable,
    /** Running user code on an M that holds a P. */
    _Grunning,
    /** In a system call: it keeps its M, needs no P. */
    _Gsyscall,
    /** Blocked in the runtime (channel, timer, netpoller, GC assist...); someone will ready it. */
    _Gwaiting,
    /** Stopped itself for a GC stack scan (suspendG); nobody readies it yet. */
    _Gpreempted,
    /** Exited. */
    _Gdead
}
