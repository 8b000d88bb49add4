package goroutinelab.engine.runtime;

import goroutinelab.engine.EventKind;
import goroutinelab.engine.Fmt;
import goroutinelab.engine.IntDeque;
import goroutinelab.engine.Op;
import goroutinelab.engine.Text;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One GC cycle (runtime/mgc.go: gcStart, gcMarkDone, gcMarkTermination;
 * runtime/proc.go: stopTheWorldWithSema, startTheWorldWithSema, gcstopm;
 * runtime/mgcsweep.go: bgsweep; runtime/mgcpacer.go: the heap goal).
 *
 * <p>A cycle runs on the M of the goroutine that triggered it: gcStart stops
 * the world (sweep termination: every P must reach _Pgcstop, running
 * goroutines at their next safe point), turns the phase to _GCmark (write
 * barrier on), queues the roots and starts the world again; background workers
 * and assists mark; the one that finds no work left calls gcMarkDone, which
 * stops the world again (mark termination), turns the phase off, sets the next
 * goal and starts the world, readying bgsweep to free what stayed white.
 */
final class Cycle {
    private static final long STW_REPREEMPT_NS = 100_000;
    private final Collector c;
    private final GoRuntime rt;

    Cycle(Collector c) {
        this.c = c;
        this.rt = c.rt;
    }

    /**
     * The pacer after a mark: goal = marked × (1 + GOGC/100), at least
     * heapMinimum × GOGC/100; the trigger at 61/64 of the way from marked to goal.
     */
    void pace(long marked) {
        c.heapMarked = marked;
        if (rt.cfg.gcOff()) {
            c.heapGoal = Long.MAX_VALUE;
            c.trigger = Long.MAX_VALUE;
            return;
        }
        long gogc = rt.cfg.gogc();
        long goal = Math.max(marked + marked * gogc / 100, rt.cfg.heapMinimumBytes() * gogc / 100);
        c.heapGoal = goal;
        c.trigger = marked + (goal - marked) * 61 / 64;
    }

    boolean heapTriggered() {
        return !rt.cfg.gcOff() && c.phase == Collector.Phase._GCoff && !c.stwActive() && c.heapLive >= c.trigger;
    }

    // ---- starting a cycle ----

    /**
     * The running goroutine on m starts a cycle ({@code why} says what triggered
     * it); afterwards it runs on, or waits for the cycle to end.
     */
    void requestStart(M m, Text why, boolean waits) {
        c.initiatorWaits = waits;
        c.stwInitiator = m.id;
        rt.then(m, new Act.GcStart(why));
    }

    /** gcStart: finish the last sweep, make the workers, stop the world for sweep termination. */
    long gcStart(M m, Text why) {
        finishSweepNow();
        c.cycles++;
        c.forced = c.initiatorWaits;
        c.cycleStartTime = rt.now();
        c.markStartHeap = c.heapLive;
        c.stwPurpose = Collector.Stw.SWEEP_TERMINATION;
        int created = ensureWorkers();
        rt.emit(EventKind.GC_START, m.curg == 0 ? null : m.curg, m.id, m.p, new Text(
                "gcStart: GC cycle {0} begins: {1}{2}; first, stop the world for sweep termination",
                "gcStart：第 {0} 轮 GC 开始：{1}{2}；首先为清扫终止而停止世界",
                c.cycles, why, created > 0
                        ? new Text("; {0} background mark worker goroutines are created (one per P), parked", "；创建 {0} 个后台标记工作者 goroutine（每个 P 一个），先挂起", created)
                        : Text.EMPTY), "cycle", c.cycles, "heapLive", c.heapLive);
        rt.then(m, Act.STW_BEGIN);
        return Costs.RUNTIME_NS;
    }

    private int ensureWorkers() {
        if (!c.workers.isEmpty()) {
            return 0;
        }
        for (int i = 0; i < rt.allp.length; i++) {
            G w = rt.newG("gcBgMarkWorker", true);
            w.status = GStatus._Gwaiting;
            w.waitreason = "GC worker (idle)";
            w.waitingOn = "gc.workers";
            c.workers.put(w.id, new Collector.Worker(w.id));
        }
        return rt.allp.length;
    }

    /** gcStart finishes any sweeping left from the previous cycle before it starts. */
    private void finishSweepNow() {
        while (!c.toSweep.isEmpty()) {
            sweepOne(c.toSweep.pollFirst(), null);
        }
    }

    // ---- stop the world ----

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
        m.set(Act.STW_WAIT, rt.now() + STW_REPREEMPT_NS);
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
        m.set(Act.STW_WAIT, rt.now() + STW_REPREEMPT_NS);
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

