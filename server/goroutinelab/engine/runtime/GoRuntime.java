package goroutinelab.engine.runtime;

import goroutinelab.engine.Engine;
import goroutinelab.engine.Event;
import goroutinelab.engine.EventKind;
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
 * clock. Models runtime/proc.go and its neighbours (see the classes named
 * below for each part).
 *
 * <p>How a step works: every M (and sysmon, which is an M without a P) has a
 * queue of pending runtime actions and the time the next is due; interrupts
 * (a signal reaching the thread, a preemption request noticed at a function
 * call) can break in before it. {@link #step()} runs the earliest pending
 * action in the whole world, ties going to outside events, then sysmon, then
 * Ms by id. Actions that are pure bookkeeping emit nothing and do not count
 * as steps; every other action emits exactly one event. Only the seeded
 * {@link Rng} decides anything random, so a run is a function of its program,
 * configuration and injections.
 *
 * <p>The parts: {@link Scheduler} (schedule, findRunnable, stealing, waking Ms),
 * {@link Interp} (what a goroutine's ops do), {@link Syscalls}, {@link Sysmon},
 * {@link Channels}, {@link Preemption}, the collector in the gc package and
 * signal delivery in the signal package.
 */
public final class GoRuntime implements Engine {
    /** Returned by an action that set its M's next wake time itself. */
    public static final long KEEP = -1;
    private static final int SILENT_LIMIT = 10_000_000;

    public final RuntimeConfig cfg;
    public final Program prog;
    public boolean asyncPreemption;
    public boolean writeBarrier;

    public long now;
    private long steps;
    public Rng rng;

    public final TreeMap<Integer, G> gs = new TreeMap<>();
    public final P[] allp;
    public final List<M> allm = new ArrayList<>();
    public M sysmonM;
    public Sched sched = new Sched();
    public Netpoll netpoll = new Netpoll();
    public final LinkedHashMap<String, Chan> chans = new LinkedHashMap<>();
    public final List<External> externals = new ArrayList<>();
    private long externalSeq;
    public long interruptSeq;

    public Collector gc;
    public Signals signals;

    public boolean exited;
    public String exitReason;
    public Integer exitCode;

    public final long[] eventCounts = new long[EventKind.values().length];

    private Event pending;

    // the logic, rebuilt for every copy
    public final Scheduler scheduler;
    public final Interp interp;
    public final Syscalls syscalls;
    public final Sysmon sysmon;
    public final Channels channels;
    public final Preemption preemption;

    /** A world about to run {@code prog}'s main on m0 and P0 at time 0. */
    public GoRuntime(Program prog, RuntimeConfig cfg) {
        this.prog = prog;
        this.cfg = cfg;
        this.asyncPreemption = cfg.asyncPreemption();
        this.writeBarrier = cfg.writeBarrier();
        this.rng = new Rng(cfg.seed());
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
        this.interp = new Interp(this);
        this.syscalls = new Syscalls(this);
        this.sysmon = new Sysmon(this);
        this.channels = new Channels(this);
        this.preemption = new Preemption(this);
        this.gc = new Collector(this);
        this.signals = new Signals(this);
        boot();
    }

    private GoRuntime(GoRuntime o) {
        this.prog = o.prog;
        this.cfg = o.cfg;
        this.asyncPreemption = o.asyncPreemption;
        this.writeBarrier = o.writeBarrier;
        this.now = o.now;
        this.steps = o.steps;
        this.rng = o.rng.copy();
        o.gs.forEach((id, g) -> gs.put(id, g.copy()));
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
        this.externals.addAll(o.externals);
        this.externalSeq = o.externalSeq;
        this.interruptSeq = o.interruptSeq;
        this.exited = o.exited;
        this.exitReason = o.exitReason;
        this.exitCode = o.exitCode;
        System.arraycopy(o.eventCounts, 0, eventCounts, 0, eventCounts.length);

        this.scheduler = new Scheduler(this);
        this.interp = new Interp(this);
        this.syscalls = new Syscalls(this);
        this.sysmon = new Sysmon(this);
        this.channels = new Channels(this);
        this.preemption = new Preemption(this);
        this.gc = o.gc.copyFor(this);
        this.signals = o.signals.copyFor(this);
    }

    /** runtime.main: m0 runs G1 on P0; sysmon starts on its own M; the lesson's heap is set up. */
    private void boot() {
        sched.lastpoll = 0; // schedinit stores nanotime(): the network counts as polled at the start
        M m0 = newM();
        P p0 = allp[0];
        p0.status = PStatus._Prunning;
        p0.m = m0.id;
        m0.p = 0;
        m0.state = M.State.running;
        G main = newG("main", false);
        main.frames.add(new Frame("main", prog.function("main"), 0));
        main.status = GStatus._Grunning;
        main.m = m0.id;
        m0.curg = main.id;
        p0.schedtick = 1;
        m0.set(Act.of(Act.Do.RUN), 0);
        sysmonM = new M(M.SYSMON);
        sysmonM.sysmonDelayNs = Costs.SYSMON_MIN_DELAY_NS;
        sysmonM.set(Act.of(Act.Do.SYSMON_TICK), Costs.SYSMON_MIN_DELAY_NS);
        gc.boot();
        for (Program.TimedInjection ti : prog.injections()) {
            addExternal(ti.atNs(), External.Kind.INJECT, 0, ti.injection());
        }
    }

    @Override
    public GoRuntime copy() {
        return new GoRuntime(this);
    }

    /**
     * Measured on the 1,000-goroutine benchmark lesson: about 330 bytes a
     * goroutine, plus its per-kind event counts (an int for every event kind).
     */
    @Override
    public long approximateBytes() {
        return 8192 + (330L + 16 + 4L * EventKind.values().length) * gs.size();
    }

    // ---- the step loop ----

    @Override
    public Event step(long deadline) {
        for (int silent = 0; ; silent++) {
            if (exited) {
                return null;
            }
            if (silent > SILENT_LIMIT) {
                // a lesson can ask for this (repeat blocks nested around nothing): end the run, saying so, rather than spin
                exit("the lab's limit of " + SILENT_LIMIT + " runtime actions without an event", 2);
                emit(EventKind.THROW, null, null, null, new Text(
                        "the lab stops the run: {0} runtime actions in a row showed nothing at t={1}ns (a repeat of nothing?) (seed={2})",
                        "实验室停止运行：连续 {0} 个运行时动作没有产生任何事件，t={1}ns（是否在重复空的代码块？）（seed={2}）",
                        SILENT_LIMIT, now, cfg.seed()));
            } else if (sched.checkdeadPending) {
                sched.checkdeadPending = false;
                scheduler.checkdead();
            } else if (!advanceOnce(deadline)) {
                now = Math.max(now, deadline);
                return null;
            }
            if (pending != null) {
                Event e = pending;
                pending = null;
                steps++;
                eventCounts[e.kind().ordinal()]++;
                if (e.g() != null) {
                    G eg = gs.get(e.g());
                    if (eg != null) {
                        eg.countEvent(e.kind().ordinal());
                    }
                }
                return e;
            }
        }
    }

    @Override
    public void advanceTo(long t) {
        // replaying a step(t) that found no event: its silent actions up to t run again, at their own times
        Event e = step(t);
        if (e != null) {
            throw new IllegalStateException("GoRuntime.advanceTo: an event (" + e + ") before " + t
                    + " where the recorded run had none (reproduce with seed=" + cfg.seed() + ")");
        }
    }

    /** The next action's time; with nothing scheduled, checkdead's verdict is due now. */
    @Override
    public long nextTime() {
        if (exited) {
            return Long.MAX_VALUE;
        }
        long t = nextActionTime();
        return sched.checkdeadPending || t == M.NEVER ? now : t;
    }

    private long nextActionTime() {
        long best = externals.isEmpty() ? M.NEVER : externals.get(0).at();
        best = Math.min(best, sysmonM.nextTime());
        for (M m : allm) {
            best = Math.min(best, m.nextTime());
        }
        return best;
    }

    /** Runs the earliest pending action if it is due by the deadline; false if none is. */
    private boolean advanceOnce(long deadline) {
        long best = M.NEVER;
        M bestM = null;
        boolean external = false;
        if (!externals.isEmpty()) {
            best = externals.get(0).at();
            external = true;
        }
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
            scheduler.checkdead();
            if (pending == null) {
                throw new IllegalStateException("GoRuntime: nothing can run, but checkdead found no deadlock at t=" + now);
            }
            return true;
        }
        if (best > deadline) {
            return false;
        }
        now = Math.max(now, best);
        if (external) {
            External e = externals.remove(0);
            handleExternal(e);
        } else {
            runM(bestM);
        }
        return true;
    }

    private void runM(M m) {
        long actAt = m.acts.isEmpty() ? M.NEVER : m.wakeAt;
        if (!m.interrupts.isEmpty() && m.interrupts.get(0).at() <= actAt) {
            Interrupt i = m.interrupts.remove(0);
            long delay = handleInterrupt(m, i);
            if (delay > 0 && !m.acts.isEmpty()) {
                m.wakeAt = Math.max(m.wakeAt, now) + delay;
                if (m.opKind != M.OpKind.NONE) {
                    m.opEnd += delay;
                }
            }
            return;
        }
        Act a = m.acts.pollFirst();
        long cost = perform(m, a);
        if (cost >= 0 && !m.acts.isEmpty()) {
            m.wakeAt = now + cost;
        }
    }

    private long perform(M m, Act a) {
        return switch (a.what()) {
            case SCHEDULE -> scheduler.schedule(m);
            case STEAL -> scheduler.steal(m);
            case STEAL_RUNNEXT -> scheduler.stealRunnext(m, a.a(), a.b());
            case STOP -> scheduler.stop(m);
            case EXECUTE -> scheduler.execute(m, a.a(), a.b() == 1);
            case RESETSPINNING -> scheduler.resetspinning(m);
            case WAKEP -> scheduler.wakep(m);
            case WAKE_NETPOLLER -> scheduler.wakeNetPoller(m);
            case STARTM -> scheduler.startm(m, a.a(), a.b() == 1);
            case M_START -> scheduler.mstart(m);
            case NETPOLL_WAKE -> scheduler.netpollWake(m);
            case STOPM -> scheduler.stopm(m);
            case RUNQPUT -> scheduler.runqputAct(m, a.a(), a.b() == 1);
            case GOREADY -> scheduler.goready(m, a.a());
            case HANDOFFP -> scheduler.handoffp(m, a.a());
            case RUN -> interp.run(m);
            case OP_END -> interp.opEnd(m);
            case GOPREEMPT -> interp.gopreempt(m, a.a());
            case SYSCALL_END -> syscalls.exitsyscall(m);
            case SYSMON_TICK -> sysmon.tick(m);
            case SYSMON_BODY -> sysmon.body(m);
            case SYSMON_SLEEP -> sysmon.sleep(m);
            case RETAKE -> sysmon.retakeOne(m, a.a(), a.b());
            case PREEMPTONE -> preemption.preemptone(m, a.a(), a.b());
            case PREEMPTM -> preemption.preemptM(m, a.a());
            case GC_STEP -> gc.perform(m, a);
            case SIG_STEP -> signals.perform(m, a);
        };
    }

    private long handleInterrupt(M m, Interrupt i) {
        return switch (i.kind()) {
            case CALL_CHECK -> preemption.callCheck(m);
            case SIGNAL -> signals.deliver(m, i.signal());
            case SIGSEND -> signals.sigsend(m, i.signal());
        };
    }

    // ---- outside events ----

    /** Something that happens at a time regardless of the threads: I/O completing, a lesson's timed injection. */
    public record External(long at, long seq, Kind kind, int g, Injection injection) {
        public enum Kind { NET_READY, INJECT }
    }

    public void addExternal(long at, External.Kind kind, int g, Injection inj) {
        External e = new External(at, externalSeq++, kind, g, inj);
        int i = 0;
        while (i < externals.size() && (externals.get(i).at() < at
                || (externals.get(i).at() == at && externals.get(i).seq() < e.seq()))) {
            i++;
        }
        externals.add(i, e);
    }

    private void handleExternal(External e) {
        switch (e.kind()) {
            case NET_READY -> scheduler.netReady(e.g());
            case INJECT -> inject(e.injection());
        }
    }

    @Override
    public void inject(Injection injection) {
        if (exited) {
            return;
        }
        if (injection instanceof Injection.Signal s) {
            signals.kernelSend(s.name());
        } else if (injection instanceof Injection.ForceGc) {
            gc.forceFromOutside();
        } else if (injection instanceof Injection.StartGoroutine sg) {
            scheduler.startFromOutside(sg.fn());
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
    public void emit(EventKind kind, Integer g, Integer m, Integer p, Text text, Object... detail) {
        if (pending != null) {
            throw new IllegalStateException("GoRuntime.emit: a second event (" + kind.wire()
                    + ") in one action after " + pending.kind().wire());
        }
        pending = new Event(kind, steps + 1, now, g, m, p, text, detail);
    }

    /** Whether the action being performed has already emitted its event. */
    public boolean emitted() {
        return pending != null;
    }

    /** Puts acts at the front of m's queue, in the order given. */
    public void then(M m, Act... acts) {
        for (int i = acts.length - 1; i >= 0; i--) {
            m.acts.addFirst(acts[i]);
        }
    }

    public G g(int id) {
        G g = gs.get(id);
        if (g == null) {
            throw new IllegalStateException("GoRuntime: no goroutine G" + id);
        }
        return g;
    }

    public P p(int id) {
        return allp[id];
    }

    public M m(int id) {
        return id == M.SYSMON ? sysmonM : allm.get(id);
    }

    public M newM() {
        M m = new M(allm.size());
        allm.add(m);
        return m;
    }

    /** A new goroutine with the next program id (or runtime id, from 1001). */
    public G newG(String fn, boolean system) {
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
        return g;
    }

    public void interrupt(M m, long at, Interrupt.Kind kind, String signal) {
        m.interrupt(new Interrupt(at, interruptSeq++, kind, signal));
    }

    public int npidle() {
        return sched.pidle.size();
    }

    /** A goroutine crashes the program (a panic nobody recovers, a fatal error): the process exits with code. */
    public long crash(M m, G g, EventKind kind, Text text, int code) {
        exit(text.in("en"), code);
        emit(kind, g.id, m.id, m.p < 0 ? null : m.p, text, "exitCode", code);
        m.park();
        return KEEP;
    }

    /** The process ends: main returned, a fatal signal, a panic, or a deadlock. */
    public void exit(String reason, int code) {
        exited = true;
        exitReason = reason;
        exitCode = code;
    }

    // ---- Engine ----

    @Override
    public long steps() {
        return steps;
    }

    @Override
    public long now() {
        return now;
    }

    @Override
    public long eventCount(String kind, Integer g) {
        EventKind k = EventKind.byWire(kind);
        if (k == null) {
            return 0;
        }
        if (g == null) {
            return eventCounts[k.ordinal()];
        }
        G gr = gs.get(g);
        return gr == null ? 0 : gr.eventCount(k.ordinal());
    }

    @Override
    public boolean ended() {
        return exited;
    }

    @Override
    public Map<String, Object> snapshot() {
        return new SnapshotWriter(this).write();
    }

    @Override
    public List<String> checkInvariants() {
        return new Invariants(this).check();
    }
}
