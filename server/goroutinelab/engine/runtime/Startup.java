package goroutinelab.engine.runtime;

import goroutinelab.engine.EventKind;
import goroutinelab.engine.Fmt;
import goroutinelab.engine.Text;

/**
 * The process's start, from its first instruction to main.main, played step
 * by step when a lesson asks for it ({@code runtime: {startup: true}}); without
 * it a run begins at main.main's first line with all of this done
 * ({@link GoRuntime}'s boot, {@link Sysmon#headStart}, {@link Background#boot}).
 * Models runtime/asm_amd64.s (rt0_go), runtime/proc.go (schedinit,
 * procresize, newproc, mstart, main, doInit) and runtime/mgc.go (gcenable), on
 * Go 1.19 (the order is the same in 1.23).
 *
 * <p>Before there is any goroutine, m0 runs on g0, its scheduling stack:
 * <ol>
 * <li>{@code rt0_go}: the entry point sets up g0's stack and m0's
 * thread-local storage, then calls args, osinit and schedinit.</li>
 * <li>{@code schedinit}: the allocator, the signal mask, the environment;
 * procresize makes GOMAXPROCS Ps (each starts in _Pgcstop), gives P0 to m0
 * and puts the others on the idle list.</li>
 * <li>{@code newproc(runtime.main)}: the main goroutine, G1, runnable in P0's
 * runnext. No thread is woken: mainStarted is still false.</li>
 * <li>{@code mstart}: m0 enters the scheduler; schedule finds G1 in runnext
 * and executes it (the scheduler's own steps, {@link Scheduler}).</li>
 * </ol>
 * Then G1 runs runtime.main:
 * <ol>
 * <li>{@code newm(sysmon)}: sysmon's thread, with no P, begins its rounds.</li>
 * <li>The runtime's own init: {@code go forcegchelper()}, G1001, into
 * runnext.</li>
 * <li>{@code gcenable}: {@code go bgsweep(c)}, {@code go bgscavenge(c)}
 * (G1002, G1003), then two receives on c. main is locked to m0 during init,
 * so each wait hands P0 to another thread (stoplockedm), which runs the three
 * runtime goroutines until each parks; bgsweep and bgscavenge send on c
 * first, and main comes back on m0 (startlockedm). Played as one step that
 * leaves what a real run leaves: the three parked, the other thread (M1)
 * idle, P0's schedtick 4 (GODEBUG=scheddetail=1).</li>
 * <li>{@code doInit}: every package's init, in dependency order; package
 * os's first finalizer starts the finalizer goroutine (G1004, runfinq) into
 * runnext.</li>
 * <li>{@code main_main}: runtime.main unlocks the thread and calls main.main;
 * the lesson's {@code main} runs from here on, exactly as in a run that
 * begins there.</li>
 * </ol>
 *
 * <p>Simplified: the lab's clock starts at rt0_go, not at exec; rt0_go and
 * schedinit take round figures ({@link Costs#RT0_GO_NS},
 * {@link Costs#SCHEDINIT_NS}), runtime.main's three parts the measured ones
 * ({@link Costs#RUNTIME_INIT_NS} and the next two); the lockedm dance inside
 * gcenable is one step; the packages' inits are one step and run no lesson
 * code.
 */
final class Startup {
    /** Where the start is: m0's steps on g0, then runtime.main's on G1. */
    enum Stage {
        RT0_GO, SCHEDINIT, NEWPROC_MAIN, MSTART,
        NEWM_SYSMON, RUNTIME_INIT, NEWPROC_BGSWEEP, NEWPROC_BGSCAVENGE, GCENABLE, DOINIT, MAIN_MAIN,
        DONE
    }

    private final GoRuntime rt;

    Startup(GoRuntime rt) {
        this.rt = rt;
    }

    /** The world before the first instruction: no goroutine, every P not yet handed out, m0 about to run rt0_go. */
    void begin(M m0) {
        rt.sched.pidle.clear();
        for (P p : rt.allp) {
            p.status = PStatus._Pgcstop;
        }
        m0.state = M.State.running;
        rt.startupStage = Stage.RT0_GO;
        rt.sysmonM.sysmonState = "unstarted";
        m0.set(Act.BOOT, 0);
    }

