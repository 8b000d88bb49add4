package goroutinelab.engine.runtime;

import goroutinelab.engine.IntDeque;

import java.util.ArrayList;
import java.util.List;

/**
 * A P, a processor (runtime2.go: type p): the right to run Go code, with its
 * runnext slot, its bounded local run queue, its timers and the ticks sysmon
 * watches.
 */
final class P {
    final int id;
    final int runqCap;
    PStatus status = PStatus._Pidle;
    int m = -1;
    /** A G readied by the current G, run next inheriting the time slice; 0 when empty. */
    int runnext;
    IntDeque runq = new IntDeque(16);
    long schedtick;
    long syscalltick;
    /** pp.preempt: set by preemptone, cleared by schedule. */
    boolean preempt;
    /** sysmon's last scan found this P on one schedtick for 10ms (retake's sysretake). */
    boolean sysretake;
    /** sysmon's last scan found this P in its first system call, whose start it never noted. */
    boolean firstCall;

    /** Dead gs on this P's free list (gFree), reused by newproc (gfget) before a new g is allocated. */
    int gfreecnt;

    // sysmontick: what sysmon saw last time. Like the runtime's, sysmon's copy of
    // syscalltick starts at 0, the P's own value, so the start of a P's first
    // system call is never noted: the call looks as old as the process
    // (NEVER_NOTED) and is retaken at sysmon's first look.
    long sysmonSchedtick = -1;
    long sysmonSchedwhen;
    long sysmonSyscalltick;
    long sysmonSyscallwhen = NEVER_NOTED;

    /** pd.syscallwhen before sysmon has noted any call: the runtime's 0, long before now. */
    static final long NEVER_NOTED = Long.MIN_VALUE / 4;

    /** This P's timers, ordered by when (then by creation). */
    final List<Timer> timers = new ArrayList<>();

    P(int id, int runqCap) {
        this.id = id;
        this.runqCap = runqCap;
    }

    P copy() {
        P c = new P(id, runqCap);
        c.status = status;
        c.m = m;
        c.runnext = runnext;
        c.runq = runq.copy();
        c.schedtick = schedtick;
        c.syscalltick = syscalltick;
        c.preempt = preempt;
        c.sysretake = sysretake;
        c.firstCall = firstCall;
        c.gfreecnt = gfreecnt;
        c.sysmonSchedtick = sysmonSchedtick;
        c.sysmonSchedwhen = sysmonSchedwhen;
        c.sysmonSyscalltick = sysmonSyscalltick;
        c.sysmonSyscallwhen = sysmonSyscallwhen;
        c.timers.addAll(timers);
        return c;
    }

    /** runqempty: nothing in runnext nor in the local queue. */
    boolean runqEmpty() {
        return runnext == 0 && runq.isEmpty();
    }

    void addTimer(Timer t) {
        int at = 0;
        while (at < timers.size() && timers.get(at).when() <= t.when()) {
            at++;
        }
        timers.add(at, t);
    }

    /** The earliest timer due at or before {@code now}, or null. */
    Timer dueTimer(long now) {
        return !timers.isEmpty() && timers.get(0).when() <= now ? timers.get(0) : null;
    }

    long nextTimerWhen() {
        return timers.isEmpty() ? M.NEVER : timers.get(0).when();
    }

    /** A sleeping goroutine's timer: fire at {@code when}, readying {@code g}. */
    record Timer(long when, int g) {}

    @Override
    public String toString() {
        return "P" + id;
    }
}
