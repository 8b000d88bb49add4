package goroutinelab.engine.runtime;

import goroutinelab.engine.EventKind;
import goroutinelab.engine.Text;

import java.util.function.BiConsumer;

/**
 * The runtime's own goroutines that every real program has before main.main
 * runs (runtime/proc.go: main, init, forcegchelper; mgc.go: gcenable;
 * mgcsweep.go: bgsweep; mgcscavenge.go: bgscavenge; mfinal.go: createfing,
 * runfinq), when a lesson turns them on ({@code runtime: {backgroundGoroutines:
 * true}}). They are numbered as the lab numbers every runtime goroutine, from
 * 1001, in the order the runtime makes them.
 *
 * <p>What runtime.main does before main.main, on Go 1.19 (and what it leaves):
 * <ol>
 * <li>It starts sysmon, then locks the main goroutine to m0 for init.</li>
 * <li>The runtime's init runs {@code go forcegchelper()}: G1001, which parks
 * at once in "force gc (idle)" until sysmon wakes it (every two minutes
 * without a collection).</li>
 * <li>gcenable runs {@code go bgsweep(c)} and {@code go bgscavenge(c)} (G1002,
 * G1003) and waits twice on c. Each wait parks main; being locked to m0, it
 * hands its P to another thread (stoplockedm), which runs the new goroutines:
 * each sends on c and parks ("GC sweep wait", "GC scavenge wait"), and main
 * comes back through startlockedm, with a new time slice each time. P0's
 * schedtick is 4 when main.main starts (GODEBUG=scheddetail=1: P0
 * schedtick=4), and that other thread now sleeps on the idle M list.</li>
 * <li>Package os's init sets finalizers on its files, and the first
 * SetFinalizer starts the finalizer goroutine (createfing: {@code go
 * runfinq()}, G1004): it is in P0's runnext, not yet run, when main.main
 * starts. When it runs it finds nothing queued and parks ("finalizer
 * wait").</li>
 * </ol>
 * So a Gosched'ed main on one P comes back after 57 of 200 queued workers,
 * not 61, and 300 {@code go} statements leave 171 goroutines in P0's local
 * queue, not 170 (fidelity/go/fairness, bgroutines).
 *
 * <p>Simplified: the start-up is not played step by step (it happens before
 * the lab's time 0); bgscavenge is never woken (the lab does not model
 * returning memory to the OS); runfinq never has a finalizer to run. bgsweep
 * and forcegchelper are the collector's ({@link Collector#bgsweepG},
 * {@link Collector#forcegcG}), which uses these instead of making its own.
 */
final class Background {
    static final String FORCEGC = "forcegchelper";
    static final String BGSWEEP = "bgsweep";
    static final String BGSCAVENGE = "bgscavenge";
    static final String RUNFINQ = "runfinq";

    private final GoRuntime rt;

    Background(GoRuntime rt) {
        this.rt = rt;
    }

    /** The state runtime.main and package init leave at main.main's first line. */
    void boot(M m0, P p0) {
        G forcegc = parked(FORCEGC, "force gc (idle)", "gc.forcegc");
        rt.gc.forcegcG = forcegc.id;
        rt.gc.forcegcParked = true;
        G sweep = parked(BGSWEEP, "GC sweep wait", "gc.bgsweep");
        rt.gc.bgsweepG = sweep.id;
        rt.gc.bgsweepParked = true;
        parked(BGSCAVENGE, "GC scavenge wait", "bg.scavenge");
        G finq = rt.newG(RUNFINQ, true);
        finq.status = GStatus._Grunnable;
        p0.runnext = finq.id;
        // main was executed anew twice in gcenable, forcegchelper and bgsweep once each
        p0.schedtick = 4;
        // the thread that ran them while main was locked to m0 sleeps on the idle list
        M other = rt.newM();
        other.state = M.State.idle;
        rt.sched.midle.addFirst(other.id);
        // newproc's wakep for the finalizer goroutine, if a P is idle
        rt.then(m0, Act.WAKEP);
    }

    private G parked(String fn, String reason, String on) {
        G g = rt.newG(fn, true);
        g.status = GStatus._Gwaiting;
        g.waitreason = reason;
        g.waitingOn = on;
        return g;
    }

    /** Whether g is a background goroutine with runtime code of its own to run (the finalizer goroutine). */
    boolean runsSystemG(G g) {
        return g.fn.equals(RUNFINQ);
    }

    /** runfinq: finq is empty, so it parks (fingwait) until a finalizer is queued, which in the lab never happens. */
    long runSystemG(M m, G g) {
        rt.interp.gopark(m, g, "finalizer wait", "bg.finalizer", new Text(
                "the finalizer goroutine G{0} (runfinq) finds no finalizer queued: it parks (finalizer wait) until a collection finds an object with a finalizer",
                "终结器 goroutine G{0}（runfinq）发现没有排队的终结器：挂起（finalizer wait），直到某次回收找到带终结器的对象", g.id));
        rt.then(m, Act.SCHEDULE);
        return Costs.RUNTIME_NS;
    }

    /** forcegchelper loops for ever: when its gcStart is done it parks again instead of exiting. */
    boolean parksWhenDone(G g) {
        return g.id == rt.gc.forcegcG && g.fn.equals(FORCEGC) && rt.cfg.backgroundGoroutines();
    }

    long parkAgain(M m, G g) {
        g.progress = 0;
        rt.gc.forcegcParked = true;
        rt.interp.gopark(m, g, "force gc (idle)", "gc.forcegc", new Text(
                "forcegchelper G{0} has started its collection: it parks again (force gc (idle)) until sysmon next finds two minutes without one",
                "forcegchelper G{0} 已经启动了这一轮回收：再次挂起（force gc (idle)），直到 sysmon 再次发现 2 分钟没有回收",
                g.id), EventKind.GOPARK);
        rt.then(m, Act.SCHEDULE);
        return Costs.RUNTIME_NS;
    }

    /** Where a parked background goroutine is (forcegchelper and bgsweep are the collector's to place). */
    void collectPlaces(BiConsumer<Integer, String> place) {
        for (G g : rt.gs.values()) {
            if (g.system && g.status == GStatus._Gwaiting && (g.fn.equals(BGSCAVENGE) || g.fn.equals(RUNFINQ))) {
                place.accept(g.id, g.fn.equals(BGSCAVENGE) ? "bg.scavenge" : "bg.finalizer");
            }
        }
    }
}