    /** Whether g is the main goroutine still inside runtime.main, before main.main. */
    boolean inRuntimeMain(G g) {
        return g.id == 1 && rt.startupStage.compareTo(Stage.NEWM_SYSMON) >= 0 && rt.startupStage != Stage.DONE;
    }

    /** m0's next step on g0 (rt0_go, schedinit, newproc, mstart). */
    long boot(M m) {
        return switch (rt.startupStage) {
            case RT0_GO -> rt0go(m);
            case SCHEDINIT -> schedinit(m);
            case NEWPROC_MAIN -> newprocMain(m);
            case MSTART -> mstart(m);
            default -> throw new IllegalStateException("Startup.boot: m0 has no start step at " + rt.startupStage);
        };
    }

    /** runtime.main's next step, run by G1. */
    long runtimeMain(M m, G g) {
        return switch (rt.startupStage) {
            case NEWM_SYSMON -> newmSysmon(m, g);
            case RUNTIME_INIT -> runtimeInit(m, g);
            case NEWPROC_BGSWEEP -> newprocRuntime(m, g, Background.BGSWEEP, Stage.NEWPROC_BGSCAVENGE);
            case NEWPROC_BGSCAVENGE -> newprocRuntime(m, g, Background.BGSCAVENGE, Stage.GCENABLE);
            case GCENABLE -> gcenable(m, g);
            case DOINIT -> doInit(m, g);
            case MAIN_MAIN -> mainMain(m, g);
            default -> throw new IllegalStateException("Startup.runtimeMain: G1 has no runtime.main step at " + rt.startupStage);
        };
    }

    // ---- m0 on g0 ----

    private long rt0go(M m) {
        rt.startupStage = Stage.SCHEDINIT;
        rt.emit(EventKind.RT0_GO, null, m.id, null, new Text(
                "the process's first instruction: rt0_go sets up m0's first goroutine g0 (its stack is the thread's) and its thread-local storage, then calls schedinit. No P, no goroutine of the program yet",
                "进程的第一条指令：rt0_go 为 m0 准备好它的第一个 goroutine g0（它的栈就是线程的栈）和线程本地存储，然后调用 schedinit。此时还没有 P，也没有程序的 goroutine"));
        rt.then(m, Act.BOOT);
        return Costs.RT0_GO_NS;
    }

    /** schedinit → procresize: P0 to m0, the others onto the idle list in order. */
    private long schedinit(M m) {
        P p0 = rt.p(0);
        p0.status = PStatus._Prunning;
        p0.m = m.id;
        m.p = 0;
        for (int i = rt.allp.length - 1; i >= 1; i--) {
            rt.p(i).status = PStatus._Pidle;
            rt.sched.pidle.addFirst(i);
        }
        rt.sched.lastpoll = rt.now();
        rt.startupStage = Stage.NEWPROC_MAIN;
        rt.emit(EventKind.SCHEDINIT, null, m.id, 0, new Text(
                "schedinit sets up the allocator, saves the signal mask and reads the environment; procresize makes {0} P(s) (GOMAXPROCS), gives P0 to m0{1}",
                "schedinit 初始化内存分配器，保存信号掩码，读取环境变量；procresize 创建 {0} 个 P（GOMAXPROCS），把 P0 交给 m0{1}",
                rt.allp.length, rt.allp.length > 1 ? new Text(" and puts the others on the idle list", "，其余放入空闲列表") : Text.EMPTY),
                "gomaxprocs", rt.allp.length);
        rt.then(m, Act.BOOT);
        return Costs.SCHEDINIT_NS;
    }

    /** newproc(runtime.main): G1 into P0's runnext; mainStarted is false, so no wakep. */
    private long newprocMain(M m) {
        G main = rt.newG("main", false);
        if (main.id != 1) {
            throw new IllegalStateException("Startup.newprocMain: the main goroutine must be G1, got G" + main.id);
        }
        main.stack.push(new Frame("main", rt.prog.function("main"), 0));
        main.status = GStatus._Grunnable;
        rt.gc.mainLocals(main);
        rt.runqs.runqput(rt.p(0), main.id, true);
        rt.startupStage = Stage.MSTART;
        rt.emit(EventKind.NEWPROC, main.id, m.id, 0, new Text(
                "rt0_go calls newproc(runtime.main): the main goroutine G1 is made, runnable, in P0's runnext. No thread is woken for it (mainStarted is still false)",
                "rt0_go 调用 newproc(runtime.main)：创建主 goroutine G1，可运行，放在 P0 的 runnext。不为它唤醒任何线程（mainStarted 仍为 false）"),
                "fn", "runtime.main");
        rt.then(m, Act.BOOT);
        return Costs.NEWPROC_NS;
    }

