package goroutinelab.engine.runtime;

import goroutinelab.engine.EventKind;
import goroutinelab.engine.Fmt;
import goroutinelab.engine.IntDeque;
import goroutinelab.engine.Text;

import java.util.ArrayList;
import java.util.List;

/**
 * sysmon (runtime/proc.go: sysmon, retake): the runtime's watchdog, an M
 * with no P. It sleeps 20µs at first; after 50 rounds in which it retook
 * nothing it doubles its sleep each round up to 10ms. Each round it polls the
 * network if nobody has for 10ms, retakes Ps stuck in system calls, and asks
 * goroutines that have held a P for 10ms to yield. When every P is idle it
 * sleeps deeply until a syscall wakes it or the next timer is due.
 *
 * <p>A sleep ends late by the kernel's timer slack ({@link Costs#TIMER_SLACK_NS}),
 * give or take a seeded draw within {@link Costs#TIMER_JITTER_NS}, from an
 * Rng of sysmon's own so its draws do not move the scheduler's. Like a real
 * program's, the lab's sysmon has been running since runtime.main, before
 * main.main ({@link Costs#SYSMON_HEAD_START_NS}): {@link #headStart} plays
 * its quiet rounds from then, in which it noted P0's schedtick.
 *
 * <p>Its quiet rounds are not events: only what it does shows in the log. The
 * snapshot shows its current sleep ({@code m.sysmon.delay}).
 */
final class Sysmon {
    private final GoRuntime rt;

    Sysmon(GoRuntime rt) {
        this.rt = rt;
    }

    /** After usleep(delay): deep sleep when every P is idle, else the round's work. */
    long tick(M sm) {
        if (rt.sched.gcwaiting || rt.npidle() == rt.allp.length) {
            long next = rt.scheduler.nextTimerWhen();
            if (next > rt.now()) {
                rt.sched.sysmonwait = true;
                long sleep = Math.min(Costs.FORCE_GC_PERIOD_NS / 2, next == M.NEVER ? Long.MAX_VALUE : next - rt.now());
                sm.sysmonState = "waiting";
                sm.set(Act.SYSMON_BODY, rt.now() + sleep);
                rt.emit(EventKind.SYSMON, null, M.SYSMON, null, next == M.NEVER
                        ? new Text("every P is idle: sysmon stops its rounds and sleeps until a syscall wakes it",
                        "所有 P 都空闲：sysmon 停止巡检，睡眠直到被系统调用唤醒")
                        : new Text("every P is idle: sysmon stops its rounds and sleeps until {0} (the next timer) or a syscall",
                        "所有 P 都空闲：sysmon 停止巡检，睡眠到 {0}（下一个定时器）或被系统调用唤醒", Fmt.time(next)),
                        "deepSleep", true);
                return GoRuntime.KEEP;
            }
        }
        return body(sm);
    }

    /** Woken by entersyscall or exitsyscall while in deep sleep: start over at 20µs. */
    void wakeFromDeepSleep() {
        if (!rt.sched.sysmonwait) {
            return;
        }
        rt.sched.sysmonwait = false;
        M sm = rt.sysmonM;
        sm.sysmonIdle = 0;
        sm.sysmonDelayNs = Costs.SYSMON_MIN_DELAY_NS;
        sm.set(Act.SYSMON_BODY, rt.now() + Costs.THREAD_WAKE_NS);
    }

    /** The round: poll the network if it is stale, then look at every P. */
    long body(M sm) {
        rt.sched.sysmonwait = false;
        sm.sysmonState = "running";
        rt.then(sm, Act.RETAKE_SCAN);
        if (rt.netpoll.inited && rt.netpoll.blockedM < 0 && rt.sched.lastpoll + Costs.NETPOLL_STALE_NS < rt.now()) {
            rt.sched.lastpoll = rt.now();
            if (!rt.netpoll.ready.isEmpty()) {
                IntDeque list = rt.netpoll.ready;
                rt.netpoll.ready = new IntDeque(4);
                Text what = rt.runqs.injectglist(sm, null, list);
                rt.emit(EventKind.NETPOLL, null, M.SYSMON, null, new Text(
                        "sysmon: nobody has polled the network for 10ms, so it calls netpoll(0){0}",
                        "sysmon：已有 10ms 没人轮询网络，于是它调用 netpoll(0){0}", what));
                return Costs.RUNTIME_NS;
            }
        }
        return 0;
    }