    long stwDone(M m) {
        rt.emit(EventKind.STOP_THE_WORLD, m.curg == 0 ? null : m.curg, m.id, m.p, new Text(
                "the world is stopped ({0}): every P is in _Pgcstop; stopping took {1}",
                "世界已停止（{0}）：所有 P 都处于 _Pgcstop；停止用时 {1}", c.stwReason, Fmt.time(rt.now() - c.stwStart)),
                "reason", c.stwReason, "phase", "stopped", "tookNs", rt.now() - c.stwStart);
        rt.then(m, c.stwPurpose.then);
        return Costs.RUNTIME_NS;
    }

    /** startTheWorldWithSema: Ps with work get an M, the others go idle; sysmon wakes. */
    private void startTheWorld(M m) {
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

    // ---- the mark phase ----

    long markBegin(M m) {
        c.stw1Ns = rt.now() - c.stwStart;
        c.phase = Collector.Phase._GCmark;
        c.blackenEnabled = true;
        c.markDoneStarted = false;
        c.barrierOffThisCycle = !rt.writeBarrier;
        c.roots.clear();
        if (!c.globals.isEmpty()) {
            c.roots.add(new Collector.RootJob("globals", 0));
        }
        for (G g : rt.gs.values()) {
            g.assistBytes = 0;
            g.gcscandone = false;
            if (g.alive() && !g.system) {
                c.roots.add(new Collector.RootJob("stack", g.id));
            }
        }
        startCycle();
        startTheWorld(m);
        rt.emit(EventKind.START_THE_WORLD, m.curg == 0 ? null : m.curg, m.id, m.p, new Text(
                "sweep termination done: setGCPhase(_GCmark) turns the write barrier on and queues {0} root jobs (globals and every goroutine's stack); new objects are allocated black; startTheWorld restarts the Ps. Background marking aims at 25% of the CPU: {1}",
                "清扫终止完成：setGCPhase(_GCmark) 打开写屏障，排入 {0} 个根任务（全局变量和每个 goroutine 的栈）；新对象分配为黑色；startTheWorld 重启各 P。后台标记的目标是 25% 的 CPU：{1}",
                c.roots.size(), workerPlan()), "phase", "_GCmark", "stwNs", c.stw1Ns);
        rt.then(m, Act.WAKEP, resumeAct(m));
        return Costs.RUNTIME_NS;
    }

    private Text workerPlan() {
        if (c.dedicatedNeeded > 0 && c.fractionalGoal > 0) {
            return new Text("{0} dedicated worker(s) plus a fractional {1}% of each P",
                    "{0} 个专用工作者，外加每个 P {1}% 的分时工作者", c.dedicatedNeeded, Math.round(c.fractionalGoal * 1000) / 10.0);
        }
        if (c.dedicatedNeeded > 0) {
            return new Text("{0} dedicated worker(s)", "{0} 个专用工作者", c.dedicatedNeeded);
        }
        return new Text("no dedicated worker (too few Ps); a fractional worker may use {0}% of each P",
                "没有专用工作者（P 太少）；分时工作者可用每个 P 的 {0}%", Math.round(c.fractionalGoal * 1000) / 10.0);
    }

    /** gcController.startCycle: dedicated workers = round(GOMAXPROCS/4), with the runtime's 30% rule. */
    private void startCycle() {
        int procs = rt.allp.length;
        double goal = procs * 0.25;
        int dedicated = (int) Math.floor(goal + 0.5);
        double error = dedicated / goal - 1;
        if (error < -0.3 || error > 0.3) {
            if (dedicated > goal) {
                dedicated--;
            }
            c.fractionalGoal = (goal - dedicated) / procs;
        } else {
            c.fractionalGoal = 0;
        }
        c.dedicatedNeeded = dedicated;
        c.markStart = rt.now();
        c.fractionalTimeNs = new long[procs];
        c.bgScanCredit = 0;
        c.midUnit.clear();
        c.scanWorkDone = 0;
        c.scanWorkExpected = Math.max(c.heapMarked, c.heapLive / 2);
        for (Collector.Worker w : c.workers.values()) {
            w.running = false;
            w.p = -1;
            w.unflushed = 0;
        }
    }

    /** What the goroutine whose M ran the GC work does next: continue its op, or wait for the cycle. */
    private Act resumeAct(M m) {
        if (m.curg == 0) {
            return Act.SCHEDULE;
        }
        if (c.initiatorWaits && c.phase == Collector.Phase._GCmark) {
            return Act.CYCLE_WAIT;
        }
        return Act.RUN;
    }

    /** A worker or an assist found no work at all left: it runs gcMarkDone. */
    void requestMarkDone(M m) {
        c.markDoneStarted = true;
        c.stwInitiator = m.id;
        c.initiatorWaits = false;
        rt.then(m, Act.MARK_DONE);
    }

    long markDone(M m) {
        c.stwPurpose = Collector.Stw.MARK_TERMINATION;
        rt.emit(EventKind.GC_MARK_DONE, m.curg == 0 ? null : m.curg, m.id, m.p, new Text(
                "gcMarkDone: no grey objects and no root jobs are left; the ragged barrier finds every P's write-barrier buffer flushed; stop the world for mark termination",
                "gcMarkDone：没有灰色对象，也没有根任务了；分散屏障确认每个 P 的写屏障缓冲已刷新；为标记终止停止世界"));
        rt.then(m, Act.STW_BEGIN);
        return Costs.RUNTIME_NS;
    }

    long markTermination(M m) {
        if (!c.grey.isEmpty() || !c.roots.isEmpty()) {
            c.markDoneStarted = false;
            startTheWorld(m);
            rt.emit(EventKind.START_THE_WORLD, m.curg == 0 ? null : m.curg, m.id, m.p, new Text(
                    "mark termination finds mark work that appeared while the world was stopping (the runtime checks for this, issue 27993): it restarts the world and marking goes on",
                    "标记终止时发现停止世界期间新出现的标记工作（运行时会检查这种情况，issue 27993）：重启世界，继续标记"),
                    "phase", "_GCmark", "restart", true);
            rt.then(m, Act.WAKEP, resumeAct(m));
            return Costs.RUNTIME_NS;
        }
        c.blackenEnabled = false;
        int woken = wakeAllAssists(m);
        c.phase = Collector.Phase._GCoff;
        long marked = 0;
        for (Obj o : c.heap.values()) {
            if (!o.freed && o.color != Obj.Color.white) {
                marked += o.size;
            }
        }
        long heapAtEnd = c.heapLive;
        long oldGoal = c.heapGoal;
        pace(marked);
        c.lastGcTime = rt.now();
        c.reachableAtSweep = c.mark.reachable();
        c.toSweep.clear();
        for (Obj o : c.heap.values()) {
            if (!o.freed) {
                c.toSweep.add(o.id);
            }
        }
        c.sweptFreed = 0;
        c.sweptFreedBytes = 0;
        c.stw2Ns = rt.now() - c.stwStart;
        String gctrace = String.format(java.util.Locale.ROOT,
                "gc %d @%.3fs: %s+%s+%s clock, %s->%s->%s, %s goal, %d P%s",
                c.cycles, rt.now() / 1e9, Fmt.time(c.stw1Ns), Fmt.time(Math.max(0, c.stwStart - c.markStart)), Fmt.time(c.stw2Ns),
                Fmt.bytes(c.markStartHeap), Fmt.bytes(heapAtEnd), Fmt.bytes(marked), oldGoal == Long.MAX_VALUE ? "-" : Fmt.bytes(oldGoal),
                rt.allp.length, c.forced ? " (forced)" : "");
        rt.emit(EventKind.GC_MARK_TERMINATION, m.curg == 0 ? null : m.curg, m.id, m.p, new Text(
                "gcMarkTermination: _GCmarktermination, then _GCoff: the write barrier is off. Marked {0} live; the next goal is {1} (GOGC={2}), the next cycle triggers at {3}{4}. gctrace: {5}",
                "gcMarkTermination：进入 _GCmarktermination，然后 _GCoff：写屏障关闭。存活（已标记）{0}；下一个目标 {1}（GOGC={2}），下一轮在 {3} 触发{4}。gctrace：{5}",
                Fmt.bytes(marked), rt.cfg.gcOff() ? "-" : Fmt.bytes(c.heapGoal), rt.cfg.gcOff() ? "off" : rt.cfg.gogc(),
                rt.cfg.gcOff() ? "-" : Fmt.bytes(c.trigger),
                woken > 0 ? new Text("; {0} parked assist(s) are released (gcWakeAllAssists)", "；释放 {0} 个挂起的辅助标记（gcWakeAllAssists）", woken) : Text.EMPTY,
                gctrace), "phase", "_GCoff", "marked", marked, "heapGoal", c.heapGoal, "gctrace", gctrace);
        rt.then(m, Act.START_AFTER_TERMINATION);
        return Costs.RUNTIME_NS;
    }

    /** gcWakeAllAssists: every goroutine parked for assist credit becomes runnable. */
    private int wakeAllAssists(M m) {
        int n = c.assistQueue.size();
        if (n == 0) {
            return 0;
        }
        IntDeque list = c.assistQueue;
        c.assistQueue = new IntDeque(4);
        for (int g : list.toArray()) {
            rt.g(g).assistBytes = 0;
        }
        // the world is stopped: they go to the global queue and run when it starts
        for (int g : list.toArray()) {
            rt.runqs.makeRunnable(g);
            rt.sched.runq.addLast(g);
        }
        return n;
    }

    long startAfterTermination(M m) {
        startTheWorld(m);
        P own = rt.p(m.p);
        boolean created = c.bgsweepG == 0;
        if (created) {
            G s = rt.newG("bgsweep", true);
            s.status = GStatus._Gwaiting;
            c.bgsweepG = s.id;
        }
        G sweeper = rt.g(c.bgsweepG);
        Text kicked = Text.EMPTY;
        if (sweeper.status == GStatus._Gwaiting) {
            c.bgsweepParked = false;
            rt.runqs.makeRunnable(sweeper.id);
            kicked = rt.runqs.runqput(own, sweeper.id, true);
        }
        rt.emit(EventKind.START_THE_WORLD, m.curg == 0 ? null : m.curg, m.id, own.id, new Text(
                "startTheWorld after mark termination (the world was stopped {0}): the program runs again; bgsweep G{1} is readied into P{2}'s runnext to free the {3} objects left white{4}",
                "标记终止后 startTheWorld（世界停止了 {0}）：程序继续运行；bgsweep G{1} 被放入 P{2} 的 runnext，去回收仍为白色的对象（待清扫 {3} 个）{4}",
                Fmt.time(rt.now() - c.stwStart), sweeper.id, own.id, c.toSweep.size(), kicked),
                "phase", "_GCoff");
        rt.then(m, Act.WAKEP, resumeAct(m));
        return Costs.RUNTIME_NS;
    }

    // ---- runtime.GC and its waiters ----

    long runtimeGC(M m, G g) {
        if (g.progress == 1) {
            Interp.advance(g);
            rt.then(m, Act.RUN);
            return 0;
        }
        if (g.system && g.id == c.forcegcG) {
            return forcegchelper(m, g);
        }
        if (c.phase != Collector.Phase._GCoff || c.stwActive()) {
            c.cycleWaiters.addLast(g.id);
            rt.interp.gopark(m, g, "wait for GC cycle", "gc.cycleWaiters", new Text(
                    "G{0} calls runtime.GC while cycle {1} is under way: it waits for it to end, then starts its own",
                    "G{0} 在第 {1} 轮 GC 进行中调用 runtime.GC：先等它结束，再开始自己的一轮", g.id, c.cycles));
            rt.then(m, Act.SCHEDULE);
            return Costs.RUNTIME_NS;
        }
        g.progress = 1;
        requestStart(m, new Text("G{0} called runtime.GC() (forced)", "G{0} 调用了 runtime.GC()（强制）", g.id),
                true);
        return 0;
    }

    /**
     * forcegchelper (proc.go): readied by sysmon, it calls gcStart with a time
     * trigger and goes back to sleep. Unlike runtime.GC it does not wait for the
     * cycle, and gctrace does not mark the cycle "(forced)". If a cycle is already
     * under way, gcStart's trigger test fails and nothing starts.
     */
    private long forcegchelper(M m, G g) {
        if (c.phase != Collector.Phase._GCoff || c.stwActive()) {
            Interp.advance(g);
            rt.then(m, Act.RUN);
            return 0;
        }
        g.progress = 1;
        requestStart(m, new Text("sysmon found no GC for 2 minutes and readied forcegchelper G{0}, which calls gcStart with a time trigger (gcTriggerTime) and does not wait for the cycle",
                "sysmon 发现 2 分钟没有 GC，唤醒了 forcegchelper G{0}，它以时间触发（gcTriggerTime）调用 gcStart，并不等待这一轮结束", g.id),
                false);
        return 0;
    }

    long cycleWait(M m) {
        G g = rt.g(m.curg);
        if (c.phase == Collector.Phase._GCoff && c.toSweep.isEmpty()) {
            rt.then(m, Act.RUN);
            return 0;
        }
        c.cycleWaiters.addLast(g.id);
        rt.interp.gopark(m, g, "wait for GC cycle", "gc.cycleWaiters", new Text(
                "G{0} waits in runtime.GC until cycle {1} has marked and swept (gcWaitOnMark)",
                "G{0} 在 runtime.GC 中等待第 {1} 轮完成标记和清扫（gcWaitOnMark）", g.id, c.cycles));
        rt.then(m, Act.SCHEDULE);
        return Costs.RUNTIME_NS;
    }

    /** A runtime.GC started from outside the program (the learner's "run GC"): a runtime goroutine calls it. */
    void forceFromOutside() {
        G g = rt.newG("runtime.GC", true);
        g.stack.push(new Frame("runtime.GC", List.of(new Op.Gc()), 0));
        rt.sched.runq.addLast(g.id);
        wakeIdleP();
    }

    /** sysmon's gcTriggerTime: forcegchelper is readied onto the global queue. */
    void sysmonForceGc(M sysmon) {
        G g = rt.newG("forcegchelper", true);
        g.stack.push(new Frame("forcegchelper", List.of(new Op.Gc()), 0));
        c.forcegcG = g.id;
        rt.sched.runq.addLast(g.id);
        wakeIdleP();
    }

    private void wakeIdleP() {
        if (rt.sched.nmspinning == 0 && !rt.sched.pidle.isEmpty() && !rt.sched.gcwaiting) {
            rt.sched.nmspinning++;
            rt.threads.wakeMFor(rt.threads.pidleget(), true);
        }
    }

    // ---- sweeping ----

    /** bgsweep: one object per step; white ones are freed. When done it readies runtime.GC's waiters and parks. */
    long sweepStep(M m, G g) {
        while (!c.toSweep.isEmpty()) {
            String id = c.toSweep.pollFirst();
            if (sweepOne(id, m)) {
                rt.then(m, Act.RUN);
                return 50;
            }
        }
        int[] waiters = c.cycleWaiters.toArray();
        c.cycleWaiters.clear();
        c.bgsweepParked = true;
        g.status = GStatus._Gwaiting;
        g.waitreason = "GC sweep wait";
        g.waitingOn = "gc.bgsweep";
        g.m = -1;
        m.curg = 0;
        rt.emit(EventKind.SWEEP, g.id, m.id, m.p, new Text(
                "bgsweep has swept every object: {0} freed ({1}); heapLive is {2}; it parks until the next cycle{3}",
                "bgsweep 清扫完所有对象：回收 {0} 个（{1}）；heapLive 为 {2}；挂起直到下一轮{3}",
                c.sweptFreed, Fmt.bytes(c.sweptFreedBytes), Fmt.bytes(c.heapLive),
                waiters.length > 0 ? new Text("; runtime.GC's waiters are readied", "；唤醒在 runtime.GC 中等待的 goroutine") : Text.EMPTY),
                "freed", c.sweptFreed);
        Act[] acts = new Act[waiters.length + 1];
        for (int i = 0; i < waiters.length; i++) {
            acts[i] = new Act.Goready(waiters[i]);
        }
        acts[waiters.length] = Act.SCHEDULE;
        rt.then(m, acts);
        return Costs.RUNTIME_NS;
    }

    /**
     * Sweeps one object: a marked one is kept (its mark cleared for the next
     * cycle), a white one is freed. Returns whether an event was emitted.
     */
    private boolean sweepOne(String id, M m) {
        Obj o = c.heap.get(id);
        if (o == null || o.freed) {
            return false;
        }
        if (o.color != Obj.Color.white) {
            o.color = Obj.Color.white;
            return false;
        }
        o.freed = true;
        c.heapLive -= o.size;
        c.sweptFreed++;
        c.sweptFreedBytes += o.size;
        o.fields.clear();
        if (m == null) {
            return false;
        }
        Set<String> reachable = c.reachableAtSweep;
        if (reachable != null && reachable.contains(id)) {
            o.lost = true;
            c.lost.add(id);
            if (!c.barrierOffThisCycle) {
                c.lostWithBarrier = true;
            }
            rt.emit(EventKind.LOST, null, m.id, m.p, new Text(
                    "sweep frees {0}, but {0} is still reachable from a root: it stayed white because a pointer to it was stored into an already-black object while no write barrier shaded it. The tri-color invariant (no black object points to a white one) was broken, and the program now holds a pointer to freed memory",
                    "清扫回收了 {0}，但 {0} 仍可从根到达：有一个指向它的指针被存进了已经是黑色的对象，而当时没有写屏障把它染灰，所以它一直是白色。三色不变式（黑色对象不能指向白色对象）被破坏，程序现在持有一个指向已释放内存的指针",
                    id), "obj", id, "size", o.size);
            return true;
        }
        rt.emit(EventKind.FREE, null, m.id, m.p, new Text(
                "sweep: {0} ({1}) is white, nothing reaches it: freed",
                "清扫：{0}（{1}）是白色的，没有任何引用能到达它：回收", id, Fmt.bytes(o.size)), "obj", id, "size", o.size);
        return true;
    }
}
