package goroutinelab.engine.runtime;

import goroutinelab.engine.EventKind;
import goroutinelab.engine.Text;

import java.util.ArrayList;
import java.util.List;

/**
 * The scheduler proper (runtime/proc.go): {@code schedule} and
 * {@code findRunnable}, work stealing ({@code stealWork}, {@code runqsteal}),
 * the timers a P runs on its way, and {@code execute}. The run queues are in
 * {@link RunQueues}, the thread bookkeeping that keeps enough Ms awake and no
 * more in {@link Threads}, and the network poller's part in {@link Netpoller}.
 *
 * <p>Simplifications, each also said in the event text where it shows:
 * findRunnable's four steal passes are done in one action (nothing else runs
 * in between in the real runtime either: they take microseconds); when a
 * thief waits out the victim's {@code usleep(3)} and finds the runnext gone,
 * it gives up instead of retrying the grab.
 */
final class Scheduler {
    private final GoRuntime rt;

    Scheduler(GoRuntime rt) {
        this.rt = rt;
    }

    /** schedule → findRunnable on m's P, in the runtime's order; one source of work per action. */
    long schedule(M m) {
        if (!m.acts.isEmpty()) {
            throw new IllegalStateException("schedule: " + m.name() + " still had actions queued: " + m.acts);
        }
        P p = rt.p(m.p);
        p.preempt = false;
        if (rt.sched.gcwaiting) {
            return rt.gc.gcstopm(m);
        }
        P.Timer due = p.dueTimer(rt.now());
        if (due != null) {
            runTimer(m, p, p, due);
            rt.then(m, Act.SCHEDULE);
            return Costs.RUNTIME_NS;
        }
        int worker = rt.gc.findRunnableGCWorker(m, p);
        if (worker != 0) {
            return found(m, worker, false);
        }
        if (p.schedtick % 61 == 0 && !rt.sched.runq.isEmpty()) {
            int g = rt.runqs.globrunqget(p, 1);
            rt.emit(EventKind.GLOBRUNQGET, g, m.id, p.id, new Text(
                    "P{0} schedtick {1} is a multiple of 61: the fairness check takes G{2} from the global queue first",
                    "P{0} 的 schedtick 为 {1}，是 61 的倍数：公平性检查先从全局队列取 G{2}",
                    p.id, p.schedtick, g), "from", "global");
            return found(m, g, false);
        }
        if (!p.runqEmpty()) {
            boolean inherit = p.runnext != 0;
            int g = rt.runqs.runqget(p);
            rt.emit(EventKind.RUNQGET, g, m.id, p.id, inherit
                    ? new Text("P{0} takes G{1} from runnext: it will inherit the current time slice",
                    "P{0} 从 runnext 取出 G{1}：它继承当前时间片", p.id, g)
                    : new Text("P{0} takes G{1} from the head of its local run queue",
                    "P{0} 从本地运行队列头部取出 G{1}", p.id, g), "from", inherit ? "runnext" : "runq");
            return found(m, g, inherit);
        }
        if (!rt.sched.runq.isEmpty()) {
            int before = rt.sched.runq.size();
            int g = rt.runqs.globrunqget(p, 0);
            int moved = before - rt.sched.runq.size() - 1;
            rt.emit(EventKind.GLOBRUNQGET, g, m.id, p.id, moved == 0
                    ? new Text("P{0}'s queues are empty: it takes G{1} from the global queue",
                    "P{0} 的队列为空：从全局队列取 G{1}", p.id, g)
                    : new Text("P{0}'s queues are empty: it takes G{1} from the global queue, and {2} more into its local queue",
                    "P{0} 的队列为空：从全局队列取 G{1}，另取 {2} 个放入本地队列", p.id, g, moved),
                    "from", "global", "batch", moved + 1);
            return found(m, g, false);
        }
        if (rt.netpoll.inited && rt.netpoll.anyWaiters() && rt.netpoll.blockedM < 0 && !rt.netpoll.ready.isEmpty()) {
            return rt.netpoller.pollReady(m, p);
        }
        if (m.spinning || 2 * rt.sched.nmspinning < rt.allp.length - rt.npidle()) {
            boolean was = m.spinning;
            if (!was) {
                m.spinning = true;
                m.state = M.State.spinning;
                rt.sched.nmspinning++;
            }
            rt.emit(EventKind.FIND_RUNNABLE, null, m.id, p.id, was
                    ? new Text("{0} (spinning) finds nothing on P{1} or the global queue: it tries to steal",
                    "{0}（自旋中）在 P{1} 和全局队列都没找到工作：尝试窃取", m.name(), p.id)
                    : new Text("{0} finds nothing on P{1} or the global queue: it starts spinning to steal",
                    "{0} 在 P{1} 和全局队列都没找到工作：开始自旋窃取", m.name(), p.id),
                    "spinning", true);
            rt.then(m, Act.STEAL);
            return Costs.RUNTIME_NS;
        }
        rt.then(m, Act.STOP);
        return 0;
    }