    /**
     * retake's scan: look at every P and queue what to do (preempt a G that
     * held a P 10ms, retake a P in a syscall), then sleep.
     */
    long retakeScan(M sm) {
        List<Act> todo = scan();
        todo.add(Act.SYSMON_SLEEP);
        rt.then(sm, todo.toArray(new Act[0]));
        return 0;
    }

    /** retake of P pid, if it is still in the syscall sysmon saw (syscalltick). */
    long retake(M sm, int pid, long syscalltick) {
        P p = rt.p(pid);
        if (p.status != PStatus._Psyscall || p.syscalltick != syscalltick) {
            return 0;
        }
        M holder = holderOf(p);
        p.status = PStatus._Pidle;
        p.syscalltick++;
        sm.sysmonRetaken++;
        long since = rt.now() - (holder != null ? holder.opStart : p.sysmonSyscallwhen);
        rt.emit(EventKind.RETAKE, holder != null ? holder.curg : null, holder != null ? holder.id : null, p.id, new Text(
                "sysmon retakes P{0}: its M has been in a syscall for {1}{2}",
                "sysmon 收回 P{0}：它的 M 已在系统调用中停留 {1}{2}", p.id, Fmt.time(since), reason(p)),
                "since", since);
        rt.then(sm, new Act.Handoffp(p.id));
        return Costs.RUNTIME_NS;
    }

    private Text reason(P p) {
        if (p.firstCall) {
            return new Text(": it is P{0}'s first system call, whose start sysmon never noted (P{0}'s syscalltick is still 0, the same as sysmon's copy), so the call looks old",
                    "：这是 P{0} 的第一次系统调用，sysmon 从未记下它的开始（P{0} 的 syscalltick 仍为 0，与 sysmon 的副本相同），所以这次调用看起来早就开始了", p.id);
        }
        if (p.sysretake) {
            return new Text(", and its P has run one schedtick for 10ms (sysmon last saw it change at {0})",
                    "，而且它的 P 已在同一个 schedtick 上停留 10ms（sysmon 上次看到它变化是在 {0}）", Fmt.time(p.sysmonSchedwhen));
        }
        if (!p.runqEmpty()) {
            return new Text(", and work is waiting in its run queue", "，而且它的运行队列里有工作在等");
        }
        if (rt.sched.nmspinning + rt.npidle() == 0) {
            return new Text(", and no P is idle and no M is spinning", "，而且没有空闲的 P 也没有自旋的 M");
        }
        return new Text(" (10ms or more)", "（10ms 或更久）");
    }

    private List<Act> scan() {
        List<Act> todo = new ArrayList<>();
        for (P p : rt.allp) {
            boolean sysretake = false;
            p.sysretake = false;
            p.firstCall = false;
            if (p.status == PStatus._Prunning || p.status == PStatus._Psyscall) {
                if (p.sysmonSchedtick != p.schedtick) {
                    p.sysmonSchedtick = p.schedtick;
                    p.sysmonSchedwhen = rt.now();
                } else if (p.sysmonSchedwhen + Costs.FORCE_PREEMPT_NS <= rt.now()) {
                    if (p.status == PStatus._Prunning) {
                        todo.add(new Act.Preemptone(p.id, p.schedtick));
                    }
                    sysretake = true;
                }
            }
            if (p.status != PStatus._Psyscall) {
                continue;
            }
            if (!sysretake && p.sysmonSyscalltick != p.syscalltick) {
                p.sysmonSyscalltick = p.syscalltick;
                p.sysmonSyscallwhen = rt.now();
                continue;
            }
            if (p.runqEmpty() && rt.sched.nmspinning + rt.npidle() > 0
                    && p.sysmonSyscallwhen + Costs.FORCE_PREEMPT_NS > rt.now()) {
                continue;
            }
            p.sysretake = sysretake;
            p.firstCall = !sysretake && p.sysmonSyscallwhen == P.NEVER_NOTED;
            todo.add(new Act.Retake(p.id, p.syscalltick));
        }
        return todo;
    }

