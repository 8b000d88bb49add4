package goroutinelab.engine.runtime;

import goroutinelab.engine.EventKind;
import goroutinelab.engine.IntDeque;
import goroutinelab.engine.Text;

import java.util.ArrayList;
import java.util.List;

/**
 * The run queues (runtime/proc.go: runqput, runqputslow, runqget,
 * globrunqget, injectglist, ready): a P's runnext slot and its bounded local
 * queue, the global queue, and how a goroutine gets into them (made ready,
 * created, started from outside).
 *
 * <p>runqput puts a readied goroutine in runnext, kicking the old one to the
 * tail, so a goroutine woken by the running one runs next and inherits its
 * time slice; a full local queue spills half of itself and the new one to the
 * global queue (runqputslow). Simplified: the queues are plain deques, not the
 * runtime's lock-free ring of 256 slots with head and tail counters.
 */
final class RunQueues {
    private final GoRuntime rt;

    RunQueues(GoRuntime rt) {
        this.rt = rt;
    }

    /** The last injectglist put goroutines on this P's queue: its caller must wakep before running one. */
    boolean injectWakep;

    /** goready → ready: g becomes runnable in the current P's runnext, then wakep. */
    long goready(M m, int gid) {
        P p = rt.p(m.p);
        makeRunnable(gid);
        Text kicked = runqput(p, gid, true);
        rt.emit(EventKind.GOREADY, gid, m.id, p.id, m.curg != 0
                ? new Text("G{0} is made ready by G{1}: it goes into P{2}'s runnext{3}",
                "G{0} 被 G{1} 唤醒：放入 P{2} 的 runnext{3}", gid, m.curg, p.id, kicked)
                : new Text("G{0} is made ready: it goes into P{1}'s runnext{2}",
                "G{0} 被唤醒：放入 P{1} 的 runnext{2}", gid, p.id, kicked), "to", "runnext");
        rt.then(m, Act.WAKEP);
        return Costs.RUNTIME_NS;
    }

    /** The runqput that follows newproc. */
    long runqputAct(M m, int gid, boolean next) {
        P p = rt.p(m.p);
        int before = rt.sched.runq.size();
        Text kicked = runqput(p, gid, next);
        int spilled = rt.sched.runq.size() - before;
        if (spilled > 0) {
            rt.emit(EventKind.RUNQPUTSLOW, gid, m.id, p.id, new Text(
                    "P{0}'s local queue is full ({1}): runqputslow moves half of it plus one, {2} goroutines, to the global queue",
                    "P{0} 的本地队列已满（{1} 个）：runqputslow 把一半再加一个，共 {2} 个 goroutine 移到全局队列",
                    p.id, p.runqCap, spilled), "moved", spilled);
        } else {
            rt.emit(EventKind.RUNQPUT, gid, m.id, p.id, next
                    ? new Text("G{0} goes into P{1}'s runnext{2}", "G{0} 放入 P{1} 的 runnext{2}", gid, p.id, kicked)
                    : new Text("G{0} goes to the tail of P{1}'s local queue", "G{0} 放到 P{1} 本地队列的尾部", gid, p.id),
                    "to", next ? "runnext" : "runq");
        }
        return Costs.RUNTIME_NS;
    }

    /** A goroutine the learner starts from outside: to the global queue, and wake an M. */
    void startFromOutside(String fn) {
        G g = rt.newG(fn, false);
        g.stack.push(new Frame(fn, rt.prog.function(fn), 0));
        rt.sched.runq.addLast(g.id);
        if (rt.sched.nmspinning == 0 && !rt.sched.pidle.isEmpty() && !rt.sched.gcwaiting) {
            rt.sched.nmspinning++;
            rt.threads.wakeMFor(rt.threads.pidleget(), true);
        }
    }

    void makeRunnable(int gid) {
        G g = rt.g(gid);
        if (g.status != GStatus._Gwaiting && g.status != GStatus._Gpreempted) {
            throw new IllegalStateException("ready: bad g status: G" + gid + " is " + g.status);
        }
        g.status = GStatus._Grunnable;
        g.waitreason = null;
        g.waitingOn = null;
    }

    /**
     * injectglist: with a P, one G per idle P goes to the global queue (and an M is
     * started for each) and the rest to the local queue; with no P, all go global.
     * Returns a phrase for the event text.
     */
    Text injectglist(M m, P p, IntDeque list) {
        injectWakep = false;
        if (list.isEmpty()) {
            return Text.EMPTY;
        }
        List<Integer> ids = new ArrayList<>();
        while (!list.isEmpty()) {
            int g = list.pollFirst();
            makeRunnable(g);
            ids.add(g);
        }
        int idle = rt.npidle();
        int toGlobal = p == null ? ids.size() : Math.min(idle, ids.size());
        for (int i = 0; i < toGlobal; i++) {
            rt.sched.runq.addLast(ids.get(i));
        }
        for (int i = toGlobal; i < ids.size(); i++) {
            runqput(p, ids.get(i), false);
        }
        int started = 0;
        while (started < toGlobal && !rt.sched.pidle.isEmpty()) {
            rt.threads.wakeMFor(rt.threads.pidleget(), false);
            started++;
        }
        injectWakep = p != null && toGlobal < ids.size();
        return started > 0
                ? new Text("; injectglist makes {0} runnable and starts {1} M(s) for idle Ps",
                "；injectglist 使 {0} 变为可运行，并为空闲的 P 启动 {1} 个 M", Scheduler.gList(ids), started)
                : new Text("; injectglist makes {0} runnable", "；injectglist 使 {0} 变为可运行", Scheduler.gList(ids));
    }

    /**
     * runqput: into runnext (kicking the old one to the tail) or the tail; a full
     * queue spills half plus the G to the global queue (runqputslow).
     * Returns a phrase about a kicked or spilled goroutine for event texts.
     */
    Text runqput(P p, int g, boolean next) {
        Text kicked = Text.EMPTY;
        if (next) {
            int old = p.runnext;
            p.runnext = g;
            if (old == 0) {
                return Text.EMPTY;
            }
            g = old;
            kicked = new Text("; G{0} is kicked to the tail of the local queue", "；G{0} 被挤到本地队列尾部", old);
        }
        if (p.runq.size() < p.runqCap) {
            p.runq.addLast(g);
            return kicked;
        }
        int half = p.runq.size() / 2;
        for (int i = 0; i < half; i++) {
            rt.sched.runq.addLast(p.runq.pollFirst());
        }
        rt.sched.runq.addLast(g);
        return new Text("{0}; the local queue was full: half of it and G{1} went to the global queue",
                "{0}；本地队列已满：其中一半和 G{1} 被移到全局队列", kicked, g);
    }

    /** runqget: runnext first, then the head of the local queue. */
    int runqget(P p) {
        if (p.runnext != 0) {
            int g = p.runnext;
            p.runnext = 0;
            return g;
        }
        return p.runq.pollFirst();
    }

    /** globrunqget (Go 1.23): take min(n, n/gomaxprocs+1, max, cap/2); run the first, queue the rest locally. */
    int globrunqget(P p, int max) {
        IntDeque q = rt.sched.runq;
        int n = Math.min(q.size(), q.size() / rt.allp.length + 1);
        if (max > 0) {
            n = Math.min(n, max);
        }
        n = Math.min(n, p.runqCap / 2);
        int first = q.pollFirst();
        for (int i = 1; i < n; i++) {
            runqput(p, q.pollFirst(), false);
        }
        return first;
    }
}
