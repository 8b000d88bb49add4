package goroutinelab.engine.runtime;

import goroutinelab.engine.EventKind;
import goroutinelab.engine.Fmt;
import goroutinelab.engine.IntDeque;
import goroutinelab.engine.Op;
import goroutinelab.engine.Text;

import java.util.List;

/**
 * One GC cycle (runtime/mgc.go: gcStart, gcMarkDone, gcMarkTermination,
 * runtime.GC; runtime/proc.go: forcegchelper; runtime/mgcpacer.go: the heap
 * goal and the worker plan). The stop-the-worlds are {@link StopTheWorld}'s,
 * the sweep after it {@link Sweep}'s.
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
        c.sweep.finishSweepNow();
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

    long markBegin(M m) {
        c.stw1Ns = rt.now() - c.stwStart;
        c.phase = Collector.Phase._GCmark;
        c.blackenEnabled = true;
        c.markDoneStarted = false;
        c.barrierOffThisCycle = !rt.writeBarrier;
        c.roots.clear();
        if (c.workbufs != null) {
            c.workbufs.reset();
        }
        if (!c.globals.isEmpty() || rt.chans.values().stream().anyMatch(ch -> !ch.pointers().isEmpty())) {
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
        c.stw.startTheWorld(m);
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
        double goal = procs * GcCosts.GC_BACKGROUND_UTILIZATION;
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
        c.dedicatedPlan = dedicated;
        c.markStart = rt.now();
        c.fractionalTimeNs = new long[procs];
        c.bgScanCredit = 0;
        c.midUnit.clear();
        c.assisting.clear();
        c.scanWorkDone = 0;
        // revise's expectation: last cycle's heap and stack scan work, and the globals
        c.scanWorkExpected = c.lastScanWork + c.mark.globalsScan();
        c.maxStackScan = 0;
        for (G g : rt.gs.values()) {
            if (g.alive() && !g.system) {
                c.maxStackScan += GcCosts.ROOT_SLOT_WORK * (1 + g.locals.size());
            }
        }
        java.util.Arrays.fill(c.markCpuNs, 0);
        for (Collector.Worker w : c.workers.values()) {
            w.running = false;
            w.p = -1;
            w.heapScanWork = 0;
            w.pendingCredit = 0;
            w.checkDue = false;
            w.exit = Collector.Exit.NONE;
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
            c.stw.startTheWorld(m);
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
        long marked = c.markedBytes;
        long heapAtEnd = c.heapLive;
        long oldGoal = c.heapGoal;
        pace(marked);
        c.lastGcTime = rt.now();
        // only a cycle with the barrier off can leave a reachable object white; with it on, the invariants check that none is
        c.reachableAtSweep = c.barrierOffThisCycle ? c.mark.reachable() : null;
        c.sweep.begin();
        c.sweptFreed = 0;
        c.sweptFreedBytes = 0;
        c.stw2Ns = rt.now() - c.stwStart;
        c.lastScanWork = Math.max(0, c.scanWorkDone - c.mark.globalsScan());
        long[] cpu = c.markCpuNs;
        long procs = rt.allp.length;
        String gctrace = String.format(java.util.Locale.ROOT,
                "gc %d @%.3fs: %s+%s+%s clock, %s+%s/%s/%s+%s cpu, %s->%s->%s, %s goal, %d P%s",
                c.cycles, rt.now() / 1e9, Fmt.time(c.stw1Ns), Fmt.time(Math.max(0, c.stwStart - c.markStart)), Fmt.time(c.stw2Ns),
                Fmt.time(c.stw1Ns * procs), Fmt.time(cpu[Collector.MarkCpu.assist.ordinal()]),
                Fmt.time(cpu[Collector.MarkCpu.dedicated.ordinal()] + cpu[Collector.MarkCpu.fractional.ordinal()]),
                Fmt.time(cpu[Collector.MarkCpu.idle.ordinal()]), Fmt.time(c.stw2Ns * procs),
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
            c.assisting.remove(g);
        }
        // the world is stopped: they go to the global queue and run when it starts
        for (int g : list.toArray()) {
            rt.runqs.makeRunnable(g);
            rt.sched.runq.addLast(g);
        }
        return n;
    }

    long startAfterTermination(M m) {
        c.stw.startTheWorld(m);
        P own = rt.p(m.p);
        boolean created = c.bgsweepG == 0;
        if (created) {
            G s = rt.newG("bgsweep", true);
            s.status = GStatus._Gwaiting;
            c.bgsweepG = s.id;
        }
        G sweeper = rt.g(c.bgsweepG);
        int white = c.sweepWhite;
        Text kicked = Text.EMPTY;
        if (sweeper.status == GStatus._Gwaiting) {
            c.bgsweepParked = false;
            rt.runqs.makeRunnable(sweeper.id);
            kicked = rt.runqs.runqput(own, sweeper.id, true);
        }
        rt.emit(EventKind.START_THE_WORLD, m.curg == 0 ? null : m.curg, m.id, own.id, new Text(
                "startTheWorld after mark termination (the world was stopped {0}): the program runs again; bgsweep G{1} is readied into P{2}'s runnext to sweep the {3} objects and free the {4} left white{5}",
                "标记终止后 startTheWorld（世界停止了 {0}）：程序继续运行；bgsweep G{1} 被放入 P{2} 的 runnext，去清扫 {3} 个对象，回收其中仍为白色的 {4} 个{5}",
                Fmt.time(rt.now() - c.stwStart), sweeper.id, own.id, c.sweepEnd, white, kicked),
                "phase", "_GCoff", "stwNs", rt.now() - c.stwStart, "toSweep", c.sweepEnd, "white", white);
        rt.then(m, Act.WAKEP, resumeAct(m));
        return Costs.RUNTIME_NS;
    }

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
        if (c.phase == Collector.Phase._GCoff && !c.sweepPending()) {
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

    /**
     * sysmon's gcTriggerTime: forcegchelper is readied onto the global queue
     * (the parked one of Background, when the lesson has the runtime's own
     * goroutines; else one made for the purpose).
     */
    void sysmonForceGc(M sysmon) {
        G g;
        if (c.forcegcG != 0 && c.forcegcParked) {
            g = rt.g(c.forcegcG);
            c.forcegcParked = false;
            rt.runqs.makeRunnable(g.id);
        } else {
            g = rt.newG("forcegchelper", true);
            c.forcegcG = g.id;
        }
        g.stack.push(new Frame("forcegchelper", List.of(new Op.Gc()), 0));
        rt.sched.runq.addLast(g.id);
        wakeIdleP();
    }

    private void wakeIdleP() {
        if (rt.sched.nmspinning == 0 && !rt.sched.pidle.isEmpty() && !rt.sched.gcwaiting) {
            rt.sched.nmspinning++;
            rt.threads.wakeMFor(rt.threads.pidleget(), true);
        }
    }
}
