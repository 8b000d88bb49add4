package goroutinelab.engine.runtime;

/**
 * How long the runtime's own actions take in simulated time, calibrated
 * against a real Go 1.19 runtime on a typical Linux x86-64 machine (a 2-CPU
 * virtual machine, docs/fidelity.md). Each constant names the Go function it
 * stands for, the range measured and the program in fidelity/go that measured
 * it. They hold "of this order on a typical Linux machine": a busy or slower
 * machine stretches the latencies, not their order, so lessons quote them as
 * orders of magnitude. docs/fidelity.md has a row for each (the constant,
 * the Go function, the measured range and the program) and fidelity/modelled.tsv
 * holds the values fidelity/run compares against. Allocation and the
 * collector's costs are not here (HeapOps, Mark).
 */
final class Costs {
    private Costs() {
    }

    /**
     * One scheduler step (proc.go goschedImpl, schedule/findRunnable, execute,
     * park_m, ready; chan.go chansend/chanrecv). Measured: a Gosched hand-off
     * (three steps here) 63 ns on a calm machine, fastest batches 57 ns; a
     * channel hand-off (four steps) 151 ns; an empty goroutine run to its end
     * (two steps) 77 ns. (fidelity/go/switch, newproc)
     */
    static final long RUNTIME_NS = 50;
    /**
     * newproc with a fresh g (proc.go newproc1 → malg, a 2 KB stack, then
     * runqput). Measured 1.06–1.41 µs. (fidelity/go/newproc)
     */
    static final long NEWPROC_NS = 1_000;
    /** newproc reusing a dead g from the P's free list (proc.go gfget). Measured 51–55 ns. (fidelity/go/newproc) */
    static final long NEWPROC_REUSED_NS = 50;
    /**
     * A function call in Go code: the gap until the next prologue check
     * (stack.go newstack, reached through morestack). Measured 1.3 ns a call
     * with the stack check. (fidelity/go/call)
     */
    static final long CALL_NS = 2;
    /**
     * stealWork's four passes over every P that found nothing (proc.go
     * stealWork, inside findRunnable). Measured 443–517 ns from ProcStart to
     * ProcStop of a woken M that found nothing. (fidelity/go/spin)
     */
    static final long STEAL_PASS_NS = 500;
    /**
     * Linux's timer slack and the wake after it: a timed wait (nanosleep,
     * epoll_wait, a futex with a timeout) ends about this much late. The slack
     * is 50 µs (/proc/self/timerslack_ns); the woken thread runs 20–35 µs
     * after it. Measured: nanosleep(20 µs) takes 89–104 µs, a timed wait ends
     * 70–85 µs late. (fidelity/go/timers)
     */
    static final long TIMER_SLACK_NS = 75_000;
    /**
     * The spread of a timed wait's lateness (p25 to p75 of nanosleep(20 µs):
     * 89–104 µs). Only sysmon's sleeps carry it (a seeded draw within ± half of
     * it), so sysmon does not look at a busy P at the same point of its work
     * on every round. (fidelity/go/timers)
     */
    static final long TIMER_JITTER_NS = 10_000;
    /**
     * proc.go runqgrab: usleep(3) before taking a running P's runnext; the
     * kernel's timer slack applies to it too. Measured: nanosleep(3 µs) takes
     * 74–86 µs; a fruitless search that slept there 77–81 µs.
     * (fidelity/go/timers, spin)
     */
    static final long RUNNEXT_STEAL_USLEEP_NS = 3_000 + TIMER_SLACK_NS;
    /**
     * A parked M woken until it runs (lock_futex.go notewakeup → futexwakeup;
     * proc.go startm waking an M parked in stopm). Measured 5–11 µs median
     * (wakep until the woken M holds the P; a retaken P handed to a parked M),
     * tails to tens of µs. (fidelity/go/spin, handoff, threadwake)
     */
    static final long THREAD_WAKE_NS = 8_000;
    /**
     * A new OS thread until it runs (proc.go newm → newm1 → os_linux.go
     * newosproc: clone, then mstart). Measured 67–83 µs median from a retaken
     * P until it runs on a thread that did not exist. (fidelity/go/handoff)
     */
    static final long NEW_THREAD_NS = 70_000;
    /**
     * The kernel delivering a signal to a running thread (the signal frame,
     * sigtramp, rt_sigreturn). With {@link #SIGNAL_HANDLER_NS}: 1.29–1.41 µs
     * for a signal sent to the calling thread. (fidelity/go/signal)
     */
    static final long SIGNAL_DELIVERY_NS = 1_000;
    /** The runtime's handler (signal_unix.go sighandler → sigqueue.go sigsend). See {@link #SIGNAL_DELIVERY_NS}. */
    static final long SIGNAL_HANDLER_NS = 500;
    /** sysmon's shortest sleep (proc.go sysmon: usleep(20)); the round is this plus {@link #TIMER_SLACK_NS}. */
    static final long SYSMON_MIN_DELAY_NS = 20_000;
    /** sysmon's longest sleep (proc.go sysmon: 10 ms). */
    static final long SYSMON_MAX_DELAY_NS = 10_000_000;
    /**
     * How long sysmon has run when main.main starts: runtime.main starts it
     * (newm(sysmon)) before the runtime's and the packages' init. Measured:
     * main.main's first line runs 0.24–0.28 ms (p25–p75; median 0.26 ms, n=20)
     * after runtime.main recorded runtimeInitTime, 0.29–0.45 ms in an earlier
     * run on a busier machine. (fidelity/go/startup)
     */
    static final long SYSMON_HEAD_START_NS = 300_000;
    /**
     * The start before runtime.main, played when a lesson asks for it
     * ({@code runtime: {startup: true}}, {@link Startup}): rt0_go (args,
     * osinit) and schedinit (the allocator, the signal mask, the environment,
     * procresize). Round figures, not measured: the lab has no clock inside
     * them. A real program's main.main runs about 1.3 ms after the process is
     * exec'd on this machine class (fork and exec included; docs/fidelity.md,
     * "sysmon's phase at the start").
     */
    static final long RT0_GO_NS = 2_000;
    static final long SCHEDINIT_NS = 40_000;
    /**
     * runtime.main from newm(sysmon) to main.main, in three parts that add up
     * to {@link #SYSMON_HEAD_START_NS}: the runtime's own init (its init task
     * starts forcegchelper), gcenable (bgsweep and bgscavenge start, run on a
     * new thread while main, locked to m0, waits for them) and every package's
     * init. Measured with GODEBUG=inittrace=1 (Go 1.19, a program importing
     * fmt and os, this machine class, 3 runs): the runtime's init ends at
     * 0.03-0.05 ms after runtimeInitTime, the first package's init starts at
     * 0.13-0.18 ms (gcenable in between), fmt's init at 0.34-0.37 ms.
     */
    static final long RUNTIME_INIT_NS = 30_000;
    static final long GCENABLE_NS = 100_000;
    static final long PACKAGE_INIT_NS = SYSMON_HEAD_START_NS - RUNTIME_INIT_NS - GCENABLE_NS;
    /** forcePreemptNS (proc.go): the time slice, 10 ms. */
    static final long FORCE_PREEMPT_NS = 10_000_000;
    /** sysmon polls the network if nobody has for this long (proc.go sysmon). */
    static final long NETPOLL_STALE_NS = 10_000_000;
    /** forcegcperiod (proc.go): 2 minutes. */
    static final long FORCE_GC_PERIOD_NS = 2L * 60 * 1_000_000_000L;
}
