package goroutinelab.engine.runtime;

/**
 * How long the runtime's own actions take in simulated time. The runtime's
 * scheduler paths take tens to hundreds of nanoseconds; waking a parked thread
 * takes microseconds (a futex wake and the kernel scheduling the thread).
 * These are round figures of the right order, not measurements: lessons should
 * expect orders of magnitude, not exact nanoseconds, from them.
 */
final class Costs {
    private Costs() {
    }

    /** A typical scheduler step: runqget, execute, gopark, a channel operation. */
    static final long RUNTIME_NS = 100;
    /** newproc: allocate (or reuse) a g and its 2 KB stack. */
    static final long NEWPROC_NS = 300;
    /** A function call in Go code: the gap until the next prologue check. */
    static final long CALL_NS = 10;
    /** A full stealWork pass over every P that found nothing. */
    static final long STEAL_PASS_NS = 500;
    /** runqgrab's usleep(3) before stealing a running P's runnext. */
    static final long RUNNEXT_STEAL_USLEEP_NS = 3_000;
    /** A parked M (futex) woken until it runs. */
    static final long THREAD_WAKE_NS = 5_000;
    /** newm: clone a new OS thread until it runs. */
    static final long NEW_THREAD_NS = 20_000;
    /** From tgkill/kill until the handler runs on the chosen thread. */
    static final long SIGNAL_DELIVERY_NS = 2_000;
    /** The runtime's signal handler itself, on the gsignal stack. */
    static final long SIGNAL_HANDLER_NS = 1_000;
    /**
     * Linux's default timer slack for an ordinary thread: a timed sleep ends up to
     * this much late. It is why sysmon's usleep(20) takes about 70µs, and why a
     * 1ms epoll_wait returns after about 1.05ms (measured here with Go 1.19:
     * time.Sleep(100µs) on an idle program takes about 1.09ms).
     */
    static final long TIMER_SLACK_NS = 50_000;
    /** sysmon's shortest sleep (usleep(20)). */
    static final long SYSMON_MIN_DELAY_NS = 20_000;
    /** sysmon's longest sleep (10 ms). */
    static final long SYSMON_MAX_DELAY_NS = 10_000_000;
    /** forcePreemptNS: the time slice, 10 ms. */
    static final long FORCE_PREEMPT_NS = 10_000_000;
    /** sysmon polls the network if nobody has for this long. */
    static final long NETPOLL_STALE_NS = 10_000_000;
    /** forcegcperiod: 2 minutes. */
    static final long FORCE_GC_PERIOD_NS = 2L * 60 * 1_000_000_000L;
}