    /** findRunnable found g: a spinning M stops spinning (and may wake another), then execute. */
    long found(M m, int g, boolean inherit) {
        if (m.spinning) {
            rt.then(m, Act.RESETSPINNING, new Act.Execute(g, inherit));
        } else {
            rt.then(m, new Act.Execute(g, inherit));
        }
        return Costs.RUNTIME_NS;
    }

    /** Runs a due timer of {@code owner}; the sleeping G becomes ready on {@code on} (the P running it). */
    private void runTimer(M m, P on, P owner, P.Timer t) {
        owner.timers.remove(t);
        G g = rt.g(t.g());
        if (g.status != GStatus._Gwaiting) {
            throw new IllegalStateException("timer: G" + g.id + " is " + g.status + ", not _Gwaiting");
        }
        rt.runqs.makeRunnable(t.g());
        Text kicked = rt.runqs.runqput(on, t.g(), true);
        rt.emit(EventKind.TIMER, t.g(), m.id, on.id, owner == on
                ? new Text("P{0}'s timer fires: G{1}'s sleep is over, it goes into runnext{2}",
                "P{0} 的定时器到期：G{1} 睡眠结束，放入 runnext{2}", on.id, t.g(), kicked)
                : new Text("while stealing, {0} runs P{3}'s due timer: G{1} wakes into P{2}'s runnext{4}",
                "窃取时 {0} 运行了 P{3} 的到期定时器：G{1} 被唤醒进入 P{2} 的 runnext{4}",
                m.name(), t.g(), on.id, owner.id, kicked), "owner", owner.id);
    }

    /** stealWork: four passes over the other Ps in a random order; the last may take runnext and run timers. */
    long steal(M m) {
        if (rt.sched.gcwaiting) {
            rt.then(m, Act.SCHEDULE);
            return 0;
        }
        P self = rt.p(m.p);
        int n = rt.allp.length;
        for (int pass = 0; pass < 4; pass++) {
            boolean last = pass == 3;
            for (int victimId : randomOrder(n)) {
                P victim = rt.p(victimId);
                if (victim == self) {
                    continue;
                }
                if (last) {
                    P.Timer due = victim.dueTimer(rt.now());
                    if (due != null) {
                        runTimer(m, self, victim, due);
                        rt.then(m, Act.SCHEDULE);
                        return Costs.RUNTIME_NS;
                    }
                }
                if (rt.sched.pidle.contains(victim.id)) {
                    // idlepMask: only Ps on the idle list are skipped; a P that is
                    // _Pidle while being handed to a new M (handoffp) can be robbed
                    continue;
                }
                if (!victim.runq.isEmpty()) {
                    return runqsteal(m, self, victim);
                }
                if (last && victim.runnext != 0) {
                    if (victim.status == PStatus._Prunning) {
                        rt.then(m, new Act.StealRunnext(victim.id, victim.runnext));
                        return Costs.RUNNEXT_STEAL_USLEEP_NS;
                    }
                    return takeRunnext(m, self, victim, false);
                }
            }
        }
        rt.then(m, Act.STOP);
        return Costs.STEAL_PASS_NS;
    }

