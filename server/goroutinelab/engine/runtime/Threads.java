package goroutinelab.engine.runtime;

import goroutinelab.engine.EventKind;
import goroutinelab.engine.Text;

/**
 * Keeping enough Ms awake and no more (runtime/proc.go: wakep, startm, mstart,
 * stopm, handoffp, resetspinning, acquirep, releasep, pidleput, pidleget,
 * checkdead).
 *
 * <p>An M needs a P to run Go code. wakep starts a spinning M when a P is idle
 * and nobody is already looking for work; a spinning M that finds nothing
 * gives its P back and sleeps (stopm) on the idle M list. handoffp decides
 * what happens to a P left by a syscall: another M if there is work (or
 * nobody else would look for it), else the idle list. checkdead is the
 * runtime's last word when no M runs and nothing can wake one.
 *
 * <p>Simplified: waking a parked M is a fixed {@link Costs#THREAD_WAKE_NS}
 * (a futex wake and the kernel scheduling it), creating one
 * {@link Costs#NEW_THREAD_NS}.
 */
final class Threads {
    private final GoRuntime rt;

    Threads(GoRuntime rt) {
        this.rt = rt;
    }

    /** resetspinning: the M found work and stops spinning; it wakes another spinner if there is an idle P. */
    long resetspinning(M m) {
        if (m.spinning) {
            m.spinning = false;
            m.state = M.State.running;
            rt.sched.nmspinning--;
        }
        rt.then(m, Act.WAKEP);
        return 0;
    }

    /** wakep: with an idle P and no spinning M, start an M spinning on that P. */
    long wakep(M m) {
        if (rt.sched.nmspinning != 0 || rt.sched.pidle.isEmpty() || rt.exited) {
            return 0;
        }
        rt.sched.nmspinning++;
        P p = pidleget();
        rt.emit(EventKind.WAKEP, null, m.id, p.id, new Text(
                "wakep: P{0} is idle and no M is spinning, so an M is started to spin on P{0}",
                "wakep：P{0} 空闲且没有自旋的 M，于是启动一个 M 在 P{0} 上自旋", p.id), "idleP", p.id);
        rt.then(m, new Act.Startm(p.id, true));
        return Costs.RUNTIME_NS;
    }

    /** startm: hand P to an idle M (or a new one) and wake it. */
    long startm(M m, int pid, boolean spinning) {
        P p = rt.p(pid);
        boolean created = rt.sched.midle.isEmpty();
        M nmp = created ? rt.newM() : rt.m(rt.sched.midle.pollFirst());
        nmp.spinning = spinning;
        nmp.nextp = p.id;
        nmp.set(Act.MSTART, rt.now() + (created ? Costs.NEW_THREAD_NS : Costs.THREAD_WAKE_NS));
        if (created) {
            rt.emit(EventKind.NEWM, null, nmp.id, p.id, new Text(
                    "no idle M: {0} creates a new thread {1} for P{2}{3}",
                    "没有空闲的 M：{0} 新建线程 {1} 来运行 P{2}{3}", m.name(), nmp.name(), p.id,
                    spinningPhrase(spinning)), "by", m.id, "spinning", spinning);
        } else {
            rt.emit(EventKind.STARTM, null, nmp.id, p.id, new Text(
                    "{0} wakes idle {1} and hands it P{2}{3}",
                    "{0} 唤醒空闲的 {1} 并把 P{2} 交给它{3}", m.name(), nmp.name(), p.id,
                    spinningPhrase(spinning)), "by", m.id, "spinning", spinning);
        }
        return Costs.RUNTIME_NS;
    }

    /** A started M is running: it acquires the P it was handed and schedules. */
    long mstart(M m) {
        P p = rt.p(m.nextp);
        m.nextp = -1;
        acquirep(m, p);
        m.state = m.spinning ? M.State.spinning : M.State.running;
        rt.then(m, Act.SCHEDULE);
        return 0;
    }

    /** stopm, for an M that has already given up its P. */
    long stopm(M m) {
        return stopmNow(m, new Text("{0} has no P: it parks on the idle M list (stopm)",
                "{0} 没有 P：停放到空闲 M 列表（stopm）", m.name()), null);
    }

    /** stopm with the event's text: the M parks on the idle list (it must have no P). */
    long stopmNow(M m, Text text, Integer pid) {
        m.state = M.State.idle;
        m.spinning = false;
        m.curg = 0;
        m.park();
        rt.sched.midle.addFirst(m.id);
        rt.emit(EventKind.STOPM, null, m.id, pid, text);
        rt.sched.checkdeadPending = true;
        return GoRuntime.KEEP;
    }

