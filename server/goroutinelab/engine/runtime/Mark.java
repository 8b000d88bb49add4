package goroutinelab.engine.runtime;

import goroutinelab.engine.EventKind;
import goroutinelab.engine.Fmt;
import goroutinelab.engine.Text;

import goroutinelab.engine.IntDeque;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Marking (runtime/mgcmark.go: markroot, scanobject, shade, greyobject,
 * gcDrain, gcDrainN, gcAssistAlloc, gcAssistAlloc1, gcParkAssist,
 * gcFlushBgCredit; mgc.go: gcBgMarkWorker, pollFractionalWorkerExit;
 * mgcpacer.go: findRunnableGCWorker, revise; mbarrier.go: the write barrier;
 * preempt.go: suspendG).
 *
 * <p>One unit of mark work per step: a root job (the globals, or one
 * goroutine's stack) or one scanobject, of a whole object or of one 128 KB
 * oblet of a larger one. A running goroutine's stack can only be scanned once
 * it stops: suspendG asks it to park as _Gpreempted at its next safe point,
 * and the scan readies it again (resumeG).
 *
 * <p>What marking costs ({@link GcCosts}): scanobject reads an object up to
 * its last pointer word and looks up each non-nil pointer; greyobject marks an
 * object without pointers black at once, never queueing it, so pointer-free
 * data costs the marker nothing but its mark bit. Scan work is counted in
 * bytes read, as the runtime counts it (gcw.heapScanWork).
 *
 * <p>A background worker is gcDrain: roots first, then grey objects; it flushes
 * its scan work as background credit every gcCreditSlack (2000) units
 * (root jobs at once), and an idle or fractional worker checks whether to stop
 * after each root job and every drainCheckThreshold (100,000) units: pollWork
 * (other goroutines to run on its P) or pollFractionalWorkerExit (past 1.2 ×
 * its share of the time since marking began). An assist is gcAssistAlloc:
 * work owed = debt × assistWorkPerByte, at least gcOverAssistWork (64 KB);
 * steal background credit; drain the rest with gcDrainN (grey objects first,
 * then roots), even once the balance is positive; then, still in debt, park
 * on the assist queue unless credit has appeared meanwhile (gcParkAssist).
 *
 * <p>Simplified: one FIFO grey queue (the runtime's per-P work buffers are
 * LIFO, so an object's oblets are usually scanned next by the same P; a
 * lesson may turn those on: {@link WorkBuffers}); the
 * barrier greys at once (no wbBuf); a dedicated worker never checks; gcDrainN
 * is not cut short by a preemption request.
 */
final class Mark {
    private final Collector c;
    private final GoRuntime rt;

    /** What the last {@link #unit} did, read by its caller within the same action: scratch, not state (transient). */
    private enum Unit { NONE, ROOT, SUSPEND, OBJECT, BUFFER }

    private transient Unit lastUnit = Unit.NONE;
    /** The scan work (bytes) of the last unit. */
    private transient long lastWork;

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

    /** gcMarkWorkAvailable(p): with per-P work buffers, only p's own buffers, work.full and the root jobs count. */
    private boolean workAvailable(P p) {
        if (c.workbufs == null) {
            return workAvailable();
        }
        if (c.workbufs.available(p.id)) {
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
        if (!c.blackenEnabled || c.markDoneStarted || rt.sched.gcwaiting || !workAvailable(p)) {
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
            // is this P behind its fractional goal? (its finished runs only, as the runtime counts them)
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
        w.runStart = -1;
        w.heapScanWork = 0;
        w.checkWork = "dedicated".equals(mode) ? Long.MAX_VALUE : GcCosts.DRAIN_CHECK_THRESHOLD;
        w.checkDue = false;
        w.pendingCredit = 0;
        w.exit = Collector.Exit.NONE;
        rt.runqs.makeRunnable(w.g);
        return w.g;
    }

    // ---- the background worker: gcBgMarkWorker and gcDrain ----

    /** One step of a background worker: the checks gcDrain makes between units, then one unit. */
    long workerStep(M m, G g) {
        Collector.Worker w = c.workers.get(g.id);
        P p = rt.p(m.p);
        c.midUnit.clear(g.id);
        if (w.runStart < 0) {
            // gcBgMarkWorker: the run begins once the worker runs (p.gcMarkWorkerStartTime)
            w.runStart = rt.now();
        }
        if (w.exit != Collector.Exit.NONE) {
            return drainReturned(m, g, w);
        }
        if (!c.blackenEnabled || c.markDoneStarted) {
            return drainReturns(m, g, w, Collector.Exit.PARK, new Text("marking is over", "标记已结束"));
        }
        if (markComplete()) {
            // gcBgMarkWorker: the last worker out with no work left runs gcMarkDone
            return drainReturns(m, g, w, Collector.Exit.MARK_DONE, null);
        }
        if (g.preempt && "dedicated".equals(w.mode) && !rt.sched.gcwaiting) {
            return dedicatedPreempted(m, g, p);
        }
        if (g.preempt) {
            return drainReturns(m, g, w, Collector.Exit.PARK, new Text("it was asked to yield (preempted)", "它被要求让出（被抢占）"));
        }
        if (w.checkDue) {
            w.checkDue = false;
            if ("fractional".equals(w.mode) && pollFractionalWorkerExit(p, w)) {
                return drainReturns(m, g, w, Collector.Exit.PARK, fractionalExitText(p, w));
            }
            if ("idle".equals(w.mode) && pollWork(p)) {
                return drainReturns(m, g, w, Collector.Exit.PARK,
                        new Text("P{0} has other goroutines to run (pollWork)", "P{0} 有其他 goroutine 要运行（pollWork）", p.id));
            }
        }
        long cost = unit(m, g, false);
        if (cost < 0) {
            if (markComplete()) {
                return drainReturns(m, g, w, Collector.Exit.MARK_DONE, null);
            }
            return drainReturns(m, g, w, Collector.Exit.PARK, new Text("no mark work it can do now", "暂时没有它能做的标记工作"));
        }
        c.midUnit.set(g.id);
        c.markCpuNs[Collector.MarkCpu.valueOf(w.mode).ordinal()] += cost;
        boolean checks = !"dedicated".equals(w.mode);
        if (lastUnit == Unit.ROOT) {
            // markroot flushes a root job's credit at once, and gcDrain checks after every root job
            w.pendingCredit += lastWork;
            w.checkDue = checks;
        } else if (lastUnit == Unit.OBJECT) {
            w.heapScanWork += lastWork;
            if (w.heapScanWork >= GcCosts.GC_CREDIT_SLACK) {
                w.pendingCredit += w.heapScanWork;
                w.checkWork -= w.heapScanWork;
                w.heapScanWork = 0;
                if (w.checkWork <= 0) {
                    w.checkWork += GcCosts.DRAIN_CHECK_THRESHOLD;
                    w.checkDue = checks;
                }
            }
        }
        // the unit's credit is flushed once it is done (gcFlushBgCredit), then the worker goes on
        if (w.pendingCredit > 0) {
            rt.then(m, Act.FLUSH_BG_CREDIT, Act.RUN);
        } else {
            rt.then(m, Act.RUN);
        }
        return cost;
    }

    /** gcDrain returns: it flushes what scan work it has not yet, then the worker parks or runs gcMarkDone. */
    private long drainReturns(M m, G g, Collector.Worker w, Collector.Exit exit, Text why) {
        w.pendingCredit += w.heapScanWork;
        w.heapScanWork = 0;
        w.exit = exit;
        w.exitWhy = why;
        if (w.pendingCredit > 0) {
            rt.then(m, Act.FLUSH_BG_CREDIT, Act.RUN);
            return 0;
        }
        return drainReturned(m, g, w);
    }

    private long drainReturned(M m, G g, Collector.Worker w) {
        Collector.Exit exit = w.exit;
        Text why = w.exitWhy;
        w.exit = Collector.Exit.NONE;
        w.exitWhy = null;
        if (exit == Collector.Exit.MARK_DONE && markComplete()) {
            c.cycle.requestMarkDone(m);
            return 0;
        }
        if (exit == Collector.Exit.MARK_DONE) {
            why = c.markDoneStarted ? new Text("marking is over", "标记已结束")
                    : new Text("no mark work it can do now", "暂时没有它能做的标记工作");
        }
        return workerPark(m, g, w, why);
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
        List<Integer> moved = new ArrayList<>();
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

    /**
     * pollFractionalWorkerExit: this P's fractional time, this run included,
     * is more than 1.2 × its goal of the time since marking began.
     */
    private boolean pollFractionalWorkerExit(P p, Collector.Worker w) {
        long delta = rt.now() - c.markStart;
        if (delta <= 0) {
            return true;
        }
        long self = c.fractionalTimeNs[p.id] + (rt.now() - w.runStart);
        return (double) self / delta > GcCosts.FRACTIONAL_EXIT_SLACK * c.fractionalGoal;
    }

    private Text fractionalExitText(P p, Collector.Worker w) {
        long delta = rt.now() - c.markStart;
        long self = c.fractionalTimeNs[p.id] + (rt.now() - w.runStart);
        return new Text(
                "it used its fractional share of P{0}: {1} of marking on P{0} in the {2} since marking began is more than 1.2 × {3}% (pollFractionalWorkerExit); this run lasted {4}",
                "它用完了在 P{0} 上的分时份额：自标记开始的 {2} 里，P{0} 上的标记用了 {1}，超过 1.2 × {3}%（pollFractionalWorkerExit）；这次运行持续了 {4}",
                p.id, Fmt.time(self), Fmt.time(delta), Math.round(c.fractionalGoal * 1000) / 10.0, Fmt.time(rt.now() - w.runStart));
    }

    /** pollWork: the idle worker's P has goroutines waiting. */
    private boolean pollWork(P p) {
        return !p.runqEmpty() || !rt.sched.runq.isEmpty();
    }

    private long workerPark(M m, G g, Collector.Worker w, Text why) {
        if ("dedicated".equals(w.mode) && w.running) {
            c.dedicatedNeeded++;
        }
        if ("fractional".equals(w.mode) && w.running && w.p >= 0 && w.runStart >= 0) {
            // gcBgMarkWorker: the run's time counts toward its P's fractional time once it stops
            c.fractionalTimeNs[w.p] += rt.now() - w.runStart;
        }
        w.running = false;
        w.p = -1;
        w.checkDue = false;
        rt.interp.gopark(m, g, "GC worker (idle)", "gc.workers", new Text(
                "the GC mark worker G{0} stops: {1}; it parks until findRunnable picks it again",
                "GC 标记工作者 G{0} 停下：{1}；挂起，直到 findRunnable 再次选中它", g.id, why));
        g.preempt = false;
        rt.then(m, Act.SCHEDULE);
        return Costs.RUNTIME_NS;
    }

    // ---- one unit of mark work ----

    /**
     * Does one unit of mark work, emitting its event; returns its cost, or -1
     * if there is none. A worker (gcDrain) takes root jobs first; an assist
     * (gcDrainN) grey objects first.
     */
    long unit(M m, G by, boolean assist) {
        lastUnit = Unit.NONE;
        lastWork = 0;
        Text who = assist ? new Text("G{0}'s mark assist: ", "G{0} 的辅助标记：", by.id) : Text.EMPTY;
        WorkBuffers wb = c.workbufs;
        if (wb != null) {
            wb.putOn(m.p);
            if (assist) {
                // gcDrainN: balance, this P's grey objects (or a full buffer), then root jobs
                long b = bufferStep(m, by, who);
                if (b >= 0) {
                    return b;
                }
                return wb.hasLocal(m.p) ? scanobject(m, by, who, true) : rootJob(m, by, who, true);
            }
        } else if (assist && !c.grey.isEmpty()) {
            return scanobject(m, by, who, true);
        }
        long root = rootJob(m, by, who, assist);
        if (root >= 0) {
            return root;
        }
        if (wb != null) {
            long b = bufferStep(m, by, who);
            if (b >= 0) {
                return b;
            }
            return wb.hasLocal(m.p) ? scanobject(m, by, who, assist) : -1;
        }
        if (c.grey.isEmpty()) {
            return -1;
        }
        return scanobject(m, by, who, assist);
    }

    /** gcDrain's balance, or tryGet's trygetfull for a P whose buffers are empty, as one step; -1 if neither applies. */
    private long bufferStep(M m, G by, Text who) {
        long b = c.workbufs.balance(rt, m, by, who);
        if (b < 0) {
            b = c.workbufs.getfull(rt, m, by, who);
        }
        if (b >= 0) {
            lastUnit = Unit.BUFFER;
        }
        return b;
    }

    private long rootJob(M m, G by, Text who, boolean assist) {
        for (Collector.RootJob r : new ArrayList<>(c.roots)) {
            if (r.kind.equals("globals")) {
                c.roots.remove(r);
                Shaded s = new Shaded();
                for (int i = 0; i < c.globals.size(); i++) {
                    s.shade(c.globals.ref(i));
                }
                // the channels are package-level: their buffers' pointers are reached from here
                for (Chan ch : rt.chans.values()) {
                    for (int target : ch.pointers()) {
                        s.shade(target);
                    }
                }
                lastUnit = Unit.ROOT;
                lastWork = GcCosts.ROOT_SLOT_WORK * c.globals.size();
                c.scanWorkDone += lastWork;
                rt.emit(EventKind.MARKROOT, by.id, m.id, m.p, new Text(
                        "{0}markroot scans the globals: {1}",
                        "{0}markroot 扫描全局变量：{1}", who, s.text()),
                        "root", "globals", "shaded", s.all, "assist", assist);
                return GcCosts.MARKROOT_GLOBALS_NS + GcCosts.MARKROOT_PER_GLOBAL_NS * c.globals.size();
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
                lastUnit = Unit.SUSPEND;
                return suspend(m, by, t, who);
            }
            c.roots.remove(r);
            lastUnit = Unit.ROOT;
            return scanStack(m, by, t, who, assist);
        }
        return -1;
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
        Shaded s = new Shaded();
        for (int i = 0; i < t.locals.size(); i++) {
            s.shade(t.locals.ref(i));
        }
        t.gcscandone = true;
        t.preemptStop = false;
        lastWork = GcCosts.ROOT_SLOT_WORK * (1 + t.locals.size());
        c.scanWorkDone += lastWork;
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
                "{0}markroot 扫描 G{1} 的栈：{2}{3}", who, t.id, s.text(), resumed),
                "root", "stack", "target", t.id, "shaded", s.all, "assist", assist);
        return GcCosts.SCANSTACK_NS + GcCosts.SCANSTACK_PER_SLOT_NS * t.locals.size();
    }

    /**
     * scanobject: takes the next grey entry (an object, or one 128 KB oblet of
     * a larger one), reads its words up to the object's last pointer word and
     * shades what they point to. Scanning an object's start queues its other
     * oblets; it turns black when its last piece is scanned.
     */
    private long scanobject(M m, G by, Text who, boolean assist) {
        long entry = c.workbufs == null ? c.grey.pollFirst() : c.workbufs.take(m.p);
        Obj o = c.obj(Obj.refOf(entry));
        long offset = Obj.offsetOf(entry);
        long piece = Math.min(GcCosts.MAX_OBLET_BYTES, o.size - offset);
        int queued = 0;
        if (offset == 0 && o.size > GcCosts.MAX_OBLET_BYTES) {
            for (long off = GcCosts.MAX_OBLET_BYTES; off < o.size; off += GcCosts.MAX_OBLET_BYTES) {
                c.grey.addLast(o.obletEntry(off));
                if (c.workbufs != null) {
                    c.workbufs.put(o.obletEntry(off));
                }
                queued++;
            }
            o.obletsLeft += queued;
        } else if (offset > 0) {
            o.obletsLeft--;
        }
        // the bytes read: up to the last pointer word, within this piece (scanobject's i)
        long scanned = Math.max(0, Math.min(piece, o.scanBytes() - offset));
        Shaded s = new Shaded();
        long pointers = 0;
        for (int index = 0; index < o.fields.size(); index++) {
            long at = 8L * index;
            int target = o.fields.ref(index);
            if (at >= offset && at < offset + scanned && target != Obj.NIL) {
                pointers++;
                if (target != o.ref) {
                    s.shade(target);
                }
            }
        }
        boolean done = o.obletsLeft == 0;
        if (done) {
            o.color = Obj.Color.black;
        }
        lastUnit = Unit.OBJECT;
        lastWork = scanned;
        c.scanWorkDone += scanned;
        rt.emit(EventKind.SCANOBJECT, by.id, m.id, m.p, scanText(who, o, offset, scanned, queued, done, s),
                "obj", o.id, "offset", offset, "scanBytes", scanned, "shaded", s.all, "assist", assist);
        return GcCosts.scan((scanned + 7) / 8, pointers);
    }

    private static Text scanText(Text who, Obj o, long offset, long scanned, int queued, boolean done, Shaded s) {
        Text read;
        if (scanned == 0) {
            read = new Text("past its last pointer word, so nothing to read", "已在它最后一个指针字之后，没有要读的");
        } else if (offset == 0 && scanned == o.size) {
            read = new Text("reads all {0}: every word may hold a pointer", "读完全部 {0}：每个字都可能是指针", new Fmt.Bytes(scanned));
        } else {
            read = new Text("reads {0}, up to its last pointer word", "读取 {0}，直到它最后一个指针字", new Fmt.Bytes(scanned));
        }
        Text what;
        if (queued > 0) {
            what = new Text("{0} ({1}), its first 128 KB oblet: {2}; its other {3} oblets are queued (maxObletBytes), so {0} stays grey",
                    "{0}（{1}）的第一个 128 KB 分片（oblet）：{2}；其余 {3} 个分片排入队列（maxObletBytes），所以 {0} 仍是灰色",
                    o.id, new Fmt.Bytes(o.size), read, queued);
        } else if (offset > 0) {
            what = new Text("{0} at +{1}, one oblet of {2}: {3}{4}", "{0} 在 +{1} 处，{2} 的一个分片：{3}{4}",
                    o.id, new Fmt.Bytes(offset), new Fmt.Bytes(o.size), read,
                    done ? new Text("; its last oblet: {0} turns black", "；这是最后一个分片：{0} 变为黑色", o.id) : Text.EMPTY);
        } else {
            what = new Text("{0} ({1}): {2}; {0} turns black", "{0}（{1}）：{2}；{0} 变为黑色", o.id, new Fmt.Bytes(o.size), read);
        }
        return new Text("{0}scanobject {1}; {2}", "{0}scanobject {1}；{2}", who, what, s.text());
    }

    /** What one unit of work marked: objects greyed (queued) and pointer-free objects blackened at once. */
    /** What one barrier or unit of mark work shaded: every object, the ones greyed and the ones blackened, by id. */
    final class Shaded {
        /** The write barrier was turned off (a teaching switch): nothing was shaded. */
        boolean off;
        List<String> all = List.of();
        List<String> greyed = List.of();
        List<String> blackened = List.of();

        void shade(int ref) {
            Obj o = greyobject(ref);
            if (o == null) {
                return;
            }
            if (all.isEmpty()) {
                all = new ArrayList<>(2);
            }
            all.add(o.id);
            if (o.color == Obj.Color.black) {
                if (blackened.isEmpty()) {
                    blackened = new ArrayList<>(2);
                }
                blackened.add(o.id);
            } else {
                if (greyed.isEmpty()) {
                    greyed = new ArrayList<>(2);
                }
                greyed.add(o.id);
            }
        }

        Text text() {
            if (all.isEmpty()) {
                return new Text("nothing new to mark", "没有新的对象需要标记");
            }
            Text grey = greyed.isEmpty() ? null : new Text("{0} turn(s) grey", "{0} 变为灰色", new Fmt.Joined(greyed));
            Text black = blackened.isEmpty() ? null : new Text("{0} (no pointers) turn(s) black at once, never queued",
                    "{0}（没有指针）直接变为黑色，不入队", new Fmt.Joined(blackened));
            if (grey == null) {
                return black;
            }
            return black == null ? grey : new Text("{0}; {1}", "{0}；{1}", grey, black);
        }
    }

    /**
     * greyobject (through shade): a white object is marked; if it may hold
     * pointers it is queued (grey), otherwise it is black at once. Returns the
     * object it marked, or null if it was nil, freed or already marked.
     */
    private Obj greyobject(int ref) {
        if (ref == Obj.NIL) {
            return null;
        }
        Obj o = c.obj(ref);
        if (o.freed || o.color != Obj.Color.white) {
            return null;
        }
        c.marked(o);
        if (o.noscan()) {
            o.color = Obj.Color.black;
            return o;
        }
        o.color = Obj.Color.grey;
        c.grey.addLast(o.obletEntry(0));
        if (c.workbufs != null) {
            c.workbufs.put(o.obletEntry(0));
        }
        return o;
    }

    /** shade: marks a white object (grey, or black if it holds no pointers); whether it was white. */
    boolean shade(int ref) {
        return greyobject(ref) != null;
    }

    // ---- mark assists: gcAssistAlloc ----

    /**
     * gcControllerState.revise's assist ratio: scan work still expected per
     * byte of heap left before the goal. The expected work is last cycle's
     * (heap and stacks) plus the globals; once marking has done more, the
     * runtime assumes the heap is growing: it expects all scannable memory
     * (maxScanWork) and pushes the goal out in proportion, at most to
     * (1 + GOGC/100) × the goal. Past the goal, 1.1 × the goal.
     */
    double assistWorkPerByte() {
        double gogc = rt.cfg.gcOff() ? 100_000 : rt.cfg.gogc();
        long work = c.scanWorkDone;
        double expected = c.scanWorkExpected;
        double maxScanWork = c.heapScan + c.maxStackScan + globalsScan();
        double goal = c.heapGoal == Long.MAX_VALUE ? Math.max(c.heapLive, c.markStartHeap) * 2.0 : c.heapGoal;
        if (work > expected) {
            double hard = (1 + gogc / 100) * goal;
            double ext = expected <= 0 ? hard : (goal - c.markStartHeap) / expected * maxScanWork + c.markStartHeap;
            expected = maxScanWork;
            goal = Math.min(ext, hard);
        }
        if (c.heapLive > goal) {
            goal *= 1.1;
            expected = maxScanWork;
        }
        double remaining = Math.max(1000, expected - work);
        double heapRemaining = Math.max(1, goal - c.heapLive);
        return remaining / heapRemaining;
    }

    /** The scan work of the globals root (gcController.globalsScan). */
    long globalsScan() {
        return GcCosts.ROOT_SLOT_WORK * c.globals.size();
    }

    /** One step of gcAssistAlloc for the current goroutine: steal, one unit of gcDrainN, or the end. */
    long assistStep(M m) {
        G g = rt.g(m.curg);
        c.midUnit.clear(g.id);
        Collector.Assist a = c.assisting.get(g.id);
        if (a != null) {
            return assistDrain(m, g, a);
        }
        if (g.assistBytes >= 0 || !c.blackenEnabled) {
            rt.then(m, Act.RUN);
            return 0;
        }
        double workPerByte = assistWorkPerByte();
        double bytesPerWork = 1 / workPerByte;
        long debtBytes = -g.assistBytes;
        long scanWork = (long) (workPerByte * debtBytes);
        if (scanWork < GcCosts.GC_OVER_ASSIST_WORK) {
            scanWork = GcCosts.GC_OVER_ASSIST_WORK;
            debtBytes = (long) (bytesPerWork * scanWork);
        }
        long stolen = 0;
        if (c.bgScanCredit > 0) {
            if (c.bgScanCredit < scanWork) {
                stolen = c.bgScanCredit;
                g.assistBytes += 1 + (long) (bytesPerWork * stolen);
            } else {
                stolen = scanWork;
                g.assistBytes += debtBytes;
            }
            c.bgScanCredit -= stolen;
            scanWork -= stolen;
            if (scanWork == 0) {
                rt.emit(EventKind.GC_ASSIST_ALLOC, g.id, m.id, m.p, new Text(
                        "G{0} takes {1} of the background workers' scan credit, all the work it owed (at least gcOverAssistWork, 64 KB): its debt is paid without marking, and {2} of allocation are paid ahead",
                        "G{0} 取用后台工作者的 {1} 扫描额度，正是它欠的全部工作（至少 gcOverAssistWork，64 KB）：无需自己标记即还清债务，还预付了 {2} 的分配",
                        g.id, new Fmt.Bytes(stolen), new Fmt.Bytes(Math.max(0, g.assistBytes))),
                        "stolen", stolen, "owed", 0L);
                rt.then(m, Act.RUN);
                return Costs.RUNTIME_NS;
            }
        }
        a = new Collector.Assist();
        a.scanWork = scanWork;
        c.assisting.put(g.id, a);
        if (stolen > 0) {
            rt.emit(EventKind.GC_ASSIST_ALLOC, g.id, m.id, m.p, new Text(
                    "G{0} takes all {1} of the background workers' scan credit; it owed {2} of scan work (at least gcOverAssistWork, 64 KB), so it marks the other {3} itself (gcAssistAlloc1), whatever its balance now",
                    "G{0} 取走后台工作者全部 {1} 的扫描额度；它欠 {2} 的扫描工作（至少 gcOverAssistWork，64 KB），所以剩下的 {3} 由它自己标记（gcAssistAlloc1），不论它现在的余额如何",
                    g.id, new Fmt.Bytes(stolen), new Fmt.Bytes(stolen + scanWork), new Fmt.Bytes(scanWork)),
                    "stolen", stolen, "owed", scanWork);
            rt.then(m, Act.ASSIST);
            return Costs.RUNTIME_NS;
        }
        return assistDrain(m, g, a);
    }

    /** gcAssistAlloc1: gcDrainN one unit at a time until the work is done or there is none; then the balance. */
    private long assistDrain(M m, G g, Collector.Assist a) {
        if (!c.blackenEnabled) {
            // marking ended: the debt is forgotten
            c.assisting.remove(g.id);
            g.assistBytes = 0;
            rt.then(m, Act.RUN);
            return 0;
        }
        if (a.workDone < a.scanWork) {
            long cost = unit(m, g, true);
            if (cost >= 0) {
                a.workDone += lastWork;
                c.midUnit.set(g.id);
                c.markCpuNs[Collector.MarkCpu.assist.ordinal()] += cost;
                rt.then(m, Act.ASSIST);
                return cost;
            }
        }
        c.assisting.remove(g.id);
        g.assistBytes += 1 + (long) (a.workDone / assistWorkPerByte());
        if (markComplete()) {
            // this assist did the last of the work: it completes the mark phase (gcAssistAlloc -> gcMarkDone)
            c.cycle.requestMarkDone(m);
            return 0;
        }
        if (g.assistBytes < 0) {
            return parkAssist(m, g);
        }
        rt.then(m, Act.RUN);
        return 0;
    }

    /** gcParkAssist: queue and park, unless background credit appeared meanwhile (then gcAssistAlloc tries again). */
    private long parkAssist(M m, G g) {
        if (c.bgScanCredit > 0) {
            rt.then(m, Act.ASSIST);
            return 0;
        }
        c.assistQueue.addLast(g.id);
        rt.interp.gopark(m, g, "GC assist wait", "gc.assistQueue", new Text(
                "G{0} still has {1} of allocation not paid for with scan work, there is no mark work it can do, and no background credit to take: gcParkAssist puts it on the assist queue until background workers flush credit",
                "G{0} 还有 {1} 的分配没有用扫描工作偿还，没有它能做的标记工作，也没有后台额度可取：gcParkAssist 把它放进辅助队列，等后台工作者刷新额度",
                g.id, new Fmt.Bytes(-g.assistBytes)), EventKind.GC_PARK_ASSIST);
        rt.then(m, Act.SCHEDULE);
        return Costs.RUNTIME_NS;
    }

    /**
     * gcFlushBgCredit, for the worker on m: its scan work pays the first queued
     * assist's debt (readied, not into runnext) or part of it (the assist goes
     * to the back of the queue); what is left goes to bgScanCredit.
     */
    long flushBgCredit(M m) {
        Collector.Worker self = c.workers.get(m.curg);
        if (self == null || self.pendingCredit <= 0) {
            return 0;
        }
        long scanWork = self.pendingCredit;
        if (c.assistQueue.isEmpty()) {
            c.bgScanCredit += scanWork;
            self.pendingCredit = 0;
            return 0;
        }
        double workPerByte = assistWorkPerByte();
        long scanBytes = (long) (scanWork / workPerByte);
        G w = rt.g(c.assistQueue.peekFirst());
        if (scanBytes + w.assistBytes < 0) {
            w.assistBytes += scanBytes;
            c.assistQueue.pollFirst();
            c.assistQueue.addLast(w.id);
            self.pendingCredit = 0;
            return 0;
        }
        scanBytes += w.assistBytes;
        w.assistBytes = 0;
        self.pendingCredit = (long) (scanBytes * workPerByte);
        c.assistQueue.pollFirst();
        rt.runqs.makeRunnable(w.id);
        P p = rt.p(m.p);
        rt.runqs.runqput(p, w.id, false);
        rt.emit(EventKind.GC_FLUSH_BG_CREDIT, w.id, m.id, p.id, new Text(
                "gcFlushBgCredit: G{2}'s flushed scan work pays G{0}'s assist debt; G{0} is readied to the tail of P{1}'s queue (not runnext: the GC does not let it jump the queue)",
                "gcFlushBgCredit：G{2} 刷新的扫描工作替 G{0} 还清辅助债务；G{0} 被放到 P{1} 队列尾部（不是 runnext：GC 不让它插队）",
                w.id, p.id, self.g), "to", "runq");
        // ready calls wakep, and the credit left goes on paying the next parked assists
        rt.then(m, Act.WAKEP, Act.FLUSH_BG_CREDIT);
        return Costs.RUNTIME_NS;
    }

    // ---- the write barrier ----

    /**
     * The write barrier's one entry point, for pointer stores
     * ({@link #writeBarrier}) and channel copies ({@link Channels}), called
     * while the collector marks (not _GCoff). With the lesson's teaching
     * switch off it shades nothing, records that this cycle ran without it
     * (barrierOffThisCycle: the sweep then looks for lost objects) and says
     * {@code off}; else, the hybrid barrier, it shades the old pointer and
     * then the new one (either may be nil), onto P {@code putP}'s work buffer
     * when the lesson has per-P buffers ({@code putP} < 0: where the last
     * unit of work put them). The caller words the event.
     */
    Shaded barrier(int oldRef, int nuRef, int putP) {
        Shaded s = new Shaded();
        if (!rt.writeBarrier) {
            c.barrierOffThisCycle = true;
            s.off = true;
            return s;
        }
        if (c.workbufs != null && putP >= 0) {
            c.workbufs.putOn(putP);
        }
        s.shade(oldRef);
        s.shade(nuRef);
        return s;
    }

    /**
     * A pointer store while the collector marks: the hybrid barrier shades the
     * old pointer (Yuasa, deletion) and the new one (Dijkstra, insertion).
     */
    void writeBarrier(M m, G g, String dst, int oldRef, int nuRef) {
        P p = rt.p(m.p);
        String old = c.idOf(oldRef);
        String nu = c.idOf(nuRef);
        Shaded s = barrier(oldRef, nuRef, p.id);
        if (s.off) {
            rt.emit(EventKind.WRITEBARRIER, g.id, m.id, p.id, new Text(
                    "{0} = {1} while the collector marks, with the write barrier turned OFF (a teaching switch): neither the old pointer {2} nor the new one {1} is shaded. A pointer can now hide from the collector: stored into an object that is already black, or removed from the last grey object that led to it",
                    "标记期间执行 {0} = {1}，而写屏障被关闭（教学开关）：旧指针 {2} 和新指针 {1} 都没有被染灰。指针现在可能躲过回收器：被存进已经是黑色的对象，或从最后一个通向它的灰色对象中被删掉",
                    dst, nu == null ? "nil" : nu, old == null ? "nil" : old), "dst", dst, "old", old, "new", nu, "shaded", List.of(), "barrier", false);
            return;
        }
        Text stack = g.gcscandone ? new Text("already scanned (black), so the design would skip it", "已经扫描过（黑色），按设计可以省略")
                : new Text("not scanned yet (grey), so the design needs it", "尚未扫描（灰色），按设计需要它");
        rt.emit(EventKind.WRITEBARRIER, g.id, m.id, p.id, new Text(
                "{0} = {1} while the collector marks: the hybrid write barrier shades the old pointer {2} (the deletion half, Yuasa) and the new one {1} (the insertion half, Dijkstra; G{3}'s stack is {4}). The runtime's compiled barrier puts both into P{5}'s wbBuf and greys them when it is flushed; the lab greys them at once: {6}",
                "标记期间执行 {0} = {1}：混合写屏障把旧指针 {2}（删除屏障部分，Yuasa）和新指针 {1}（插入屏障部分，Dijkstra；G{3} 的栈{4}）染灰。运行时编译出的屏障先把两者放进 P{5} 的 wbBuf，刷新时再染灰；本实验立即染灰：{6}",
                dst, nu == null ? "nil" : nu, old == null ? "nil" : old, g.id, stack, p.id,
                s.all.isEmpty() ? new Text("both were already marked", "两者都已被标记") : s.text()),
                "dst", dst, "old", old, "new", nu, "shaded", s.all, "barrier", true);
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

    /** Every live object reachable from the roots (globals, channel buffers and every live goroutine's stack slots), by ref. */
    BitSet reachable() {
        BitSet seen = new BitSet(c.byRef.size());
        IntDeque todo = new IntDeque(64);
        pushAll(c.globals, seen, todo);
        for (Chan ch : rt.chans.values()) {
            for (int ref : ch.pointers()) {
                if (!c.obj(ref).freed && !seen.get(ref)) {
                    seen.set(ref);
                    todo.addLast(ref);
                }
            }
        }
        for (G g : rt.gs.values()) {
            if (g.alive()) {
                pushAll(g.locals, seen, todo);
            }
        }
        while (!todo.isEmpty()) {
            pushAll(c.obj(todo.pollFirst()).fields, seen, todo);
        }
        return seen;
    }

    private void pushAll(Refs slots, BitSet seen, IntDeque todo) {
        for (int i = 0; i < slots.size(); i++) {
            int ref = slots.ref(i);
            if (ref != Obj.NIL && !c.obj(ref).freed && !seen.get(ref)) {
                seen.set(ref);
                todo.addLast(ref);
            }
        }
    }
}