    /** runqgrab + runqsteal: move half (rounded up) of victim's queue; the last one moved runs. */
    private long runqsteal(M m, P self, P victim) {
        int size = victim.runq.size();
        int take = size - size / 2;
        List<Integer> moved = new ArrayList<>(take);
        for (int i = 0; i < take; i++) {
            moved.add(victim.runq.pollFirst());
        }
        int run = moved.get(moved.size() - 1);
        for (int i = 0; i < moved.size() - 1; i++) {
            self.runq.addLast(moved.get(i));
        }
        rt.emit(EventKind.RUNQSTEAL, run, m.id, self.id, new Text(
                "P{0} stole {1} from P{2} (half of its {3} queued); G{4} runs now",
                "P{0} 从 P{2} 偷走了 {1}（其队列 {3} 个中的一半）；G{4} 立即运行",
                self.id, gList(moved), victim.id, size, run),
                "from", victim.id, "to", self.id, "moved", moved);
        return found(m, run, false);
    }

    /** After usleep(3): CAS the victim's runnext away if it is still there. */
    long stealRunnext(M m, int victimId, int g) {
        P victim = rt.p(victimId);
        if (victim.runnext != g) {
            rt.then(m, Act.STOP);
            return 0;
        }
        return takeRunnext(m, rt.p(m.p), victim, true);
    }

    private long takeRunnext(M m, P self, P victim, boolean slept) {
        int g = victim.runnext;
        victim.runnext = 0;
        rt.emit(EventKind.RUNQSTEAL, g, m.id, self.id, slept
                ? new Text("P{0} stole G{1} from P{2}'s runnext (last steal pass, after usleep(3) gave P{2} its chance)",
                "P{0} 偷走了 P{2} 的 runnext 中的 G{1}（最后一轮窃取，先 usleep(3) 给 P{2} 机会）", self.id, g, victim.id)
                : new Text("P{0} stole G{1} from P{2}'s runnext (last steal pass)",
                "P{0} 偷走了 P{2} 的 runnext 中的 G{1}（最后一轮窃取）", self.id, g, victim.id),
                "from", victim.id, "to", self.id, "moved", List.of(g), "runnext", true);
        return found(m, g, false);
    }

