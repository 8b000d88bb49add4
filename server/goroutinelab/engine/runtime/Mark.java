package goroutinelab.engine.runtime;

import goroutinelab.engine.EventKind;
import goroutinelab.engine.Fmt;
import goroutinelab.engine.Text;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Marking (runtime/mgcmark.go: markroot, scanobject, shade, gcDrain,
 * gcAssistAlloc, gcParkAssist, gcFlushBgCredit; mgc.go: gcBgMarkWorker;
 * mgcpacer.go: findRunnableGCWorker; mbarrier.go: the write barrier;
 * preempt.go: suspendG).
 *
 * <p>One unit of mark work per step: a root job (the globals, or one
 * goroutine's stack) or one grey object scanned. A running goroutine's stack
 * can only be scanned once it stops: suspendG asks it to park as _Gpreempted at
 * its next safe point, and the scan readies it again (resumeG).
 */
final class Mark {
    private static final long GC_OVER_ASSIST_WORK = 64 * 1024;
    private static final long DRAIN_CHECK_NS = 100_000;
    private final Collector c;
    private final GoRuntime rt;

    Mark(Collector c) {
        this.c = c;
        this.rt = c.rt;
    }

    // ---- what work there is ----

    boolean workAvailable() {
        if (!c.grey.isEmpty()) {
            return true;
        }
        for (Collector.RootJob r : c.roots) {
            if (rootReady(r)) {
                return true;
            }
        }
        return false;
    }

    /** A root job can be done now (a running goroutine's stack only after it stopped). */
    private boolean rootReady(Collector.RootJob r) {
        if (!r.kind.equals("stack")) {
            return true;
        }
        G g = rt.gs.get(r.g);
        if (g == null || !g.alive()) {
            return true;
        }
        return g.status != GStatus._Grunning || !r.suspendRequested;
    }

    /** findRunnableGCWorker, or (idle) the idle-priority worker of findRunnable's last resort. */
    int findRunnableWorker(M m, P p, boolean idle) {
        if (!c.blackenEnabled || c.markDoneStarted || rt.sched.gcwaiting || !workAvailable()) {
            return 0;
        }
        Collector.Worker w = null;
        for (Collector.Worker x : c.workers.values()) {
            if (!x.running) {
                w = x;
                break;
            }
        }
        if (w == null) {
            return 0;
        }
        String mode;
        if (idle) {
            mode = "idle";
        } else if (c.dedicatedNeeded > 0) {
            c.dedicatedNeeded--;
            mode = "dedicated";
        } else if (c.fractionalGoal > 0) {
            long delta = rt.now() - c.markStart;
            if (delta > 0 && (double) c.fractionalTimeNs[p.id] / delta > c.fractionalGoal) {
                return 0;
            }
            mode = "fractional";
        } else {
            return 0;
        }
        w.running = true;
        w.mode = mode;
        w.p = p.id;
        w.runStart = rt.now();
        w.workSinceCheck = 0;
        rt.runqs.makeRunnable(w.g);
        return w.g;
    }

    // ---- the background worker ----

    long workerStep(M m, G g) {
        Collector.Worker w = c.workers.get(g.id);
        P p = rt.p(m.p);
        c.midUnit.remove(g.id);
        if (!c.blackenEnabled || c.markDoneStarted) {
            return workerPark(m, g, w, new Text("marking is over", "标记已结束"));
        }
        if (markComplete()) {
            // gcBgMarkWorker: whatever stops it, the last worker out with no work left runs gcMarkDone
            c.cycle.requestMarkDone(m);
            return 0;
        }
        if (g.preempt && "dedicated".equals(w.mode) && !rt.sched.gcwaiting) {
            return dedicatedPreempted(m, g, p);
        }
        if (g.preempt) {
            return workerPark(m, g, w, new Text("it was asked to yield (preempted)", "它被要求让出（被抢占）"));
        }
        if ("fractional".equals(w.mode) && w.workSinceCheck >= DRAIN_CHECK_NS && fractionalDone(p)) {
            return workerPark(m, g, w, new Text("it used its fractional share of P{0}", "它用完了在 P{0} 上的分时份额", p.id));
        }
        if ("idle".equals(w.mode) && (!p.runqEmpty() || !rt.sched.runq.isEmpty())) {
            return workerPark(m, g, w, new Text("P{0} has other work (pollWork)", "P{0} 有其他工作（pollWork）", p.id));
        }
        long cost = unit(m, g, false);
        if (cost < 0) {
            if (markComplete()) {
                c.cycle.requestMarkDone(m);
                return 0;
            }
            return workerPark(m, g, w, new Text("no mark work it can do now", "暂时没有它能做的标记工作"));
        }
        c.midUnit.add(g.id);
        w.workSinceCheck += cost;
        if ("fractional".equals(w.mode)) {
            c.fractionalTimeNs[p.id] += cost;
        }
        // the unit's scan work is flushed once it is done (gcDrain: gcFlushBgCredit every gcCreditSlack)
        rt.then(m, Act.FLUSH_BG_CREDIT, Act.RUN);
        return cost;
    }

    /**
     * No root job, no grey object, and nobody still inside a unit of mark work
     * (the runtime's work.nwait == work.nproc and !gcMarkWorkAvailable): the
     * caller has reached mark completion and runs gcMarkDone.
     */
    private boolean markComplete() {
        return c.grey.isEmpty() && c.roots.isEmpty() && c.midUnit.isEmpty() && !c.markDoneStarted;
    }

    /**
     * A dedicated worker asked to yield (sysmon's 10ms, not a stop-the-world)
     * does not stop: it moves its P's run queue to the global queue so other Ps
     * can run those goroutines, and goes on marking without preemption.
     */
    private long dedicatedPreempted(M m, G g, P p) {
        g.preempt = false;
        java.util.List<Integer> moved = new ArrayList<>();
        while (!p.runqEmpty()) {
            int x = rt.runqs.runqget(p);
            rt.sched.runq.addLast(x);
            moved.add(x);
        }
        rt.emit(EventKind.RUNQDRAIN, g.id, m.id, p.id, new Text(
                "the dedicated mark worker G{0} is asked to yield, but it does not stop marking: runqdrain moves {1} from P{2}'s queue to the global queue, so other Ps can run them, and it goes on without preemption",
                "专用标记工作者 G{0} 被要求让出，但它不停止标记：runqdrain 把 P{2} 队列里的 {1} 移到全局队列，让其他 P 去运行，它自己继续标记且不再被抢占",
                g.id, moved.isEmpty() ? "nothing" : Scheduler.gList(moved), p.id),
                "moved", moved);
        rt.then(m, Act.WAKEP, Act.RUN);
        return Costs.RUNTIME_NS;
    }

    /** pollFractionalWorkerExit: more than 1.2× its goal of this P's time since marking began. */
    private boolean fractionalDone(P p) {
        long delta = rt.now() - c.markStart;
        return delta <= 0 || (double) c.fractionalTimeNs[p.id] / delta > 1.2 * c.fractionalGoal;
    }

    private long workerPark(M m, G g, Collector.Worker w, Text why) {
        if ("dedicated".equals(w.mode) && w.running) {
            c.dedicatedNeeded++;
        }
        w.running = false;
        w.p = -1;
        rt.interp.gopark(m, g, "GC worker (idle)", "gc.workers", new Text(
                "the GC mark worker G{0} stops: {1}; it parks until findRunnable picks it again",
                "GC 标记工作者 G{0} 停下：{1}；挂起，直到 findRunnable 再次选中它", g.id, why));
        g.preempt = false;
        rt.then(m, Act.SCHEDULE);
        return Costs.RUNTIME_NS;
    }

    // ---- one unit of mark work ----

    /** Does one unit of mark work, emitting its event; returns its cost, or -1 if there is none. */
    long unit(M m, G by, boolean assist) {
        Text who = assist ? new Text("G{0}'s mark assist: ", "G{0} 的辅助标记：", by.id) : Text.EMPTY;
        for (Collector.RootJob r : new ArrayList<>(c.roots)) {
            if (r.kind.equals("globals")) {
                c.roots.remove(r);
                List<String> greyed = new ArrayList<>();
                for (String target : c.globals.values()) {
                    if (shade(target)) {
                        greyed.add(target);
                    }
                }
                c.scanWorkDone += 64L * c.globals.size();
                rt.emit(EventKind.MARKROOT, by.id, m.id, m.p, new Text(
                        "{0}markroot scans the globals: {1}",
                        "{0}markroot 扫描全局变量：{1}", who, greyedText(greyed)),
                        "root", "globals", "shaded", greyed, "assist", assist);
                return 300 + 50L * c.globals.size();
            }
            G t = rt.gs.get(r.g);
            if (t == null || !t.alive()) {
                c.roots.remove(r);
                continue;
            }
            if (t.status == GStatus._Grunning && t != by) {
                if (r.suspendRequested) {
                    continue;
                }
                r.suspendRequested = true;
                return suspend(m, by, t, who);
            }
            c.roots.remove(r);
            return scanStack(m, by, t, who, assist);
        }
        if (c.grey.isEmpty()) {
            return -1;
        }
        return scanobject(m, by, who, assist);
    }

    private long suspend(M m, G by, G t, Text who) {
        M tm = rt.m(t.m);
        t.preemptStop = true;
        rt.preemption.requestPreempt(tm, t);
        boolean signal = rt.asyncPreemption && !tm.signalPending;
        if (signal) {
            tm.signalPending = true;
            rt.interrupt(tm, rt.now() + Costs.SIGNAL_DELIVERY_NS, Interrupt.Kind.SIGNAL, "SIGURG");
        }
        rt.emit(EventKind.SUSPENDG, t.id, m.id, m.p, new Text(
                "{0}G{1}'s stack must be scanned, but G{1} is running on {2}: suspendG asks it to stop at its next safe point (preemptStop{3})",
                "{0}需要扫描 G{1} 的栈，但 G{1} 正在 {2} 上运行：suspendG 要求它在下一个安全点停下（preemptStop{3}）",
                who, t.id, tm.name(), signal ? new Text(", and SIGURG", "，并发送 SIGURG") : Text.EMPTY), "target", t.id);
        return Costs.RUNTIME_NS;
    }

    private long scanStack(M m, G by, G t, Text who, boolean assist) {
        boolean stopped = t.status == GStatus._Gpreempted;
        List<String> greyed = new ArrayList<>();
        for (String obj : t.locals.values()) {
            if (shade(obj)) {
                greyed.add(obj);
            }
        }
        t.gcscandone = true;
        t.preemptStop = false;
        c.scanWorkDone += 64L * (1 + t.locals.size());
        Text resumed = Text.EMPTY;
        if (t == by) {
            resumed = new Text(" (its own stack: an assist puts itself in _Gwaiting so it can scan it)",
                    "（它自己的栈：辅助标记时它先把自己置为 _Gwaiting，才能扫描自己的栈）");
        }
        if (stopped) {
            t.preempt = false;
            rt.runqs.makeRunnable(t.id);
            P p = rt.p(m.p);
            Text kicked = rt.runqs.runqput(p, t.id, true);
            resumed = new Text("; resumeG readies G{0} into P{1}'s runnext{2}", "；resumeG 把 G{0} 放入 P{1} 的 runnext{2}", t.id, p.id, kicked);
        }
        rt.emit(EventKind.MARKROOT, t.id, m.id, m.p, new Text(
                "{0}markroot scans G{1}'s stack: {2}{3}",
                "{0}markroot 扫描 G{1} 的栈：{2}{3}", who, t.id, greyedText(greyed), resumed),
                "root", "stack", "target", t.id, "shaded", greyed, "assist", assist);
        return 1_000 + 100L * t.locals.size();
    }

    private long scanobject(M m, G by, Text who, boolean assist) {
        String id = c.grey.pollFirst();
        Obj o = c.heap.get(id);
        o.color = Obj.Color.black;
        List<String> greyed = new ArrayList<>();
        for (String target : o.fields.values()) {
            if (shade(target)) {
                greyed.add(target);
            }
        }
        c.scanWorkDone += o.size;
        if (!assist) {
            c.workers.get(by.id).unflushed += o.size;
        }
        rt.emit(EventKind.SCANOBJECT, by.id, m.id, m.p, new Text(
                "{0}scanobject {1} ({2}): {1} turns black; {3}",
                "{0}scanobject {1}（{2}）：{1} 变为黑色；{3}", who, id, Fmt.bytes(o.size), greyedText(greyed)),
                "obj", id, "shaded", greyed, "assist", assist);
        return 100 + o.size;
    }

    private static Text greyedText(List<String> greyed) {
        return greyed.isEmpty() ? new Text("nothing new to grey", "没有新的对象需要染灰")
                : new Text("{0} turn(s) grey", "{0} 变为灰色", String.join(", ", greyed));
    }

    /** shade: a white object becomes grey and joins the work queue. */
    boolean shade(String id) {
        if (id == null) {
            return false;
        }
        Obj o = c.heap.get(id);
        if (o == null || o.freed || o.color != Obj.Color.white) {
            return false;
        }
        o.color = Obj.Color.grey;
        c.grey.addLast(id);
        return true;
    }

    // ---- mark assists ----

    /** Scan work owed per byte allocated: the work left over the heap left before the goal. */
    double assistWorkPerByte() {
        long scanRemaining = Math.max(1000, c.scanWorkExpected - c.scanWorkDone);
        long goal = c.heapLive >= c.heapGoal ? (long) (c.heapGoal * 1.1) : c.heapGoal;
        long heapRemaining = Math.max(1, goal - c.heapLive);
        return (double) scanRemaining / heapRemaining;
    }

    /** gcAssistAlloc, one step: steal background credit, or do a unit of mark work, or park. */
    long assistStep(M m) {
        G g = rt.g(m.curg);
        boolean afterUnit = c.midUnit.remove(g.id);
        if (g.assistBytes >= 0 || !c.blackenEnabled) {
            if (afterUnit && c.blackenEnabled && markComplete()) {
                // this assist scanned the last object: it completes the mark phase (gcAssistAlloc -> gcMarkDone)
                c.cycle.requestMarkDone(m);
                return 0;
            }
            rt.then(m, Act.RUN);
            return 0;
        }
        double perByte = assistWorkPerByte();
        long needed = Math.max(GC_OVER_ASSIST_WORK, (long) Math.ceil(-g.assistBytes * perByte));
        if (c.bgScanCredit > 0) {
            long steal = Math.min(c.bgScanCredit, needed);
            c.bgScanCredit -= steal;
            g.assistBytes += (long) (steal / perByte);
            if (g.assistBytes >= 0) {
                rt.emit(EventKind.GC_ASSIST_ALLOC, g.id, m.id, m.p, new Text(
                        "G{0} takes {1} of the background workers' scan credit: its debt is paid without marking",
                        "G{0} 取用后台工作者的 {1} 扫描额度：无需自己标记即还清债务", g.id, Fmt.bytes(steal)),
                        "stolen", steal);
                rt.then(m, Act.RUN);
                return Costs.RUNTIME_NS;
            }
        }
        long before = c.scanWorkDone;
        long cost = unit(m, g, true);
        if (cost >= 0) {
            long work = Math.max(1, c.scanWorkDone - before);
            g.assistBytes += (long) (work / perByte);
            c.midUnit.add(g.id);
            rt.then(m, Act.ASSIST);
            return cost;
        }
        if (markComplete()) {
            c.cycle.requestMarkDone(m);
            return 0;
        }
        c.assistQueue.addLast(g.id);
        rt.interp.gopark(m, g, "GC assist wait", "gc.assistQueue", new Text(
                "G{0} still has {1} of allocation not paid for with scan work, but there is no mark work it can do: gcParkAssist puts it on the assist queue until background workers earn the credit",
                "G{0} 还有 {1} 的分配没有用扫描工作偿还，但没有它能做的标记工作：gcParkAssist 把它放进辅助队列，等后台工作者挣到额度",
                g.id, Fmt.bytes(-g.assistBytes)), EventKind.GC_PARK_ASSIST);
        rt.then(m, Act.SCHEDULE);
        return Costs.RUNTIME_NS;
    }

    /** gcFlushBgCredit: background credit pays the first parked assist's debt; it is readied, not into runnext. */
    long flushBgCredit(M m) {
        Collector.Worker self = c.workers.get(m.curg);
        if (self != null) {
            c.bgScanCredit += self.unflushed;
            self.unflushed = 0;
        }
        if (c.assistQueue.isEmpty() || c.bgScanCredit <= 0) {
            return 0;
        }
        G w = rt.g(c.assistQueue.peekFirst());
        double perByte = assistWorkPerByte();
        long needed = (long) Math.ceil(-w.assistBytes * perByte);
        if (c.bgScanCredit < needed) {
            w.assistBytes += (long) (c.bgScanCredit / perByte);
            c.bgScanCredit = 0;
            return 0;
        }
        c.bgScanCredit -= needed;
        w.assistBytes = 0;
        c.assistQueue.pollFirst();
        rt.runqs.makeRunnable(w.id);
        P p = rt.p(m.p);
        rt.runqs.runqput(p, w.id, false);
        rt.emit(EventKind.GC_FLUSH_BG_CREDIT, w.id, m.id, p.id, new Text(
                "gcFlushBgCredit: background mark work pays G{0}'s assist debt; G{0} is readied to the tail of P{1}'s queue (not runnext: the GC does not let it jump the queue)",
                "gcFlushBgCredit：后台标记工作替 G{0} 还清辅助债务；G{0} 被放到 P{1} 队列尾部（不是 runnext：GC 不让它插队）",
                w.id, p.id), "to", "runq");
        // ready calls wakep, and the credit left goes on paying the next parked assists
        rt.then(m, Act.WAKEP, Act.FLUSH_BG_CREDIT);
        return Costs.RUNTIME_NS;
    }

    // ---- the write barrier ----

    /**
     * A pointer store while the collector marks: the hybrid barrier shades the
     * old pointer (Yuasa, deletion) and the new one (Dijkstra, insertion).
     */
    void writeBarrier(M m, G g, String dst, String old, String nu) {
        P p = rt.p(m.p);
        if (!rt.writeBarrier) {
            c.barrierOffThisCycle = true;
            rt.emit(EventKind.WRITEBARRIER, g.id, m.id, p.id, new Text(
                    "{0} = {1} while the collector marks, with the write barrier turned OFF (a teaching switch): neither the old pointer {2} nor the new one {1} is shaded. A pointer can now hide from the collector: stored into an object that is already black, or removed from the last grey object that led to it",
                    "标记期间执行 {0} = {1}，而写屏障被关闭（教学开关）：旧指针 {2} 和新指针 {1} 都没有被染灰。指针现在可能躲过回收器：被存进已经是黑色的对象，或从最后一个通向它的灰色对象中被删掉",
                    dst, nu == null ? "nil" : nu, old == null ? "nil" : old), "dst", dst, "old", old, "new", nu, "shaded", List.of(), "barrier", false);
            return;
        }
        List<String> shaded = new ArrayList<>();
        if (shade(old)) {
            shaded.add(old);
        }
        if (shade(nu)) {
            shaded.add(nu);
        }
        Text stack = g.gcscandone ? new Text("already scanned (black), so the design would skip it", "已经扫描过（黑色），按设计可以省略")
                : new Text("not scanned yet (grey), so the design needs it", "尚未扫描（灰色），按设计需要它");
        rt.emit(EventKind.WRITEBARRIER, g.id, m.id, p.id, new Text(
                "{0} = {1} while the collector marks: the hybrid write barrier shades the old pointer {2} (the deletion half, Yuasa) and the new one {1} (the insertion half, Dijkstra; G{3}'s stack is {4}). The runtime's compiled barrier puts both into P{5}'s wbBuf and greys them when it is flushed; the lab greys them at once: {6}",
                "标记期间执行 {0} = {1}：混合写屏障把旧指针 {2}（删除屏障部分，Yuasa）和新指针 {1}（插入屏障部分，Dijkstra；G{3} 的栈{4}）染灰。运行时编译出的屏障先把两者放进 P{5} 的 wbBuf，刷新时再染灰；本实验立即染灰：{6}",
                dst, nu == null ? "nil" : nu, old == null ? "nil" : old, g.id, stack, p.id,
                shaded.isEmpty() ? new Text("both were already marked", "两者都已被标记") : new Text("{0} turn(s) grey", "{0} 变为灰色", String.join(", ", shaded))),
                "dst", dst, "old", old, "new", nu, "shaded", shaded, "barrier", true);
    }

    // ---- suspendG's other half ----

    /** preemptPark: the G asked to stop for a stack scan parks as _Gpreempted; its M schedules. */
    long preemptPark(M m) {
        G g = rt.g(m.curg);
        g.status = GStatus._Gpreempted;
        g.waitreason = "preempted";
        g.waitingOn = "gc.suspended";
        g.m = -1;
        m.curg = 0;
        rt.emit(EventKind.SUSPENDG, g.id, m.id, m.p, new Text(
                "G{0} stops for the GC's stack scan: preemptPark leaves it in _Gpreempted (nobody readies it but the collector, after the scan)",
                "G{0} 为 GC 扫描栈而停下：preemptPark 让它处于 _Gpreempted（只有回收器扫描完后才会唤醒它）", g.id),
                "target", g.id, "parked", true);
        rt.then(m, Act.SCHEDULE);
        return Costs.RUNTIME_NS;
    }

    // ---- reachability (for the lost-object check and the invariants) ----

    /** Every live object reachable from the roots: globals and every live goroutine's stack slots. */
    Set<String> reachable() {
        Set<String> seen = new LinkedHashSet<>();
        ArrayDeque<String> todo = new ArrayDeque<>();
        for (String v : c.globals.values()) {
            push(v, seen, todo);
        }
        for (G g : rt.gs.values()) {
            if (g.alive()) {
                for (String v : g.locals.values()) {
                    push(v, seen, todo);
                }
            }
        }
        while (!todo.isEmpty()) {
            Obj o = c.heap.get(todo.pollFirst());
            for (String v : o.fields.values()) {
                push(v, seen, todo);
            }
        }
        return seen;
    }

    private void push(String id, Set<String> seen, ArrayDeque<String> todo) {
        if (id == null) {
            return;
        }
        Obj o = c.heap.get(id);
        if (o != null && !o.freed && seen.add(id)) {
            todo.addLast(id);
        }
    }
}
