package goroutinelab.engine.runtime;

import goroutinelab.engine.EventKind;
import goroutinelab.engine.Fmt;
import goroutinelab.engine.Text;

import java.util.ArrayList;
import java.util.List;

/**
 * Stopping and starting the world for the collector (runtime/proc.go:
 * stopTheWorldWithSema, startTheWorldWithSema, gcstopm; entersyscall_gcwait
 * and handoffp's stop): sched.gcwaiting is set, every P must reach
 * _Pgcstop, idle and syscall Ps at once, running goroutines at their next
 * safe point (asked with preempt flags and SIGURG, again every 100µs), and
 * the last P to stop wakes the initiator. Starting the world gives every P
 * with work an M and puts the others on the idle list.
 */
final class StopTheWorld {
    private final Collector c;
    private final GoRuntime rt;

    StopTheWorld(Collector c) {
        this.c = c;
        this.rt = c.rt;
    }

    long stwBegin(M m) {
        rt.sched.gcwaiting = true;
        c.stwInitiator = m.id;
        c.stwReason = c.stwPurpose.reason;
        c.stwStart = rt.now();
        c.stopwait = 0;
        P own = rt.p(m.p);
        own.status = PStatus._Pgcstop;
        List<String> atOnce = new ArrayList<>();
        List<String> waiting = new ArrayList<>();
        for (P p : rt.allp) {
            if (p == own) {
                continue;
            }
            switch (p.status) {
                case _Pidle -> {
                    if (rt.sched.pidle.remove(p.id)) {
                        p.status = PStatus._Pgcstop;
                        atOnce.add("P" + p.id);
                    } else {
                        c.stopwait++;
                        waiting.add("P" + p.id);
                    }
                }
                case _Psyscall -> {
                    p.status = PStatus._Pgcstop;
                    atOnce.add("P" + p.id);
                }
                case _Prunning -> {
                    c.stopwait++;
                    waiting.add("P" + p.id);
                    preemptP(p);
                }
                default -> {
                }
            }
        }
        rt.emit(EventKind.STOP_THE_WORLD, m.curg == 0 ? null : m.curg, m.id, own.id, new Text(
                "stopTheWorld ({0}): sched.gcwaiting is set and P{1} stops; {2}{3}",
                "stopTheWorld（{0}）：设置 sched.gcwaiting，P{1} 停止；{2}{3}",
                c.stwReason, own.id,
                atOnce.isEmpty() ? Text.EMPTY : new Text("idle and syscall Ps stop at once ({0}); ", "空闲和系统调用中的 P 立即停止（{0}）；", String.join(", ", atOnce)),
                waiting.isEmpty() ? new Text("nothing else runs", "没有其他在运行的 P")
                        : new Text("preemptall asks the goroutines on {0} to stop at their next safe point", "preemptall 要求 {0} 上的 goroutine 在下一个安全点停下", String.join(", ", waiting))),
                "reason", c.stwReason, "waiting", waiting, "phase", "stopping");
        if (c.stopwait == 0) {
            rt.then(m, Act.STW_DONE);
            return Costs.RUNTIME_NS;
        }
        m.set(Act.STW_WAIT, rt.now() + GcCosts.STW_REPREEMPT_NS);
        return GoRuntime.KEEP;
    }

    /** The running goroutine on p is asked to stop: the preempt flag, and SIGURG unless async preemption is off. */
    private void preemptP(P p) {
        if (p.m < 0) {
            return;
        }
        M pm = rt.m(p.m);
        if (pm.curg == 0) {
            return;
        }
        rt.preemption.requestPreempt(pm, rt.g(pm.curg));
        if (rt.asyncPreemption && !pm.signalPending) {
            p.preempt = true;
            pm.signalPending = true;
            rt.interrupt(pm, rt.now() + Costs.SIGNAL_DELIVERY_NS, Interrupt.Kind.SIGNAL, "SIGURG");
        }
    }

