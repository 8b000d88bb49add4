package goroutinelab.engine.runtime;

import goroutinelab.engine.IntDeque;
import goroutinelab.engine.Op;
import goroutinelab.engine.Program;
import goroutinelab.engine.SnapshotMap;
import goroutinelab.engine.Text;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * The Go garbage collector (runtime/mgc.go, mgcmark.go, mgcpacer.go,
 * mbarrier.go, mgcsweep.go), woven into the scheduler: it stops the world by
 * preempting every P, marks with background workers that are goroutines (ids
 * from 1001), drafts allocating goroutines into mark assists, shades through
 * the hybrid write barrier, and sweeps with the bgsweep goroutine.
 *
 * <p>This class holds the collector's state and answers the scheduler's
 * questions; {@link Cycle} runs a cycle (trigger, mark begin, mark
 * termination, the pacer), {@link StopTheWorld} its two stop-the-worlds,
 * {@link Mark} the marking (roots, scanobject, workers, assists, the barrier),
 * {@link Sweep} the sweep, and {@link HeapOps} the program's heap ops. Its
 * steps are {@link Act}s like the scheduler's ({@link Act.GcStart},
 * {@link Act.MarkTermination}...), on the M of the goroutine doing the work.
 *
 * <p>What the work costs is {@link GcCosts}' (calibrated against Go 1.19,
 * docs/fidelity.md): scanobject reads an object up to its last pointer word,
 * in 128 KB oblets when it is larger; an object without pointers is marked
 * black by greyobject and never scanned; background workers flush credit every
 * gcCreditSlack units and fractional workers stop at 1.2 × their share of the
 * time since marking began; an allocation costs a fixed part and its zeroing.
 *
 * <p>Simplified, and said so in the event texts: one FIFO grey queue (the
 * runtime's per-P work buffers are LIFO); the write barrier greys both
 * pointers at once (the runtime appends them to a per-P buffer, wbBuf, and
 * greys them when it is flushed); the pacer's trigger sits at the upper clamp,
 * 61/64 of the way from the marked heap to the goal (the runtime places it
 * between 45/64 and 61/64 from its measured cons/mark ratio); the roots are
 * the globals and the goroutines' stacks, at round costs; what the
 * stop-the-worlds do with the world stopped takes its measured time, whole;
 * one bgsweep goroutine sweeps object by object.
 *
 * <p>Inside the engine an object is an int, its ref ({@link Obj}); the ids a
 * lesson gives its objects, and the ones allocation makes up, are names at the
 * edges: booting from the lesson, event texts and details, the snapshot. The
 * marked bytes and the objects to sweep are kept as colours change, so mark
 * termination reads them instead of walking the heap, as the runtime reads
 * its counters.
 */
final class Collector {
    enum Phase { _GCoff, _GCmark, _GCmarktermination }

    /** A root-marking job: the globals, or one goroutine's stack. */
    static final class RootJob {
        final String kind;
        final int g;
        boolean suspendRequested;

        RootJob(String kind, int g) {
            this.kind = kind;
            this.g = g;
        }

        RootJob copy() {
            RootJob r = new RootJob(kind, g);
            r.suspendRequested = suspendRequested;
            return r;
        }
    }

    /** Why a worker's gcDrain returns, once its last credit is flushed. */
    enum Exit { NONE, PARK, MARK_DONE }

    /** A background mark worker goroutine (gcBgMarkWorker) and its current run (gcDrain's locals). */
    static final class Worker {
        final int g;
        String mode;
        boolean running;
        int p = -1;
        /** When this run began (p.gcMarkWorkerStartTime). */
        long runStart;
        /** Heap scan work done since the last flush (gcw.heapScanWork): flushed as credit at gcCreditSlack. */
        long heapScanWork;
        /** Scan work until the next self-check (gcDrain's checkWork): idle and fractional workers only. */
        long checkWork;
        /** A self-check (pollWork, pollFractionalWorkerExit) is due before the next unit of work. */
        boolean checkDue;
        /** Scan work to flush now with gcFlushBgCredit (its FLUSH_BG_CREDIT action runs next). */
        long pendingCredit;
        /** gcDrain has returned: what the worker does once its credit is flushed. */
        Exit exit = Exit.NONE;
        /** Why it parks, for the event. */
        goroutinelab.engine.Text exitWhy;

        Worker(int g) {
            this.g = g;
        }

        Worker copy() {
            Worker w = new Worker(g);
            w.mode = mode;
            w.running = running;
            w.p = p;
            w.runStart = runStart;
            w.heapScanWork = heapScanWork;
            w.checkWork = checkWork;
            w.checkDue = checkDue;
            w.pendingCredit = pendingCredit;
            w.exit = exit;
            w.exitWhy = exitWhy;
            return w;
        }
    }

    /** A goroutine inside gcAssistAlloc1: the scan work it still means to do, and what it has done. */
    static final class Assist {
        long scanWork;
        long workDone;

        Assist copy() {
            Assist a = new Assist();
            a.scanWork = scanWork;
            a.workDone = workDone;
            return a;
        }
    }

    /** The kinds of mark CPU time gctrace reports: assists, and dedicated, fractional and idle workers. */
    enum MarkCpu { assist, dedicated, fractional, idle }

    final GoRuntime rt;
    final Cycle cycle;
    final StopTheWorld stw;
    final Sweep sweep;
    final Mark mark;
    final HeapOps ops;

    // the heap
    /**
     * The objects by ref: an object's ref is its slot here. A freed object
     * keeps its slot (the snapshot shows it, crossed out) until a later
     * allocation takes the slot ({@link #reusableSlot}); until then the
     * slots are in allocation order.
     */
    final ArrayList<Obj> byRef = new ArrayList<>();
    /** Objects made so far, the lesson's first: the next one's seq. */
    long made;
    /**
     * Slots of freed objects that a later allocation may take, oldest freed
     * first; each entry is the slot, and above it the number of sweeps
     * finished when the object was freed. A lesson's own objects and lost
     * ones never come here (their names must go on naming them).
     */
    LongDeque freedSlots = new LongDeque();
    /** Sweeps finished so far. */
    int sweepsDone;
    /** Some slot was given to a second object: byRef's order is no longer allocation order. */
    boolean slotsReused;
    /**
     * The lesson's objects by id, for booting from its names. An allocated
     * object's id ("o" and a number that only grows) is never looked up; it
     * only must not be one of these.
     */
    final LinkedHashMap<String, Obj> declared = new LinkedHashMap<>();
    final Refs globals = new Refs();
    /**
     * The objects not yet freed, in allocation order: what the sweeper walks
     * (the runtime's spans). While a sweep is under way, {@code objs[sweepKept,
     * sweepNext)} is a gap of entries already swept (see {@link Sweep}).
     */
    ArrayList<Obj> objs = new ArrayList<>();
    int objgen = 1;
    /**
     * The bytes and count of objects not yet freed that are marked (grey or
     * black), kept as colours change: mark termination reads the marked total
     * here instead of adding up the heap.
     */
    long markedBytes;
    int markedCount;

    // the cycle
    Phase phase = Phase._GCoff;
    int cycles;
    boolean blackenEnabled;
    boolean markDoneStarted;
    long heapLive;
    long heapMarked;
    long heapGoal;
    long trigger;
    long lastGcTime = -1;
    LongDeque grey = new LongDeque();
    /** Per-P mark work buffers (a lesson's gcWorkBuffers), or null: then grey is the one FIFO work list. */
    WorkBuffers workbufs;
    ArrayDeque<RootJob> roots = new ArrayDeque<>();
    IntDeque assistQueue = new IntDeque(4);
    IntDeque cycleWaiters = new IntDeque(4);
    final List<String> lost = new ArrayList<>();
    long bgScanCredit;
    /**
     * Goroutines (workers and assists) whose last unit of mark work is still
     * taking its time: the runtime counts them out of work.nwait, and
     * gcMarkDone waits until nobody holds mark work (work.nwait == work.nproc).
     */
    java.util.BitSet midUnit = new java.util.BitSet();
    /** Scan work done this cycle: heap, stacks and globals (gcController's heapScanWork + stackScanWork + globalsScanWork). */
    long scanWorkDone;
    /** The scan work the pacer expects this cycle (revise's scanWorkExpected before any extrapolation). */
    long scanWorkExpected;
    /** The scannable heap: the pointer bytes of every object not yet freed (gcController.heapScan). */
    long heapScan;
    /** Last cycle's scan work (lastHeapScan + lastStackScan), the next cycle's expectation. */
    long lastScanWork;
    /** The stacks' scan work if every goroutine's were scanned (maxStackScan), set when marking begins. */
    long maxStackScan;
    /** Goroutines inside gcAssistAlloc1, by id. */
    TreeMap<Integer, Assist> assisting = new TreeMap<>();
    /** This cycle's mark CPU time by kind, in ns (gctrace's assist/background/idle). */
    long[] markCpuNs = new long[MarkCpu.values().length];
    long assists;

    // the pacer's worker plan for this cycle
    int dedicatedNeeded;
    /** The cycle's plan: dedicated workers startCycle asked for (dedicatedNeeded counts down as they start). */
    int dedicatedPlan;
    double fractionalGoal;
    long markStart;
    long[] fractionalTimeNs;
    final TreeMap<Integer, Worker> workers = new TreeMap<>();

    // stop-the-world
    int stwInitiator = -1;
    int stopwait;
    String stwReason;
    long stwStart;
    /** What the pending or current stop-the-world is for, and so what the initiator does once the world is stopped. */
    Stw stwPurpose;
    /** The goroutine that started the cycle waits for it to end (runtime.GC) instead of running on. */
    boolean initiatorWaits;
    long cycleStartTime;
    /** This cycle was started by runtime.GC (gctrace's "(forced)"). */
    boolean forced;
    long stw1Ns;
    long stw2Ns;
    long markStartHeap;

    // sweep: objs[sweepNext, sweepEnd) are still to be swept, objs[0, sweepKept) were swept and kept
    int sweepNext;
    int sweepEnd;
    int sweepKept;
    /** The objects left white at mark termination: the sweep frees them. */
    int sweepWhite;
    /**
     * What the roots reached at mark termination, when the barrier was off at
     * some point of the cycle (else nothing can be lost and it stays null): a
     * white object in it is lost when swept.
     */
    java.util.BitSet reachableAtSweep;
    /** A lost object with the barrier on: an engine bug the invariants report. */
    boolean lostWithBarrier;
    /** The barrier was turned off at some point during this cycle's mark. */
    boolean barrierOffThisCycle;
    int bgsweepG;
    boolean bgsweepParked;
    int forcegcG;
    boolean forcegcParked;
    long sweptFreedBytes;
    int sweptFreed;

    /** The two stop-the-worlds of a cycle: what each is called, and what follows once every P has stopped. */
    enum Stw {
        SWEEP_TERMINATION("sweep termination", Act.MARK_BEGIN),
        MARK_TERMINATION("mark termination", Act.MARK_TERMINATION);

        final String reason;
        final Act then;

        Stw(String reason, Act then) {
            this.reason = reason;
            this.then = then;
        }
    }

    Collector(GoRuntime rt) {
        this.rt = rt;
        this.cycle = new Cycle(this);
        this.stw = new StopTheWorld(this);
        this.sweep = new Sweep(this);
        this.mark = new Mark(this);
        this.ops = new HeapOps(this);
    }

    Collector copyFor(GoRuntime to) {
        Collector c = new Collector(to);
        c.byRef.ensureCapacity(byRef.size());
        for (Obj o : byRef) {
            Obj k = o.copy();
            c.byRef.add(k);
        }
        declared.forEach((id, o) -> c.declared.put(id, c.byRef.get(o.ref)));
        c.globals.assign(globals);
        c.objs.ensureCapacity(objs.size());
        for (Obj o : objs) {
            c.objs.add(c.byRef.get(o.ref));
        }
        c.objgen = objgen;
        c.made = made;
        c.freedSlots = freedSlots.copy();
        c.sweepsDone = sweepsDone;
        c.slotsReused = slotsReused;
        c.markedBytes = markedBytes;
        c.markedCount = markedCount;
        c.phase = phase;
        c.cycles = cycles;
        c.blackenEnabled = blackenEnabled;
        c.markDoneStarted = markDoneStarted;
        c.heapLive = heapLive;
        c.heapMarked = heapMarked;
        c.heapGoal = heapGoal;
        c.trigger = trigger;
        c.lastGcTime = lastGcTime;
        c.grey = grey.copy();
        c.workbufs = workbufs == null ? null : workbufs.copyFor(c);
        for (RootJob r : roots) {
            c.roots.add(r.copy());
        }
        c.assistQueue = assistQueue.copy();
        c.cycleWaiters = cycleWaiters.copy();
        c.lost.addAll(lost);
        c.bgScanCredit = bgScanCredit;
        c.midUnit = (java.util.BitSet) midUnit.clone();
        c.scanWorkDone = scanWorkDone;
        c.scanWorkExpected = scanWorkExpected;
        c.heapScan = heapScan;
        c.lastScanWork = lastScanWork;
        c.maxStackScan = maxStackScan;
        assisting.forEach((id, a) -> c.assisting.put(id, a.copy()));
        c.markCpuNs = markCpuNs.clone();
        c.assists = assists;
        c.dedicatedNeeded = dedicatedNeeded;
        c.dedicatedPlan = dedicatedPlan;
        c.fractionalGoal = fractionalGoal;
        c.markStart = markStart;
        c.fractionalTimeNs = fractionalTimeNs.clone();
        workers.forEach((id, w) -> c.workers.put(id, w.copy()));
        c.stwInitiator = stwInitiator;
        c.stopwait = stopwait;
        c.stwReason = stwReason;
        c.stwStart = stwStart;
        c.stwPurpose = stwPurpose;
        c.initiatorWaits = initiatorWaits;
        c.cycleStartTime = cycleStartTime;
        c.forced = forced;
        c.stw1Ns = stw1Ns;
        c.stw2Ns = stw2Ns;
        c.markStartHeap = markStartHeap;
        c.sweepNext = sweepNext;
        c.sweepEnd = sweepEnd;
        c.sweepKept = sweepKept;
        c.sweepWhite = sweepWhite;
        c.reachableAtSweep = reachableAtSweep == null ? null : (java.util.BitSet) reachableAtSweep.clone();
        c.lostWithBarrier = lostWithBarrier;
        c.barrierOffThisCycle = barrierOffThisCycle;
        c.bgsweepG = bgsweepG;
        c.bgsweepParked = bgsweepParked;
        c.forcegcG = forcegcG;
        c.forcegcParked = forcegcParked;
        c.sweptFreedBytes = sweptFreedBytes;
        c.sweptFreed = sweptFreed;
        return c;
    }

    /** The lesson's initial heap: its objects (white), globals, and main's stack slots. */
    void boot() {
        fractionalTimeNs = new long[rt.allp.length];
        if (rt.cfg.gcWorkBuffers()) {
            workbufs = new WorkBuffers(this, rt.allp.length);
        }
        Program.HeapSpec spec = rt.prog.heap();
        spec.objects().forEach((id, o) -> {
            Obj obj = new Obj(id, byRef.size(), made++, o.sizeBytes(), o.pointerWords());
            byRef.add(obj);
            declared.put(id, obj);
            objs.add(obj);
        });
        spec.objects().forEach((id, o) -> {
            Obj obj = declared.get(id);
            o.fields().forEach((field, target) -> obj.fields.put(field, refOf(target, "field " + id + "." + field)));
            if (!obj.fixedLayout) {
                obj.pointerWords = obj.fields.size();
            }
            heapLive += o.sizeBytes();
            heapScan += obj.scanBytes();
        });
        spec.globals().forEach((name, target) -> globals.put(name, refOf(target, "global " + name)));
        G main = rt.gs.get(1);
        if (main != null) {
            mainLocals(main);
        }
        cycle.pace(0);
    }

    /** The stack slots the lesson gives main, put on G1's stack when it is made. */
    void mainLocals(G main) {
        Map<String, String> locals = rt.prog.heap().locals().get("main");
        if (locals != null) {
            putLocals(main, locals);
        }
    }

    /** A new goroutine: the lesson may declare initial stack slots for its function's first goroutine. */
    void onNewproc(G g) {
        Map<String, String> locals = rt.prog.heap().locals().get(g.fn);
        if (locals == null || g.fn.equals("main")) {
            return;
        }
        for (G other : rt.gs.values()) {
            if (other != g && other.fn.equals(g.fn)) {
                return;
            }
        }
        putLocals(g, locals);
    }

    private void putLocals(G g, Map<String, String> locals) {
        locals.forEach((name, target) -> g.locals.put(name, refOf(target, "stack slot " + g.fn + "." + name)));
    }

    /** The ref of the lesson's object id (null: nil); {@code where} names the slot for the error. */
    private int refOf(String id, String where) {
        if (id == null) {
            return Obj.NIL;
        }
        Obj o = declared.get(id);
        if (o == null) {
            throw new IllegalStateException("Collector.boot: " + where + " points at " + id + ", which the heap does not declare");
        }
        return o.ref;
    }

    /**
     * How many freed objects the snapshot goes on showing, at least, before
     * their slots are reused: more than any lesson frees (a lesson declares at
     * most 5,000 objects and runs at most a million steps), so in a lesson a
     * freed object stays in the picture to the end, while an engine run for
     * tens of millions of steps keeps a bounded heap.
     */
    static final int FREED_SHOWN = 4096;

    /**
     * A freed object's slot for a new one, or -1 (then the new one takes a new
     * slot at the end): the oldest freed, once more than {@link #FREED_SHOWN}
     * are waiting and the sweep after the one that freed it has finished. By
     * then nothing holds its ref: it was unreachable when it was freed, and
     * the only objects that could still point at it, garbage marked before it
     * became garbage, have been swept too (their fields cleared).
     */
    int reusableSlot() {
        if (freedSlots.size() <= FREED_SHOWN) {
            return -1;
        }
        long e = freedSlots.get(0);
        if (sweepsDone < (int) (e >>> 32) + 2) {
            return -1;
        }
        freedSlots.pollFirst();
        slotsReused = true;
        return (int) e;
    }

    /** The sweeper freed o, unreachable: its slot may be reused later, unless it is one of the lesson's objects. */
    void freedUnreachable(Obj o) {
        if (o.seq >= declared.size()) {
            freedSlots.addLast((long) sweepsDone << 32 | o.ref);
        }
    }

    /** Every object the snapshot shows, freed ones too, in allocation order. */
    private List<Obj> inAllocationOrder() {
        if (!slotsReused) {
            return byRef;
        }
        List<Obj> all = new ArrayList<>(byRef);
        all.sort(java.util.Comparator.comparingLong(o -> o.seq));
        return all;
    }

    /** The object a ref names (not nil). */
    Obj obj(int ref) {
        return byRef.get(ref);
    }

    /** The id of the object a ref names; null for nil. */
    String idOf(int ref) {
        return ref == Obj.NIL ? null : byRef.get(ref).id;
    }

    // ---- the scheduler's questions ----

    boolean stwActive() {
        return stwInitiator >= 0;
    }

    boolean markWorkAvailable() {
        return blackenEnabled && mark.workAvailable();
    }

    int findRunnableGCWorker(M m, P p) {
        return mark.findRunnableWorker(m, p, false);
    }

    int findIdleGCWorker(M m, P p) {
        return mark.findRunnableWorker(m, p, true);
    }

    Text workerModeText(int g) {
        Worker w = workers.get(g);
        if (w == null) {
            return Text.EMPTY;
        }
        return new Text(" (GC mark worker, {0} mode)", "（GC 标记工作者，{0} 模式）", w.mode);
    }

    long gcstopm(M m) {
        return stw.gcstopm(m);
    }

    long handoffToGcstop(M by, P p) {
        return stw.handoffToGcstop(by, p);
    }

    /** A syscall entered while the world is stopping: the P stops at once (entersyscall_gcwait). */
    void entersyscallGcwait(P p) {
        stw.stopP(p);
    }

    /** Runs a runtime goroutine the collector owns; false if g is not one of them. */
    boolean runsSystemG(G g) {
        return workers.containsKey(g.id) || g.id == bgsweepG && bgsweepG != 0;
    }

    long runSystemG(M m, G g) {
        if (workers.containsKey(g.id)) {
            return mark.workerStep(m, g);
        }
        return sweep.sweepStep(m, g);
    }

    void onGoexit(G g) {
        // a dead goroutine's stack is no root; its pending root job is dropped when reached
    }

    // ---- the program's heap ops ----

    long alloc(M m, G g, Op.Alloc a) {
        return ops.alloc(m, g, a);
    }

    long store(M m, G g, Op.Store s) {
        return ops.store(m, g, s);
    }

    long load(M m, G g, Op.Load l) {
        return ops.load(m, g, l);
    }

    long clear(M m, G g, Op.Clear c) {
        return ops.clear(m, g, c);
    }

    long runtimeGC(M m, G g) {
        return cycle.runtimeGC(m, g);
    }

    void forceFromOutside() {
        cycle.forceFromOutside();
    }

    /** sysmon: a GC is forced when none has run for forcegcperiod (2 minutes). */
    boolean timeTriggerDue() {
        return !rt.cfg.gcOff() && lastGcTime >= 0 && phase == Phase._GCoff && !stwActive()
                && rt.now() - lastGcTime > Costs.FORCE_GC_PERIOD_NS
                && (forcegcG == 0 || !rt.g(forcegcG).alive() || forcegcParked);
    }

    void sysmonForceGc(M sysmon) {
        cycle.sysmonForceGc(sysmon);
    }

    // ---- snapshot and invariants ----

    void writeSnapshot(SnapshotMap.Builder s) {
        SnapshotMap.Builder g = SnapshotMap.builder(24);
        g.put("phase", phase.name());
        g.put("cycle", cycles);
        g.put("writeBarrier", barrierOn());
        g.put("heapLive", heapLive);
        g.put("heapMarked", heapMarked);
        g.put("heapGoal", rt.cfg.gcOff() ? null : heapGoal);
        g.put("trigger", rt.cfg.gcOff() ? null : trigger);
        g.put("gogc", rt.cfg.gogc());
        List<String> greyNames = new ArrayList<>(grey.size());
        for (int i = 0; i < grey.size(); i++) {
            long entry = grey.get(i);
            greyNames.add(obj(Obj.refOf(entry)).entryName(entry));
        }
        g.put("grey", greyNames);
        if (workbufs != null) {
            g.put("workbufs", workbufs.snapshot());
        }
        List<Object> rootList = new ArrayList<>();
        for (RootJob r : roots) {
            rootList.add(r.kind.equals("globals") ? "globals" : "stack G" + r.g);
        }
        g.put("roots", rootList);
        g.put("markWork", grey.size() + roots.size());
        g.put("assistQueue", assistQueue.toList());
        SnapshotMap.Builder ws = SnapshotMap.builder(workers.size());
        workers.forEach((id, w) -> {
            SnapshotMap.Builder e = SnapshotMap.builder(3);
            e.put("p", w.running && w.p >= 0 ? w.p : null);
            e.put("mode", w.running ? w.mode : null);
            e.put("state", w.running ? "running" : "parked");
            ws.put(SnapshotMap.key(id), e.build());
        });
        g.put("workers", ws.build());
        if (phase == Phase._GCmark) {
            g.put("utilization", utilization());
        }
        g.put("lost", new ArrayList<>(lost));
        g.put("bgScanCredit", bgScanCredit);
        // the pending stop-the-world's reason from gcMarkDone on, not the last one's (stwReason is set once it begins)
        g.put("stwReason", stwActive() ? (stwPurpose != null ? stwPurpose.reason : stwReason) : null);
        g.put("assists", assists);
        SnapshotMap.Builder cpu = SnapshotMap.builder(MarkCpu.values().length);
        for (MarkCpu k : MarkCpu.values()) {
            cpu.put(k.name(), markCpuNs[k.ordinal()]);
        }
        g.put("markCpu", cpu.build());
        g.put("sweepDone", !sweepPending());
        s.put("gc", g.build());
        List<Obj> objs = inAllocationOrder();
        SnapshotMap.Builder h = SnapshotMap.builder(objs.size());
        for (Obj o : objs) {
            SnapshotMap.Builder e = SnapshotMap.builder(7);
            e.put("color", o.color.name());
            e.put("size", o.size);
            e.put("noscan", o.noscan());
            e.put("scanBytes", o.scanBytes());
            e.put("fields", o.fields.toMap(this::idOf));
            e.put("freed", o.freed);
            e.put("lost", o.lost);
            h.put(o.id, e.build());
        }
        s.put("heap", h.build());
        s.put("globals", globals.toMap(this::idOf));
        SnapshotMap.Builder stacks = SnapshotMap.builder(rt.gs.size());
        for (G gr : rt.gs.values()) {
            if (gr.alive() && !gr.locals.isEmpty()) {
                stacks.put(SnapshotMap.key(gr.id), gr.locals.toMap(this::idOf));
            }
        }
        s.put("stacks", stacks.build());
    }

    /**
     * The pacer's CPU plan for this mark phase and how each P has kept to it
     * (mgcpacer.go startCycle, findRunnableGCWorker; p.gcFractionalMarkTime):
     * the 25% goal, the dedicated workers, the fractional goal per P, the time
     * since marking began, and each P's fractional mark time, the running
     * stint included, with its share of that time.
     */
    private Map<String, Object> utilization() {
        long since = Math.max(0, rt.now() - markStart);
        List<Object> times = new ArrayList<>();
        List<Object> shares = new ArrayList<>();
        for (int p = 0; p < fractionalTimeNs.length; p++) {
            long t = fractionalTimeNs[p];
            for (Worker w : workers.values()) {
                if (w.running && w.p == p && "fractional".equals(w.mode) && w.runStart >= 0) {
                    t += rt.now() - w.runStart;
                }
            }
            times.add(t);
            shares.add(since == 0 ? 0.0 : Math.round(1000.0 * t / since) / 1000.0);
        }
        SnapshotMap.Builder u = SnapshotMap.builder(6);
        u.put("goal", GcCosts.GC_BACKGROUND_UTILIZATION);
        u.put("dedicated", dedicatedPlan);
        u.put("fractionalGoal", fractionalGoal);
        u.put("sinceMarkStart", since);
        u.put("fractionalTime", times);
        u.put("fractionalShare", shares);
        return u.build();
    }

    /** Objects marked at the last mark termination are still to be swept. */
    boolean sweepPending() {
        return sweepNext < sweepEnd;
    }

    /** An object not yet freed turns from white to marked (grey or black). */
    void marked(Obj o) {
        markedBytes += o.size;
        markedCount++;
    }

    /** The write barrier is on while marking, unless the lesson turned it off. */
    boolean barrierOn() {
        return phase != Phase._GCoff && rt.writeBarrier;
    }

    void collectPlaces(BiConsumer<Integer, String> place) {
        workers.forEach((id, w) -> {
            G g = rt.g(id);
            if (g.status == GStatus._Gwaiting) {
                place.accept(id, "gc.workers");
            }
        });
        for (int g : assistQueue.toArray()) {
            place.accept(g, "gc.assistQueue");
        }
        for (int g : cycleWaiters.toArray()) {
            place.accept(g, "gc.cycleWaiters");
        }
        if (bgsweepG != 0 && bgsweepParked) {
            place.accept(bgsweepG, "gc.bgsweep");
        }
        if (forcegcG != 0 && forcegcParked) {
            place.accept(forcegcG, "gc.forcegc");
        }
        for (G g : rt.gs.values()) {
            if (g.status == GStatus._Gpreempted) {
                place.accept(g.id, "gc.suspended");
            }
        }
    }

    boolean lostWithBarrierOffThisCycle() {
        return barrierOffThisCycle;
    }

    List<String> checkInvariants() {
        List<String> broken = new GcInvariants(this).check();
        if (workbufs != null) {
            broken = new ArrayList<>(broken);
            workbufs.check(broken);
        }
        return broken;
    }
}