    /** randomOrder.start: a random start and a stride coprime to the number of Ps. */
    private int[] randomOrder(int n) {
        List<Integer> coprimes = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            if (gcd(i, n) == 1) {
                coprimes.add(i);
            }
        }
        int r = rt.rng.nextInt(Integer.MAX_VALUE);
        int pos = r % n;
        int inc = coprimes.get((r / n) % coprimes.size());
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = pos;
            pos = (pos + inc) % n;
        }
        return order;
    }

    private static int gcd(int a, int b) {
        while (b != 0) {
            int t = a % b;
            a = b;
            b = t;
        }
        return a;
    }

    /**
     * findRunnable's end: recheck the global queue, release the P, stop spinning and
     * recheck every P's queue, then block in netpoll until the next timer, or stopm.
     */
    long stop(M m) {
        P p = rt.p(m.p);
        if (rt.sched.gcwaiting) {
            return rt.gc.gcstopm(m);
        }
        int idleWorker = rt.gc.findIdleGCWorker(m, p);
        if (idleWorker != 0) {
            return found(m, idleWorker, false);
        }
        if (!rt.sched.runq.isEmpty()) {
            int g = rt.runqs.globrunqget(p, 0);
            rt.emit(EventKind.GLOBRUNQGET, g, m.id, p.id, new Text(
                    "before giving up P{0}, a last look at the global queue finds G{1}",
                    "放弃 P{0} 之前再看一眼全局队列，找到了 G{1}", p.id, g), "from", "global");
            return found(m, g, false);
        }
        rt.threads.releasep(m);
        rt.threads.pidleput(p);
        boolean wasSpinning = m.spinning;
        if (wasSpinning) {
            m.spinning = false;
            rt.sched.nmspinning--;
            P busy = firstPWithWork();
            if (busy != null && !rt.sched.pidle.isEmpty()) {
                P again = rt.threads.pidleget();
                rt.threads.acquirep(m, again);
                m.spinning = true;
                m.state = M.State.spinning;
                rt.sched.nmspinning++;
                rt.emit(EventKind.FIND_RUNNABLE, null, m.id, again.id, new Text(
                        "{0} gave up P{1}, but rechecking every P finds work on P{2}: it takes P{3} and spins again",
                        "{0} 放弃了 P{1}，但复查所有 P 时发现 P{2} 有工作：它取 P{3} 再次自旋",
                        m.name(), p.id, busy.id, again.id), "spinning", true);
                rt.then(m, Act.STEAL);
                return Costs.RUNTIME_NS;
            }
        }
        long pollUntil = nextTimerWhen();
        if (rt.netpoll.blockedM < 0 && (pollUntil != M.NEVER || (rt.netpoll.inited && rt.netpoll.anyWaiters()))) {
            return rt.netpoller.blockInNetpoll(m, p, pollUntil);
        }
        return rt.threads.stopmNow(m, new Text(
                "{0} found no work: P{1} goes idle and {0} sleeps (stopm)",
                "{0} 没有找到工作：P{1} 变为空闲，{0} 休眠（stopm）", m.name(), p.id), p.id);
    }

    /**
     * execute: g runs on m's P; a G not from runnext starts a new time slice
     * (schedtick++). It clears gp.preempt: a request left set while g was
     * parked (newstack refused it) is lost here.
     */
    long execute(M m, int gid, boolean inheritTime) {
        P p = rt.p(m.p);
        G g = rt.g(gid);
        if (g.status != GStatus._Grunnable) {
            throw new IllegalStateException("execute: G" + gid + " is " + g.status + ", not _Grunnable");
        }
        // a goroutine preempted by gopreempt_m also still has gp.preempt set here, but its request was acted on
        boolean stale = g.preempt && g.parkedWithPreempt;
        g.status = GStatus._Grunning;
        g.m = m.id;
        g.waitreason = null;
        g.waitingOn = null;
        g.preempt = false;
        g.preemptRefused = false;
        g.parkedWithPreempt = false;
        m.curg = gid;
        m.state = M.State.running;
        if (!inheritTime) {
            p.schedtick++;
        }
        Text cleared = stale
                ? new Text("; execute clears G{0}.preempt, a request left from before it parked: that request is lost",
                "；execute 清除了 G{0}.preempt，这是它挂起之前留下的请求：这个请求就此丢失", gid)
                : Text.EMPTY;
        if (g.system) {
            rt.emit(EventKind.EXECUTE, gid, m.id, p.id, new Text("{0} runs {1} G{2} on P{3}{4}{5}",
                    "{0} 在 P{3} 上运行 {1} G{2}{4}{5}", m.name(), g.fn, gid, p.id, rt.gc.workerModeText(gid), cleared),
                    stale ? new Object[]{"inheritTime", inheritTime, "system", true, "clearedPreempt", true}
                            : new Object[]{"inheritTime", inheritTime, "system", true});
            rt.then(m, Act.RUN);
            return Costs.RUNTIME_NS;
        }
        rt.emit(EventKind.EXECUTE, gid, m.id, p.id, inheritTime
                ? new Text("{0} runs G{1} on P{2}, in the time slice it inherited (schedtick stays {3}){4}",
                "{0} 在 P{2} 上运行 G{1}，沿用继承的时间片（schedtick 仍为 {3}）{4}", m.name(), gid, p.id, p.schedtick, cleared)
                : new Text("{0} runs G{1} on P{2} (schedtick {3}){4}",
                "{0} 在 P{2} 上运行 G{1}（schedtick {3}）{4}", m.name(), gid, p.id, p.schedtick, cleared),
                stale ? new Object[]{"inheritTime", inheritTime, "clearedPreempt", true}
                        : new Object[]{"inheritTime", inheritTime});
        rt.then(m, Act.RUN);
        return Costs.RUNTIME_NS;
    }

    /** checkRunqsNoP: a P that is not on the idle list (idlepMask) and has queued work. */
    private P firstPWithWork() {
        for (P p : rt.allp) {
            if (!rt.sched.pidle.contains(p.id) && !p.runqEmpty()) {
                return p;
            }
        }
        return null;
    }

    long nextTimerWhen() {
        long t = M.NEVER;
        for (P p : rt.allp) {
            t = Math.min(t, p.nextTimerWhen());
        }
        return t;
    }

    static String gList(List<Integer> ids) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < ids.size(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            if (i == 6 && ids.size() > 8) {
                sb.append("… (").append(ids.size()).append(" in all)");
                break;
            }
            sb.append('G').append(ids.get(i));
        }
        return sb.toString();
    }
}