    /** mstart → mstart1 → schedule: m0 enters the scheduler loop, which never returns. */
    private long mstart(M m) {
        rt.startupStage = Stage.NEWM_SYSMON;
        rt.emit(EventKind.MSTART, null, m.id, 0, new Text(
                "rt0_go calls mstart: m0 installs its signal handlers and enters schedule(), the loop every M runs and never leaves",
                "rt0_go 调用 mstart：m0 安装信号处理函数，进入 schedule()，每个 M 都运行、永不离开的循环"));
        rt.then(m, Act.SCHEDULE);
        return Costs.RUNTIME_NS;
    }

    // ---- runtime.main on G1 ----

    /** newm(sysmon, nil, -1): sysmon's own thread, with no P; its first usleep(20) starts now. */
    private long newmSysmon(M m, G g) {
        rt.startupStage = Stage.RUNTIME_INIT;
        rt.sysmon.start(rt.sysmonM);
        rt.emit(EventKind.NEWM, g.id, m.id, m.p, new Text(
                "G1 runs runtime.main: it sets mainStarted, so newproc may wake threads from now on, and newm starts sysmon on a thread of its own, with no P. Then it locks itself to m0 for the inits",
                "G1 运行 runtime.main：它设置 mainStarted，此后 newproc 可以唤醒线程；newm 在一个独立的线程上启动 sysmon，不带 P。然后它在初始化期间把自己锁定在 m0 上"),
                "fn", "sysmon");
        rt.then(m, Act.RUN);
        return Costs.RUNTIME_NS;
    }

    /** doInit(runtime_inittask): the runtime's init starts forcegchelper. */
    private long runtimeInit(M m, G g) {
        rt.startupStage = Stage.NEWPROC_BGSWEEP;
        G forcegc = runtimeG(Background.FORCEGC);
        rt.gc.forcegcG = forcegc.id;
        Text kicked = rt.runqs.runqput(rt.p(m.p), forcegc.id, true);
        rt.emit(EventKind.NEWPROC, forcegc.id, m.id, m.p, new Text(
                "runtime.main runs the runtime package's own init: go forcegchelper() makes G{0}, runnable in P{1}'s runnext{2}",
                "runtime.main 运行 runtime 包自己的 init：go forcegchelper() 创建 G{0}，可运行，放在 P{1} 的 runnext{2}",
                forcegc.id, m.p, kicked), "parent", g.id, "fn", Background.FORCEGC);
        rt.then(m, Act.RUN);
        return Costs.RUNTIME_INIT_NS - Costs.RUNTIME_NS;
    }

    /** gcenable's go bgsweep(c) and go bgscavenge(c). */
    private long newprocRuntime(M m, G g, String fn, Stage next) {
        rt.startupStage = next;
        G ng = runtimeG(fn);
        if (fn.equals(Background.BGSWEEP)) {
            rt.gc.bgsweepG = ng.id;
        }
        Text kicked = rt.runqs.runqput(rt.p(m.p), ng.id, true);
        rt.emit(EventKind.NEWPROC, ng.id, m.id, m.p, new Text(
                "gcenable: go {0}(c) makes G{1}, runnable in P{2}'s runnext{3}",
                "gcenable：go {0}(c) 创建 G{1}，可运行，放在 P{2} 的 runnext{3}", fn, ng.id, m.p, kicked),
                "parent", g.id, "fn", fn);
        rt.then(m, Act.RUN);
        return Costs.NEWPROC_NS;
    }

