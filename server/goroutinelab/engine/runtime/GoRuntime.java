package goroutinelab.engine.runtime;

import goroutinelab.engine.Engine;
import goroutinelab.engine.EventCounts;
import goroutinelab.engine.EventKind;
import goroutinelab.engine.EventLoop;
import goroutinelab.engine.Injection;
import goroutinelab.engine.Program;
import goroutinelab.engine.Rng;
import goroutinelab.engine.RuntimeConfig;
import goroutinelab.engine.Text;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The simulated Go runtime: every G, M and P, the scheduler, sysmon, the
 * netpoller, channels, the collector and signal delivery, on one simulated
 * clock. Models runtime/proc.go and its neighbours; like Go's own runtime it is
 * one package, {@code goroutinelab.engine.runtime}, whose parts share state
 * directly and whose state nothing outside can touch: the lab sees only the
 * {@link Engine} interface.
 *
 * <p>How a step works: every M (and sysmon, which is an M without a P) has a
 * queue of pending runtime actions ({@link Act}) and the time the next is due;
 * interrupts (a signal reaching the thread, a preemption request noticed at a
 * function call) can break in before it. The step loop ({@link EventLoop})
 * asks {@link #act(long)} for the earliest pending action in the whole world,
 * ties going to outside events, then sysmon, then Ms by id. Actions that are
 * pure bookkeeping emit nothing and do not count as steps; every other action
 * emits exactly one event. Only the seeded {@link Rng} decides anything
 * random, so a run is a function of its program, configuration and injections.
 *
 * <p>The parts, each in the file of the runtime it mirrors: {@link Scheduler}
 * (schedule, findRunnable, stealing), {@link RunQueues} (runqput, globrunqget,
 * injectglist), {@link Threads} (wakep, startm, stopm, handoffp, checkdead),
 * {@link Netpoller}, {@link Interp} (what a goroutine's ops do),
 * {@link Syscalls}, {@link Sysmon}, {@link Channels}, {@link Preemption}, the
 * runtime's background goroutines ({@link Background}), the
 * collector ({@link Collector}, {@link Cycle}, {@link Sweep}, {@link Mark},
 * {@link HeapOps}) and signal delivery ({@link Signals}).
 */
public final class GoRuntime extends EventLoop<GoRuntime.Outside> {
    /** Returned by an action that set its M's next wake time itself. */
    static final long KEEP = -1;
    /**
     * The lab's bound on the Gs one run makes, dead ones included (this engine
     * keeps every G for the board; the runtime would reuse dead ones): the
     * memory a run, and each of its checkpoints, can take. Not a Go limit.
     */
    public static final int MAX_GOROUTINES = 10_000;
    /** Mixed into the seed for sysmon's own Rng. */
    private static final long SYSMON_SEED = 0x5eed_5e5e_0000_0001L;

    final RuntimeConfig cfg;
    final Program prog;
    boolean asyncPreemption;
    boolean writeBarrier;
    Rng rng;
    /** sysmon's own draws (the jitter of its sleeps), apart so they do not move the scheduler's. */
    Rng sysmonRng;

    final TreeMap<Integer, G> gs = new TreeMap<>();
    /** The same goroutines indexed by id, for {@link #g(int)}: kept with {@link #gs} by newG and dropG. */
    private G[] gById = new G[64];
    final P[] allp;
    final List<M> allm = new ArrayList<>();
    M sysmonM;
    /** The checker of this runtime's invariants, made at the first check and kept (a copy makes its own). */
    private Invariants invariants;
    Sched sched = new Sched();
    Netpoll netpoll = new Netpoll();
    final LinkedHashMap<String, Chan> chans = new LinkedHashMap<>();
    long interruptSeq;

    Collector gc;
    Signals signals;

    /** How far the process's start has got (runtime: {startup: true}); DONE once main.main runs, or from the first step without it. */
    Startup.Stage startupStage = Startup.Stage.DONE;

    boolean exited;
    String exitReason;
    Integer exitCode;
    /** The kernel stopped the process (a job-control signal): nothing runs any more, but it has not exited. */
    boolean stopped;

    // the logic, rebuilt for every copy (it keeps no state between actions)
    final Scheduler scheduler;
    final RunQueues runqs;
    final Threads threads;
    final Netpoller netpoller;
    final Interp interp;
    final Syscalls syscalls;
    final Sysmon sysmon;
    final Channels channels;
    final Preemption preemption;
    final Background background;
    final Startup startup;

    /** Something that happens at a time regardless of the threads: I/O completing, a lesson's timed injection. */
    sealed interface Outside {
        /** The data g's socket read waits for has arrived. */
        record NetReady(int g) implements Outside {
        }

        /** A lesson's timed injection. */
        record Inject(Injection injection) implements Outside {
        }
    }

    /** A world about to run {@code prog}'s main on m0 and P0 at time 0. */
    public GoRuntime(Program prog, RuntimeConfig cfg) {
        super(cfg.seed());
        this.prog = prog;
        this.cfg = cfg;
        this.asyncPreemption = cfg.asyncPreemption();
        this.writeBarrier = cfg.writeBarrier();
        this.rng = new Rng(cfg.seed());
        this.sysmonRng = new Rng(cfg.seed() ^ SYSMON_SEED);
        this.allp = new P[cfg.gomaxprocs()];
        for (int i = 0; i < allp.length; i++) {
            allp[i] = new P(i, cfg.runqSize());
        }
        // procresize: P0 goes to m0, the others onto the idle list in order
        for (int i = allp.length - 1; i >= 1; i--) {
            sched.pidle.addFirst(i);
        }
        prog.channels().forEach((name, cap) -> chans.put(name, new Chan(name, cap)));
        this.scheduler = new Scheduler(this);
        this.runqs = new RunQueues(this);
        this.threads = new Threads(this);
        this.netpoller = new Netpoller(this);
        this.interp = new Interp(this);
        this.syscalls = new Syscalls(this);
        this.sysmon = new Sysmon(this);
        this.channels = new Channels(this);
        this.preemption = new Preemption(this);
        this.background = new Background(this);
        this.startup = new Startup(this);
        this.gc = new Collector(this);
        this.signals = new Signals(this);
        boot();
    }

    private GoRuntime(GoRuntime o) {
        super(o);
        this.prog = o.prog;
        this.cfg = o.cfg;
        this.asyncPreemption = o.asyncPreemption;
        this.writeBarrier = o.writeBarrier;
        this.rng = o.rng.copy();
        this.sysmonRng = o.sysmonRng.copy();
        this.gById = new G[o.gById.length];
        o.gs.forEach((id, g) -> {
            G k = g.copy();
            gs.put(id, k);
            gById[id] = k;
        });
        this.allp = new P[o.allp.length];
        for (int i = 0; i < allp.length; i++) {
            allp[i] = o.allp[i].copy();
        }
        for (M m : o.allm) {
            allm.add(m.copy());
        }
        this.sysmonM = o.sysmonM.copy();
        this.sched = o.sched.copy();
        this.netpoll = o.netpoll.copy();
        o.chans.forEach((name, c) -> chans.put(name, c.copy()));
        this.interruptSeq = o.interruptSeq;
        this.startupStage = o.startupStage;
        this.exited = o.exited;
        this.exitReason = o.exitReason;
        this.exitCode = o.exitCode;
        this.stopped = o.stopped;

        this.scheduler = new Scheduler(this);
        this.runqs = new RunQueues(this);
        this.threads = new Threads(this);
        this.netpoller = new Netpoller(this);
        this.interp = new Interp(this);
        this.syscalls = new Syscalls(this);
        this.sysmon = new Sysmon(this);
        this.channels = new Channels(this);
        this.preemption = new Preemption(this);
        this.background = new Background(this);
        this.startup = new Startup(this);
        this.gc = o.gc.copyFor(this);
        this.signals = o.signals.copyFor(this);
    }

    /**
     * main.main's first line: m0 runs G1 on P0; sysmon has run on its own M
     * since runtime.main; the lesson's heap is set up; with the option, the
     * runtime's own goroutines are there, as runtime.main and package init
     * left them.
     */
    private void boot() {
        sched.lastpoll = 0; // schedinit stores nanotime(): the network counts as polled at the start
        M m0 = newM();
        if (cfg.startup()) {
            bootAtFirstInstruction(m0);
            return;
        }
        P p0 = allp[0];
        p0.status = PStatus._Prunning;
        p0.m = m0.id;
        m0.p = 0;
        m0.state = M.State.running;
        G main = newG("main", false);
        main.stack.push(new Frame("main", prog.function("main"), 0));
        main.status = GStatus._Grunning;
        main.m = m0.id;
        m0.curg = main.id;
        p0.schedtick = 1;
        // the runtime's start made system calls on P0 that sysmon never saw: its copy differs
        p0.sysmonSyscalltick = -1;
        m0.set(Act.RUN, 0);
        gc.boot();
        if (cfg.backgroundGoroutines()) {
            background.boot(m0, p0);
        }
        sysmonM = new M(M.SYSMON);
        sysmon.headStart(sysmonM, p0);
        for (Program.TimedInjection ti : prog.injections()) {
            addExternal(ti.atNs(), new Outside.Inject(ti.injection()));
        }
    }

    /**
     * With runtime: {startup: true}: the world before rt0_go, which
     * {@link Startup} plays up to main.main. The lesson's heap is there from
     * the start (the program's data); main's stack slots come with G1.
     */
    private void bootAtFirstInstruction(M m0) {
        // the runtime's start made system calls on P0 that sysmon never saw, as in boot()
        allp[0].sysmonSyscalltick = -1;
        sysmonM = new M(M.SYSMON);
        gc.boot();
        startup.begin(m0);
        for (Program.TimedInjection ti : prog.injections()) {
            addExternal(ti.atNs(), new Outside.Inject(ti.injection()));
        }
    }

    @Override
    public GoRuntime copy() {
        return new GoRuntime(this);
    }

    /**
     * Measured on the 1,000-goroutine benchmark lesson: about 330 bytes a
     * goroutine, plus its per-kind event counts (an int for every event kind,
     * kept by the {@link EventLoop}; counted in full although copies share
     * the ones that did not change).
     */
    @Override
    public long approximateBytes() {
        return 8192 + (330L + 16 + 4L * EventKind.values().length) * gs.size();
    }

    // ---- one action ----

    /**
     * The earliest action in the world, if it is due by the deadline: checkdead's
     * verdict once an M has stopped, an outside event, or an M's next action
     * or interrupt. With nothing scheduled at all, checkdead must find the deadlock.
     */
    @Override
    protected boolean act(long deadline) {
        if (sched.checkdeadPending) {
            sched.checkdeadPending = false;
            threads.checkdead();
            return true;
        }
        long best = nextExternalTime();
        M bestM = null;
        boolean external = best != NEVER;
        long t = sysmonM.nextTime();
        if (t < best) {
            best = t;
            bestM = sysmonM;
            external = false;
        }
        for (M m : allm) {
            t = m.nextTime();
            if (t < best) {
                best = t;
                bestM = m;
                external = false;
            }
        }
        if (best == M.NEVER) {
            // nothing at all can happen any more: checkdead's verdict
            threads.checkdead();
            if (!emitted()) {
                throw new IllegalStateException("GoRuntime: nothing can run, but checkdead found no deadlock at t=" + now());
            }
            return true;
        }
        if (best > deadline) {
            return false;
        }
        moveClockTo(best);
        if (external) {
            handleExternal(pollExternal());
        } else {
            runM(bestM);
        }
        return true;
    }

    /** The next action's time; with nothing scheduled, checkdead's verdict is due now. */
    @Override
    public long nextTime() {
        if (exited || stopped) {
            return Long.MAX_VALUE;
        }
        long t = Math.min(nextExternalTime(), sysmonM.nextTime());
        for (M m : allm) {
            t = Math.min(t, m.nextTime());
        }
        return sched.checkdeadPending || t == M.NEVER ? now() : t;
    }

    private void runM(M m) {
        long actAt = m.acts.isEmpty() ? M.NEVER : m.wakeAt;
        if (!m.interrupts.isEmpty() && m.interrupts.get(0).at() <= actAt) {
            Interrupt i = m.interrupts.remove(0);
            long delay = handleInterrupt(m, i);
            if (delay > 0 && !m.acts.isEmpty()) {
                m.wakeAt = Math.max(m.wakeAt, now()) + delay;
                if (m.opKind != M.OpKind.NONE) {
                    m.opEnd += delay;
                }
            }
            return;
        }
        Act a = m.acts.pollFirst();
        long cost = perform(m, a);
        if (cost >= 0 && !m.acts.isEmpty()) {
            m.wakeAt = now() + cost;
        }
    }

    /**
     * Performs one action of m: a switch over the sealed {@link Act}, the most
     * frequent first. Returns the action's cost in simulated ns (the M's next
     * action is due that much later), or {@link #KEEP}.
     */
    private long perform(M m, Act a) {
        if (a instanceof Act.Run) {
            return interp.run(m);
        } else if (a instanceof Act.Schedule) {
            return scheduler.schedule(m);
        } else if (a instanceof Act.Execute e) {
            return scheduler.execute(m, e.g(), e.inheritTime());
        } else if (a instanceof Act.OpEnd) {
            return interp.opEnd(m);
        } else if (a instanceof Act.Wakep) {
            return threads.wakep(m);
        } else if (a instanceof Act.Runqput r) {
            return runqs.runqputAct(m, r.g(), r.next());
        } else if (a instanceof Act.Goready r) {
            return runqs.goready(m, r.g());
        } else if (a instanceof Act.ResetSpinning) {
            return threads.resetspinning(m);
        } else if (a instanceof Act.Steal) {
            return scheduler.steal(m);
        } else if (a instanceof Act.Stop) {
            return scheduler.stop(m);
        } else if (a instanceof Act.SysmonTick) {
            return sysmon.tick(m);
        } else if (a instanceof Act.SysmonSleep) {
            return sysmon.sleep(m);
        } else if (a instanceof Act.RetakeScan) {
            return sysmon.retakeScan(m);
        } else if (a instanceof Act.SysmonBody) {
            return sysmon.body(m);
        } else if (a instanceof Act.Startm s) {
            return threads.startm(m, s.p(), s.spinning());
        } else if (a instanceof Act.Mstart) {
            return threads.mstart(m);
        } else if (a instanceof Act.Boot) {
            return startup.boot(m);
        } else if (a instanceof Act.Stopm) {
            return threads.stopm(m);
        } else if (a instanceof Act.Handoffp h) {
            return threads.handoffp(m, h.p());
        } else if (a instanceof Act.WakeNetPoller) {
            return netpoller.wakeNetPoller(m);
        } else if (a instanceof Act.NetpollWake) {
            return netpoller.netpollWake(m);
        } else if (a instanceof Act.StealRunnext s) {
            return scheduler.stealRunnext(m, s.victimP(), s.g());
        } else if (a instanceof Act.Gopreempt y) {
            return interp.gopreempt(m, y.cause());
        } else if (a instanceof Act.ExitSyscall) {
            return syscalls.exitsyscall(m);
        } else if (a instanceof Act.Retake r) {
            return sysmon.retake(m, r.p(), r.syscalltick());
        } else if (a instanceof Act.Preemptone p) {
            return preemption.preemptone(m, p.p(), p.schedtick());
        } else if (a instanceof Act.PreemptM p) {
            return preemption.preemptM(m, p.m());
        }
        return performGc(m, a);
    }

    /** The collector's actions and os/signal's loop. */
    private long performGc(M m, Act a) {
        if (a instanceof Act.FlushBgCredit) {
            return gc.mark.flushBgCredit(m);
        } else if (a instanceof Act.Assist) {
            return gc.mark.assistStep(m);
        } else if (a instanceof Act.PreemptPark) {
            return gc.mark.preemptPark(m);
        } else if (a instanceof Act.GcStart s) {
            return gc.cycle.gcStart(m, s.why());
        } else if (a instanceof Act.StwBegin) {
            return gc.stw.stwBegin(m);
        } else if (a instanceof Act.StwWait) {
            return gc.stw.stwWait(m);
        } else if (a instanceof Act.StwDone) {
            return gc.stw.stwDone(m);
        } else if (a instanceof Act.MarkBegin) {
            return gc.cycle.markBegin(m);
        } else if (a instanceof Act.MarkDone) {
            return gc.cycle.markDone(m);
        } else if (a instanceof Act.MarkTermination) {
            return gc.cycle.markTermination(m);
        } else if (a instanceof Act.StartAfterTermination) {
            return gc.cycle.startAfterTermination(m);
        } else if (a instanceof Act.CycleWait) {
            return gc.cycle.cycleWait(m);
        } else if (a instanceof Act.SigRecvSleep) {
            return signals.sigRecvSleep(m);
        } else if (a instanceof Act.SigRecvWake) {
            return signals.sigRecvWake(m);
        }
        throw new IllegalStateException("GoRuntime.perform: no case for " + a);
    }

    private long handleInterrupt(M m, Interrupt i) {
        return switch (i.kind()) {
            case CALL_CHECK -> preemption.callCheck(m);
            case SIGNAL -> signals.deliver(m, i.signal());
            case SIGSEND -> signals.sigsend(m, i.signal());
        };
    }

    // ---- outside events ----

    /** The kernel will have data for g's socket at {@code at}. */
    void netReadyAt(long at, int g) {
        addExternal(at, new Outside.NetReady(g));
    }

    /** Whether anything is still to come from outside (checkdead's last question). */
    boolean outsideEventsPending() {
        return hasExternals();
    }

    private void handleExternal(Outside e) {
        if (e instanceof Outside.NetReady r) {
            netpoller.netReady(r.g());
        } else if (e instanceof Outside.Inject i) {
            inject(i.injection());
        }
    }

    @Override
    public void inject(Injection injection) {
        if (exited || stopped) {
            return;
        }
        if (injection instanceof Injection.Signal s) {
            signals.kernelSend(s.name());
        } else if (injection instanceof Injection.ForceGc) {
            gc.cycle.forceFromOutside();
        } else if (injection instanceof Injection.StartGoroutine sg) {
            runqs.startFromOutside(sg.fn());
        } else if (injection instanceof Injection.SetSwitch sw) {
            setSwitch(sw.name(), sw.value());
        }
    }

    private void setSwitch(String name, Object value) {
        boolean on = Boolean.TRUE.equals(value) || "true".equals(String.valueOf(value));
        switch (name) {
            case "asyncPreemption" -> asyncPreemption = on;
            case "writeBarrier" -> writeBarrier = on;
            default -> throw new IllegalArgumentException("unknown runtime switch: " + name
                    + " (expected asyncPreemption or writeBarrier)");
        }
    }

    // ---- helpers shared by the parts ----

    /** Records the event of the action being performed; an action emits at most one. */
    void emit(EventKind kind, Integer g, Integer m, Integer p, Text text, Object... detail) {
        record(kind, g, m, p, text, detail);
    }

    /** Whether the action being performed has already emitted its event. */
    boolean emitted() {
        return recorded();
    }

    /** Every kind's count (the snapshot's stats.events). */
    EventCounts eventCounts() {
        return kindCounts();
    }

    /** Puts acts at the front of m's queue, in the order given. */
    void then(M m, Act... acts) {
        for (int i = acts.length - 1; i >= 0; i--) {
            m.acts.addFirst(acts[i]);
        }
    }

    G g(int id) {
        G g = id >= 0 && id < gById.length ? gById[id] : null;
        if (g == null) {
            throw new IllegalStateException("GoRuntime: no goroutine G" + id);
        }
        return g;
    }

    P p(int id) {
        return allp[id];
    }

    M m(int id) {
        return id == M.SYSMON ? sysmonM : allm.get(id);
    }

    M newM() {
        M m = new M(allm.size());
        allm.add(m);
        return m;
    }

    /** A new goroutine with the next program id (or runtime id, from 1001). */
    G newG(String fn, boolean system) {
        int id;
        if (system) {
            id = sched.sysgoidgen++;
        } else {
            id = sched.goidgen++;
            while (gs.containsKey(id)) {
                id = sched.goidgen++;
            }
        }
        G g = new G(id, fn, system);
        gs.put(id, g);
        if (id >= gById.length) {
            gById = java.util.Arrays.copyOf(gById, Math.max(id + 1, gById.length * 2));
        }
        gById[id] = g;
        return g;
    }

    /** A dead goroutine leaves the world (and its event counts with it). */
    void dropG(int id) {
        gs.remove(id);
        gById[id] = null;
        forgetCounts(id);
    }

    void interrupt(M m, long at, Interrupt.Kind kind, String signal) {
        m.interrupt(new Interrupt(at, interruptSeq++, kind, signal));
    }

    int npidle() {
        return sched.pidle.size();
    }

    /** Every goroutine that is not dead, the runtime's own included. */
    long liveGoroutines() {
        long n = 0;
        for (G g : gs.values()) {
            if (g.alive()) {
                n++;
            }
        }
        return n;
    }

    /**
     * What runtime.NumGoroutine() returns (proc.go gcount): the live
     * goroutines less the runtime's own (traceback.go isSystemGoroutine: a
     * function of package runtime, other than runtime.main; the finalizer
     * goroutine only while it is not running a finalizer, which in the lab is
     * always). os/signal's loop is not the runtime's: it counts.
     */
    long numGoroutine() {
        long n = 0;
        for (G g : gs.values()) {
            if (g.alive() && (!g.system || g.fn.equals("signal.loop"))) {
                n++;
            }
        }
        return n;
    }

    /** A goroutine crashes the program (a panic nobody recovers, a fatal error): the process exits with code. */
    long crash(M m, G g, EventKind kind, Text text, int code) {
        exit(text.in("en"), code);
        emit(kind, g.id, m.id, m.p < 0 ? null : m.p, text, "exitCode", code);
        m.park();
        return KEEP;
    }

    /** The process ends: main returned, a fatal signal, a panic, or a deadlock. */
    void exit(String reason, int code) {
        exited = true;
        exitReason = reason;
        exitCode = code;
    }

    /** The kernel stops the process (SIGTSTP, SIGTTIN, SIGTTOU with no Go handler): the run ends, not exited. */
    void stop(String reason) {
        stopped = true;
        exitReason = reason;
    }

    @Override
    protected void halt(String reason, int exitCode) {
        exit(reason, exitCode);
    }

    // ---- Engine ----

    @Override
    public boolean ended() {
        return exited || stopped;
    }

    @Override
    public Map<String, Object> snapshot() {
        return new SnapshotWriter(this).write();
    }

    @Override
    public List<String> checkInvariants() {
        if (invariants == null) {
            invariants = new Invariants(this);
        }
        return invariants.check();
    }
}