    /** usleep(delay): 20µs while busy; after 50 idle rounds double each round, up to 10ms. */
    long sleep(M sm) {
        if (rt.gc.timeTriggerDue()) {
            rt.gc.sysmonForceGc(sm);
            rt.emit(EventKind.SYSMON, null, M.SYSMON, null, new Text(
                    "sysmon: no GC has run for 2 minutes (forcegcperiod): it readies the forcegchelper goroutine to start one (gcTriggerTime)",
                    "sysmon：已有 2 分钟没有 GC（forcegcperiod）：唤醒 forcegchelper goroutine 来启动一轮（gcTriggerTime）"),
                    "forcegc", true);
            rt.then(sm, Act.SYSMON_SLEEP);
            return Costs.RUNTIME_NS;
        }
        backoff(sm);
        sm.sysmonState = "sleeping";
        sm.set(Act.SYSMON_TICK, rt.now() + roundNs(sm));
        return GoRuntime.KEEP;
    }

    /** The round's verdict on the next sleep: back to 20µs after a retake, doubled after 50 quiet rounds. */
    private static void backoff(M sm) {
        if (sm.sysmonRetaken > 0) {
            sm.sysmonIdle = 0;
        } else {
            sm.sysmonIdle++;
        }
        sm.sysmonRetaken = 0;
        if (sm.sysmonIdle == 0) {
            sm.sysmonDelayNs = Costs.SYSMON_MIN_DELAY_NS;
        } else if (sm.sysmonIdle > 50) {
            sm.sysmonDelayNs = Math.min(sm.sysmonDelayNs * 2, Costs.SYSMON_MAX_DELAY_NS);
        }
    }

    /** How long usleep(delay) really takes: the delay, the timer slack and the wake, give or take the jitter. */
    private long roundNs(M sm) {
        long jitter = rt.sysmonRng.nextInt((int) Costs.TIMER_JITTER_NS + 1) - Costs.TIMER_JITTER_NS / 2;
        return sm.sysmonDelayNs + Costs.TIMER_SLACK_NS + jitter;
    }

    /**
     * runtime.main started sysmon before the runtime's and the packages' init:
     * by main.main (time 0) it has made its first quiet rounds, noted P0's
     * schedtick at the first, and may have begun to back off. Sets its first
     * round at or after 0.
     */
    void headStart(M sm, P p0) {
        sm.sysmonDelayNs = Costs.SYSMON_MIN_DELAY_NS;
        sm.sysmonIdle = 0;
        long t = -Costs.SYSMON_HEAD_START_NS;
        boolean noted = false;
        while (true) {
            long next = t + roundNs(sm);
            if (next >= 0) {
                sm.sysmonState = "sleeping";
                sm.set(Act.SYSMON_TICK, next);
                return;
            }
            t = next;
            if (!noted) {
                p0.sysmonSchedtick = p0.schedtick;
                p0.sysmonSchedwhen = t;
                noted = true;
            }
            backoff(sm);
        }
    }

    /**
     * newm(sysmon) in runtime.main, when the start is played
     * ({@link Startup}): the new thread runs once it exists, and its first
     * round ends one usleep(20) later.
     */
    void start(M sm) {
        sm.sysmonDelayNs = Costs.SYSMON_MIN_DELAY_NS;
        sm.sysmonIdle = 0;
        sm.sysmonState = "sleeping";
        sm.set(Act.SYSMON_TICK, rt.now() + Costs.NEW_THREAD_NS + roundNs(sm));
    }

    private M holderOf(P p) {
        for (M m : rt.allm) {
            if (m.oldp == p.id && m.state == M.State.syscall) {
                return m;
            }
        }
        return null;
    }
}