    /** Still waiting: every 100µs the stop-the-world preempts whatever still runs. */
    long stwWait(M m) {
        for (P p : rt.allp) {
            if (p.status == PStatus._Prunning && p.id != m.p) {
                preemptP(p);
            }
        }
        m.set(Act.STW_WAIT, rt.now() + GcCosts.STW_REPREEMPT_NS);
        return GoRuntime.KEEP;
    }

    /** A P reached _Pgcstop; the last one wakes the stop-the-world's initiator. */
    void stopP(P p) {
        p.status = PStatus._Pgcstop;
        c.stopwait--;
        if (c.stopwait == 0 && c.stwInitiator >= 0) {
            rt.m(c.stwInitiator).set(Act.STW_DONE, rt.now() + Costs.THREAD_WAKE_NS);
        }
    }

    /** gcstopm: an M sees the pending stop-the-world in schedule: its P stops and it sleeps. */
    long gcstopm(M m) {
        P p = rt.p(m.p);
        rt.threads.releasep(m);
        if (m.spinning) {
            m.spinning = false;
            rt.sched.nmspinning--;
        }
        stopP(p);
        m.state = M.State.idle;
        m.curg = 0;
        m.park();
        rt.sched.midle.addFirst(m.id);
        rt.emit(EventKind.GCSTOPM, null, m.id, p.id, new Text(
                "{0} sees the pending stop-the-world in schedule: P{1} stops (_Pgcstop) and {0} sleeps (gcstopm)",
                "{0} 在 schedule 中看到待执行的停止世界：P{1} 停止（_Pgcstop），{0} 休眠（gcstopm）", m.name(), p.id));
        return GoRuntime.KEEP;
    }

    long handoffToGcstop(M by, P p) {
        stopP(p);
        rt.emit(EventKind.HANDOFFP, null, by.id, p.id, new Text(
                "handoffp: a stop-the-world is pending, so P{0} stops (_Pgcstop)",
                "handoffp：停止世界正在进行，P{0} 停止（_Pgcstop）", p.id));
        return Costs.RUNTIME_NS;
    }

    /**
     * Every P has stopped. What the collector then does with the world
     * stopped takes its measured time (gcStart's set-up for sweep
     * termination, gcMarkTermination's for mark termination).
     */
    long stwDone(M m) {
        long work = c.stwPurpose == Collector.Stw.SWEEP_TERMINATION ? GcCosts.SWEEP_TERMINATION_NS : GcCosts.MARK_TERMINATION_NS;
        rt.emit(EventKind.STOP_THE_WORLD, m.curg == 0 ? null : m.curg, m.id, m.p, new Text(
                "the world is stopped ({0}): every P is in _Pgcstop; stopping took {1}. What the collector does with the world stopped takes about {2} more",
                "世界已停止（{0}）：所有 P 都处于 _Pgcstop；停止用时 {1}。回收器在世界停止期间要做的事还需约 {2}",
                c.stwReason, Fmt.time(rt.now() - c.stwStart), Fmt.time(work)),
                "reason", c.stwReason, "phase", "stopped", "tookNs", rt.now() - c.stwStart, "workNs", work);
        rt.then(m, c.stwPurpose.then);
        return work;
    }

    /** startTheWorldWithSema: Ps with work get an M, the others go idle; sysmon wakes. */
    void startTheWorld(M m) {
        rt.sched.gcwaiting = false;
        c.stwInitiator = -1;
        P own = rt.p(m.p);
        own.status = PStatus._Prunning;
        for (P p : rt.allp) {
            if (p == own || p.status != PStatus._Pgcstop) {
                continue;
            }
            p.status = PStatus._Pidle;
            if (!p.runqEmpty()) {
                rt.threads.wakeMFor(p, false);
            } else {
                rt.threads.pidleput(p);
            }
        }
        rt.sysmon.wakeFromDeepSleep();
    }
}
