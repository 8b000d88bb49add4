package goroutinelab.engine.runtime;

import goroutinelab.engine.Text;

/**
 * One pending runtime action of an M (or of sysmon): what the thread does
 * next. Every M keeps a queue of them ({@link M#acts}); {@link GoRuntime}
 * performs the earliest due action in the world, one per engine step.
 *
 * <p>Each record names the runtime function it stands for, and its fields are
 * that function's arguments, typed (a goroutine id, a P id, a flag as a
 * boolean). The records are immutable, so an M's queue copies shallowly, and
 * an action without arguments is one shared instance ({@link #RUN},
 * {@link #SCHEDULE}...). {@link GoRuntime#perform} dispatches over the sealed
 * type; adding an action means adding a record here and its case there.
 *
 * <p>The runtime has no such queue: a thread simply runs the next function.
 * The queue is how the lab cuts one thread's path through proc.go into steps
 * that interleave with every other thread's on one simulated clock.
 */
sealed interface Act {

    /**
     * The goroutine this action holds in hand (taken off a queue, just created
     * or readied, and about to be run or placed), or 0: such a goroutine is in
     * no queue, and the invariants and the snapshot count the action as its place.
     */
    default int inHand() {
        return 0;
    }

    // ---- the scheduler loop (proc.go) ----

    /** schedule: find a goroutine to run on this M's P (findRunnable's first passes). */
    record Schedule() implements Act {}

    /** stealWork: four passes over the other Ps. */
    record Steal() implements Act {}

    /** runqgrab after its usleep(3): take the victim P's runnext if {@code g} is still there. */
    record StealRunnext(int victimP, int g) implements Act {}

    /** findRunnable's end: a last look at the global queue, then give up the P (netpoll or stopm). */
    record Stop() implements Act {}

    /** execute: run {@code g} on this M's P; {@code inheritTime} keeps the current time slice. */
    record Execute(int g, boolean inheritTime) implements Act {
        @Override
        public int inHand() {
            return g;
        }
    }

    /** resetspinning: the M found work and stops spinning. */
    record ResetSpinning() implements Act {}

    /** wakep: start a spinning M if a P is idle and nobody spins. */
    record Wakep() implements Act {}

    /** wakeNetPoller: a timer was added; the poller's deadline moves, or an M is woken. */
    record WakeNetPoller() implements Act {}

    /** startm: hand P {@code p} to an idle or new M, spinning or not. */
    record Startm(int p, boolean spinning) implements Act {}

    /** mstart: a started M takes the P it was handed and schedules. */
    record Mstart() implements Act {}

    /** m0's next step of the process's start before runtime.main (rt0_go, schedinit, newproc, mstart): {@link Startup}. */
    record Boot() implements Act {}

    /** The M blocked in netpoll (epoll_wait) returns. */
    record NetpollWake() implements Act {}

    /** stopm, for an M that has no P. */
    record Stopm() implements Act {}

    /** runqput after newproc: {@code g} into runnext ({@code next}) or the local queue's tail. */
    record Runqput(int g, boolean next) implements Act {
        @Override
        public int inHand() {
            return g;
        }
    }

    /** goready: {@code g} becomes runnable in this P's runnext. */
    record Goready(int g) implements Act {
        @Override
        public int inHand() {
            return g;
        }
    }

    /** handoffp: P {@code p}, left by a syscall, gets an M or goes idle. */
    record Handoffp(int p) implements Act {}

    // ---- running a goroutine ----

    /** The current goroutine runs its next op. */
    record Run() implements Act {}

    /** The current goroutine's CPU work (compute, loop) has run its time. */
    record OpEnd() implements Act {}

    /** gopreempt_m / goschedImpl: the current goroutine yields to the global queue. */
    record Gopreempt(Yield cause) implements Act {}

    /** exitsyscall: the current goroutine's system call returns. */
    record ExitSyscall() implements Act {}

    // ---- sysmon ----

    /** sysmon wakes from usleep(delay): deep sleep, or a round. */
    record SysmonTick() implements Act {}

    /** sysmon's round: poll the network if stale, then retake. */
    record SysmonBody() implements Act {}

    /** sysmon's usleep(delay) at the end of a round. */
    record SysmonSleep() implements Act {}

