package goroutinelab.engine.runtime;

import goroutinelab.engine.EventKind;
import goroutinelab.engine.Fmt;
import goroutinelab.engine.Text;


/**
 * Sweeping (runtime/mgcsweep.go: bgsweep, sweepone, and the sweep a new cycle
 * finishes first in gcStart): after mark termination every object is swept
 * once; a marked one keeps living (its mark cleared for the next cycle), a
 * white one is freed. A white object some root still reaches was lost (the
 * write barrier was off): sweeping it is the moment the lab says so.
 *
 * <p>Simplified: the bgsweep goroutine sweeps object by object, one per step
 * (the runtime sweeps spans of pages); allocations do not sweep.
 *
 * <p>What is swept is the collector's list of objects not yet freed, as it was
 * at mark termination (the runtime's spans, whose sweepgen says which are
 * swept): the sweeper walks it once, moving each kept object down over the
 * freed ones, so the list never holds a freed object once a sweep is done, and
 * no step walks the objects freed long ago. A freed object's slot in the
 * collector's table may later go to a new object ({@link Collector#reusableSlot}),
 * so an engine that runs for a long time holds a bounded heap.
 */
final class Sweep {
    private final Collector c;
    private final GoRuntime rt;

    Sweep(Collector c) {
        this.c = c;
        this.rt = c.rt;
    }

    /**
     * Mark termination: every object not yet freed is to be swept, in
     * allocation order. Those allocated from now on come after them and are
     * not swept this time (they are white, and unmarked on purpose).
     */
    void begin() {
        if (c.sweepPending()) {
            throw new IllegalStateException("Sweep.begin: the last sweep is not finished");
        }
        c.sweepNext = 0;
        c.sweepKept = 0;
        c.sweepEnd = c.objs.size();
        c.sweepWhite = c.sweepEnd - c.markedCount;
    }

    /** gcStart finishes any sweeping left from the previous cycle before it starts. */
    void finishSweepNow() {
        while (c.sweepPending()) {
            sweepNext(null);
        }
    }

    /** bgsweep: one object per step; white ones are freed. When done it readies runtime.GC's waiters and parks. */
    long sweepStep(M m, G g) {
        while (c.sweepPending()) {
            if (sweepNext(m)) {
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
                c.sweptFreed, new Fmt.Bytes(c.sweptFreedBytes), new Fmt.Bytes(c.heapLive),
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
     * Sweeps the next object: a kept one moves down to the end of the kept
     * ones; once the last is swept, the objects allocated during the sweep
     * move down after them and nothing is pending. Returns whether an event
     * was emitted.
     */
    private boolean sweepNext(M m) {
        Obj o = c.objs.get(c.sweepNext++);
        boolean emitted = sweepOne(o, m);
        if (!o.freed) {
            c.objs.set(c.sweepKept++, o);
        }
        if (c.sweepNext == c.sweepEnd) {
            int size = c.objs.size();
            int to = c.sweepKept;
            for (int i = c.sweepEnd; i < size; i++) {
                c.objs.set(to++, c.objs.get(i));
            }
            c.objs.subList(to, size).clear();
            c.sweepNext = 0;
            c.sweepEnd = 0;
            c.sweepKept = 0;
            c.sweepsDone++;
        }
        return emitted;
    }

    /**
     * Sweeps one object: a marked one is kept (its mark cleared for the next
     * cycle), a white one is freed. Returns whether an event was emitted.
     */
    private boolean sweepOne(Obj o, M m) {
        String id = o.id;
        if (o.freed) {
            throw new IllegalStateException("Sweep.sweepOne: " + id + " is already freed");
        }
        if (o.color != Obj.Color.white) {
            o.color = Obj.Color.white;
            c.markedBytes -= o.size;
            c.markedCount--;
            return false;
        }
        o.freed = true;
        c.heapLive -= o.size;
        c.heapScan -= o.scanBytes();
        c.sweptFreed++;
        c.sweptFreedBytes += o.size;
        o.fields.clear();
        java.util.BitSet reachable = c.reachableAtSweep;
        boolean stillReachable = reachable != null && reachable.get(o.ref);
        if (!stillReachable) {
            c.freedUnreachable(o);
        }
        if (m == null) {
            return false;
        }
        if (stillReachable) {
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
                "清扫：{0}（{1}）是白色的，没有任何引用能到达它：回收", id, new Fmt.Bytes(o.size)), "obj", id, "size", o.size);
        return true;
    }
}
