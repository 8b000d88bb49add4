package goroutinelab.engine.runtime;

/**
 * Something that breaks into what an M is doing at a given time: a signal
 * arriving on the thread, or the running goroutine reaching its next function
 * call while a preemption request is pending.
 */
record Interrupt(long at, long seq, Kind kind, String signal) {

    enum Kind {
        /** The running G's next function prologue: it compares SP with stackguard0. */
        CALL_CHECK,
        /** The kernel runs this thread's signal handler (on its gsignal stack). */
        SIGNAL,
        /** Still inside the handler: sigsend queues a wanted signal for os/signal. */
        SIGSEND
    }
}
