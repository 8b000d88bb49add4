package goroutinelab.engine.runtime;

import goroutinelab.engine.IntDeque;

import java.util.ArrayList;
import java.util.List;

/**
 * A P, a processor (runtime2.go: type p): the right to run Go code, with its
 * runnext slot, its bounded local run queue, its timers and the ticks sysmon
 * watches.
 */
public final class P {
    public final int id;
    public final int runqCap;
    public PStatus status = PStatus._Pidle;
    public int m = -1;
    /** A G readied by the current G, run next inheriting the time slice; 0 when empty. */
    public int runnext;
    public IntDeque runq = new IntDeque(16);
    public long schedtick;
    public long syscalltick;
    /** pp.preempt: set by preemptone, cleared by schedule. */
    public boolean preempt;
    /** sysmon's last scan found this P on one schedtick for 10ms (retake's sysretake). */
    public boolean sysretake;

    // sysmontick: what sysmon saw last time
    public long sysmonSchedtick = -1;
    public long sysmonSchedwhen;
    public long sysmonSyscalltick = -1;
    public long sysmonSyscallwhen;

    /** This P's timers, ordered by when (then by creation). */
    public final List<Timer> timers = new ArrayList<>();

    public P(int id, int runqCap) {
        this.id = id;
        this.runqCap = runqCap;
    }

    public P copy() {
        P c = new P(id, runqCap);
        c.status = status;
        c.m = m;
        c.runnext = runnext;
        c.runq = runq.copy();
        c.schedtick = schedtick;
        c.syscalltick = syscalltick;
        c.preempt = preempt;
        c.sysretake = sysretake;
        c.sysmonSchedtick = sysmonSchedtick;
        c.sysmonSchedwhen = sysmonSchedwhen;
        c.sysmonSyscalltick = sysmonSyscalltick;
        c.sysmonSyscallwhen = sysmonSyscallwhen;
        c.timers.addAll(timers);
        return c;
    }

    /** runqempty: nothing in runnext nor in the local queue. */
    public boolean runqEmpty() {
        return runnext == 0 && runq.isEmpty();
    }

    public void addTimer(Timer t) {
        int at = 0;
        while (at < timers.size() && timers.get(at).when() <= t.when()) {
            at++;
        }
        timers.add(at, t);
    }

    /** The earliest timer due at or before {@code now}, or null. */
    public Timer dueTimer(long now) {
        return !timers.isEmpty() && timers.get(0).when() <= now ? timers.get(0) : null;
    }

    public long nextTimerWhen() {
        return timers.isEmpty() ? M.NEVER : timers.get(0).when();
    }

    /** A sleeping goroutine's timer: fire at {@code when}, readying {@code g}. */
    public record Timer(long when, int g) {}

    @Override
    public String toString() {
        return "P" + id;
    }
}