    /**
     * gcenable's two receives on c: each hands P0 to another thread while main
     * waits (locked to m0); that thread runs the three runtime goroutines
     * until each parks, and main comes back. One step, leaving what a real run leaves.
     */
    private long gcenable(M m, G g) {
        rt.startupStage = Stage.DOINIT;
        P p = rt.p(m.p);
        int forcegc = rt.gc.forcegcG;
        int sweep = rt.gc.bgsweepG;
        int scavenge = rt.gs.lastKey();
        if (p.runnext != scavenge || !p.runq.toList().equals(java.util.List.of(forcegc, sweep))) {
            throw new IllegalStateException("Startup.gcenable: P" + p.id + " should hold G" + scavenge + " in runnext and G"
                    + forcegc + ", G" + sweep + " in its queue, has " + p.runnext + " and " + p.runq);
        }
        p.runnext = 0;
        p.runq.clear();
        park(rt.g(forcegc), "force gc (idle)", "gc.forcegc");
        rt.gc.forcegcParked = true;
        park(rt.g(sweep), "GC sweep wait", "gc.bgsweep");
        rt.gc.bgsweepParked = true;
        park(rt.g(scavenge), "GC scavenge wait", "bg.scavenge");
        p.schedtick = 4;
        M other = rt.newM();
        other.state = M.State.idle;
        rt.sched.midle.addFirst(other.id);
        rt.emit(EventKind.GCENABLE, g.id, m.id, m.p, new Text(
                "gcenable waits twice on c. main is locked to m0, so each wait hands P{0} to another thread, {1}, which runs G{2}, G{3} and G{4} until each parks; G{3} and G{4} send on c first, and main comes back on m0. {1} now sleeps on the idle list",
                "gcenable 在 c 上等待两次。main 被锁定在 m0 上，所以每次等待都把 P{0} 交给另一个线程 {1}，由它运行 G{2}、G{3} 和 G{4}，直到它们各自挂起；G{3} 和 G{4} 先向 c 发送，main 回到 m0。{1} 随后在空闲列表上睡眠",
                p.id, other.name(), forcegc, sweep, scavenge), "parked", java.util.List.of(forcegc, sweep, scavenge));
        rt.then(m, Act.RUN);
        return Costs.GCENABLE_NS - 2 * Costs.NEWPROC_NS;
    }

    /** doInit over every package, in dependency order: package os's first finalizer starts runfinq. */
    private long doInit(M m, G g) {
        rt.startupStage = Stage.MAIN_MAIN;
        G finq = runtimeG(Background.RUNFINQ);
        Text kicked = rt.runqs.runqput(rt.p(m.p), finq.id, true);
        rt.emit(EventKind.DOINIT, finq.id, m.id, m.p, new Text(
                "doInit runs every package's init, in dependency order, main's last. Package os sets a finalizer on its files, and the first finalizer starts the finalizer goroutine: go runfinq() makes G{0}, runnable in P{1}'s runnext{2}",
                "doInit 按依赖顺序运行每个包的 init，main 包的最后运行。os 包给它的文件设置终结器，第一个终结器启动终结器 goroutine：go runfinq() 创建 G{0}，可运行，放在 P{1} 的 runnext{2}",
                finq.id, m.p, kicked), "fn", Background.RUNFINQ);
        rt.then(m, Act.RUN);
        return Costs.PACKAGE_INIT_NS;
    }

    /** runtime.main unlocks the thread and calls main.main; newproc's wakep for the finalizer goroutine comes now. */
    private long mainMain(M m, G g) {
        rt.startupStage = Stage.DONE;
        rt.emit(EventKind.MAIN_MAIN, g.id, m.id, m.p, new Text(
                "runtime.main unlocks G1 from m0 and calls main.main, {0} after it started sysmon: the program's own code begins. {1} goroutines exist; runtime.NumGoroutine() would say {2}",
                "runtime.main 解除 G1 与 m0 的锁定，调用 main.main，距它启动 sysmon 已过去 {0}：程序自己的代码开始了。现在有 {1} 个 goroutine；runtime.NumGoroutine() 会返回 {2}",
                Fmt.time(Costs.SYSMON_HEAD_START_NS), rt.liveGoroutines(), rt.numGoroutine()));
        rt.then(m, Act.WAKEP, Act.RUN);
        return Costs.RUNTIME_NS;
    }

    private G runtimeG(String fn) {
        G g = rt.newG(fn, true);
        g.status = GStatus._Grunnable;
        return g;
    }

    private static void park(G g, String reason, String on) {
        g.status = GStatus._Gwaiting;
        g.waitreason = reason;
        g.waitingOn = on;
    }
}