    /**
     * checkdead: with no M running and no timer pending, nothing can ever wake
     * a goroutine again: "all goroutines are asleep - deadlock!".
     */
    void checkdead() {
        if (rt.exited) {
            return;
        }
        for (M m : rt.allm) {
            if (!rt.sched.midle.contains(m.id)) {
                return;
            }
        }
        for (P p : rt.allp) {
            if (!p.timers.isEmpty()) {
                return;
            }
        }
        if (rt.outsideEventsPending()) {
            return;
        }
        rt.exit("fatal error: all goroutines are asleep - deadlock!", 2);
        rt.emit(EventKind.THROW, null, null, null, new Text(
                "fatal error: all goroutines are asleep - deadlock! No M runs, no timer is pending: nothing can wake anyone",
                "fatal error: all goroutines are asleep - deadlock!（没有 M 在运行，也没有待触发的定时器：没有谁能再被唤醒）"));
    }

    /**
     * handoffp: a P left by a syscall (or a stopping M). Start an M if there is
     * work or nobody else would look for it; otherwise the P goes idle.
     */
    long handoffp(M by, int pid) {
        P p = rt.p(pid);
        if (rt.sched.gcwaiting) {
            return rt.gc.handoffToGcstop(by, p);
        }
        if (!p.runqEmpty() || !rt.sched.runq.isEmpty()) {
            return handoffStart(by, p, false, new Text("handoffp: P{0} has work queued, so an M is started for it",
                    "handoffp：P{0} 有排队的工作，于是为它启动一个 M", p.id));
        }
        if (rt.gc.markWorkAvailable()) {
            return handoffStart(by, p, false, new Text("handoffp: there is GC mark work, so an M is started for P{0}",
                    "handoffp：有 GC 标记工作，于是为 P{0} 启动一个 M", p.id));
        }
        if (rt.sched.nmspinning + rt.npidle() == 0) {
            rt.sched.nmspinning++;
            return handoffStart(by, p, true, new Text(
                    "handoffp: no M is spinning and no P is idle, so a spinning M is started on P{0} to look for work",
                    "handoffp：没有自旋的 M 也没有空闲的 P，于是在 P{0} 上启动一个自旋的 M 去找工作", p.id));
        }
        if (rt.npidle() == rt.allp.length - 1 && rt.netpoll.blockedM < 0) {
            return handoffStart(by, p, false, new Text(
                    "handoffp: P{0} is the last P and nobody is polling the network, so an M is started for it",
                    "handoffp：P{0} 是最后一个 P 且没有线程在轮询网络，于是为它启动一个 M", p.id));
        }
        pidleput(p);
        rt.emit(EventKind.HANDOFFP, null, by.id, p.id, new Text(
                "handoffp: P{0} has nothing to do and goes idle", "handoffp：P{0} 无事可做，变为空闲", p.id));
        if (!p.timers.isEmpty()) {
            rt.then(by, Act.WAKE_NETPOLLER);
        }
        return Costs.RUNTIME_NS;
    }

    private long handoffStart(M by, P p, boolean spinning, Text text) {
        rt.emit(EventKind.HANDOFFP, null, by.id, p.id, text, "startm", true);
        rt.then(by, new Act.Startm(p.id, spinning));
        return Costs.RUNTIME_NS;
    }

    /**
     * startm without an event, for the runtime's bulk wakeups (injectglist,
     * startTheWorld): an idle M, or a new one, is handed P and woken.
     */
    M wakeMFor(P p, boolean spinning) {
        boolean created = rt.sched.midle.isEmpty();
        M nmp = created ? rt.newM() : rt.m(rt.sched.midle.pollFirst());
        nmp.spinning = spinning;
        nmp.nextp = p.id;
        nmp.set(Act.MSTART, rt.now() + (created ? Costs.NEW_THREAD_NS : Costs.THREAD_WAKE_NS));
        return nmp;
    }

    void acquirep(M m, P p) {
        if (p.status != PStatus._Pidle) {
            throw new IllegalStateException("acquirep: P" + p.id + " is " + p.status + ", not _Pidle");
        }
        p.status = PStatus._Prunning;
        p.m = m.id;
        m.p = p.id;
    }

    void releasep(M m) {
        P p = rt.p(m.p);
        p.status = PStatus._Pidle;
        p.m = -1;
        m.p = -1;
    }

    void pidleput(P p) {
        if (!p.runqEmpty()) {
            throw new IllegalStateException("pidleput: P" + p.id + " has a non-empty run queue");
        }
        p.status = PStatus._Pidle;
        p.m = -1;
        rt.sched.pidle.addFirst(p.id);
    }

    P pidleget() {
        return rt.sched.pidle.isEmpty() ? null : rt.p(rt.sched.pidle.pollFirst());
    }

    private static Text spinningPhrase(boolean spinning) {
        return spinning ? new Text(" (spinning)", "（自旋）") : Text.EMPTY;
    }
}
