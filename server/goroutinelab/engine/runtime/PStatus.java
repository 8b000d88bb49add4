package goroutinelab.engine.runtime;

/** A P's status, as runtime2.go names them. */
enum PStatus {
    /** Not running anything; on sched.pidle; its run queue is empty. */
    _Pidle,
    /** Owned by one M, which runs user code or the scheduler on it. */
    _Prunning,
    /** Its M is in a system call; the P keeps an affinity to it but another M may take it. */
    _Psyscall,
    /** Halted for a stop-the-world; keeps its run queue. */
    _Pgcstop,
    /** No longer used (GOMAXPROCS shrank). */
    _Pdead
}