    /** retake's scan of every P (it queues a {@link Retake} or {@link Preemptone} per P to act on). */
    record RetakeScan() implements Act {}

    /** retake of P {@code p} if it is still in the syscall sysmon saw ({@code syscalltick}). */
    record Retake(int p, long syscalltick) implements Act {}

    /** preemptone: ask the goroutine on P {@code p} to stop if the P is still on {@code schedtick}. */
    record Preemptone(int p, long schedtick) implements Act {}

    /** preemptM: send SIGURG to M {@code m}. */
    record PreemptM(int m) implements Act {}

    // ---- the collector (mgc.go, mgcmark.go, proc.go) ----

    /** preemptPark: the current goroutine, stopped for a stack scan, parks in _Gpreempted. */
    record PreemptPark() implements Act {}

    /** gcStart, on the M of the goroutine that triggered the cycle; {@code why} words the trigger. */
    record GcStart(Text why) implements Act {}

    /** stopTheWorldWithSema: ask every P to stop. */
    record StwBegin() implements Act {}

    /** The stop-the-world waits; every 100µs it preempts what still runs. */
    record StwWait() implements Act {}

    /** Every P has stopped. */
    record StwDone() implements Act {}

    /** Sweep termination done: _GCmark, the roots queued, the world started. */
    record MarkBegin() implements Act {}

    /** gcMarkDone: no mark work left: stop the world for mark termination. */
    record MarkDone() implements Act {}

    /** gcMarkTermination: phase off, barrier off, the pacer. */
    record MarkTermination() implements Act {}

    /** startTheWorld after mark termination; bgsweep readied. */
    record StartAfterTermination() implements Act {}

    /** One step of gcAssistAlloc for the current goroutine. */
    record Assist() implements Act {}

    /** runtime.GC's caller waits for the cycle it started (gcWaitOnMark). */
    record CycleWait() implements Act {}

    /** gcFlushBgCredit: background credit pays parked assists. */
    record FlushBgCredit() implements Act {}

    // ---- os/signal's loop goroutine (sigqueue.go) ----

    /** signal_recv's notetsleepg: the loop's M blocks until sigsend wakes it. */
    record SigRecvSleep() implements Act {}

    /** notewakeup: the loop's M wakes and needs a P (exitsyscall). */
    record SigRecvWake() implements Act {}

    /** Why a goroutine yields in goschedImpl (the event says which). */
    enum Yield {
        /** It called runtime.Gosched. */
        GOSCHED,
        /** A preemption request seen at a function prologue (gopreempt_m). */
        PREEMPTED,
        /** SIGURG's asyncPreempt. */
        ASYNC_PREEMPTED
    }

    // the actions without arguments, shared
    Act SCHEDULE = new Schedule();
    Act STEAL = new Steal();
    Act STOP = new Stop();
    Act RESETSPINNING = new ResetSpinning();
    Act WAKEP = new Wakep();
    Act WAKE_NETPOLLER = new WakeNetPoller();
    Act MSTART = new Mstart();
    Act BOOT = new Boot();
    Act NETPOLL_WAKE = new NetpollWake();
    Act STOPM = new Stopm();
    Act RUN = new Run();
    Act OP_END = new OpEnd();
    Act EXIT_SYSCALL = new ExitSyscall();
    Act SYSMON_TICK = new SysmonTick();
    Act SYSMON_BODY = new SysmonBody();
    Act SYSMON_SLEEP = new SysmonSleep();
    Act RETAKE_SCAN = new RetakeScan();
    Act PREEMPT_PARK = new PreemptPark();
    Act STW_BEGIN = new StwBegin();
    Act STW_WAIT = new StwWait();
    Act STW_DONE = new StwDone();
    Act MARK_BEGIN = new MarkBegin();
    Act MARK_DONE = new MarkDone();
    Act MARK_TERMINATION = new MarkTermination();
    Act START_AFTER_TERMINATION = new StartAfterTermination();
    Act ASSIST = new Assist();
    Act CYCLE_WAIT = new CycleWait();
    Act FLUSH_BG_CREDIT = new FlushBgCredit();
    Act SIG_RECV_SLEEP = new SigRecvSleep();
    Act SIG_RECV_WAKE = new SigRecvWake();
}
