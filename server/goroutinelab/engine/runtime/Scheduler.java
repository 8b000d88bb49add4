package goroutinelab.engine.runtime;

import goroutinelab.engine.EventKind;
import goroutinelab.engine.Fmt;
import goroutinelab.engine.IntDeque;
import goroutinelab.engine.Text;

import java.util.ArrayList;
import java.util.List;

/**
 * The scheduler proper (runtime/proc.go): {@code schedule} and
 * {@code findRunnable}, the run queues ({@code runqput}, {@code runqget},
 * {@code globrunqget}, {@code runqsteal}), and the thread bookkeeping that
 * keeps enough Ms awake and no more ({@code wakep}, {@code startm},
 * {@code stopm}, {@code handoffp}, {@code injectglist}).
 *
 * <p>Simplifications, each also said in the event text where it shows:
 * findRunnable's four steal passes are done in one action (nothing else runs
 * in between in the real runtime either: they take microseconds); when a
 * thief waits out the victim's {@code usleep(3)} and finds the runnext gone,
 * it gives up instead of retrying the grab; a timer added while another M is
 * blocked in netpoll moves that M's deadline directly instead of breaking the
 * poll with {@code netpollBreak}.
 */
public final class Scheduler {
    private final GoRuntime rt;
    /** The last injectglist put goroutines on this P's queue: its caller must wakep before running one. */
    private boolean injectWakep;

    Scheduler(GoRuntime rt) {
        this.rt = rt;
    }

    // ---- schedule / findRunnable ----

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
        P.Timer due = p.dueTimer(rt.now);
        if (due != null) {
            runTimer(m, p, p, due);
            rt.then(m, Act.of(Act.Do.SCHEDULE));
            return Costs.RUNTIME_NS;
        }
        int worker = rt.gc.findRunnableGCWorker(m, p);
        if (worker != 0) {
            return found(m, worker, false);
        }
        if (p.schedtick % 61 == 0 && !rt.sched.runq.isEmpty()) {
            int g = globrunqget(p, 1);
            rt.emit(EventKind.GLOBRUNQGET, g, m.id, p.id, new Text(
                    "P{0} schedtick {1} is a multiple of 61: the fairness check takes G{2} from the global queue first",
                    "P{0} 的 schedtick 为 {1}，是 61 的倍数：公平性检查先从全局队列取 G{2}",
                    p.id, p.schedtick, g), "from", "global");
            return found(m, g, false);
        }
        if (!p.runqEmpty()) {
            boolean inherit = p.runnext != 0;
            int g = runqget(p);
            rt.emit(EventKind.RUNQGET, g, m.id, p.id, inherit
                    ? new Text("P{0} takes G{1} from runnext: it will inherit the current time slice",
                    "P{0} 从 runnext 取出 G{1}：它继承当前时间片", p.id, g)
                    : new Text("P{0} takes G{1} from the head of its local run queue",
                    "P{0} 从本地运行队列头部取出 G{1}", p.id, g), "from", inherit ? "runnext" : "runq");
            return found(m, g, inherit);
        }
        if (!rt.sched.runq.isEmpty()) {
            int before = rt.sched.runq.size();
            int g = globrunqget(p, 0);
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
            return pollReady(m, p);
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
            rt.then(m, Act.of(Act.Do.STEAL));
            return Costs.RUNTIME_NS;
        }
        rt.then(m, Act.of(Act.Do.STOP));
        return 0;
    }

    /** findRunnable found g: a spinning M stops spinning (and may wake another), then execute. */
    private long found(M m, int g, boolean inherit) {
        if (m.spinning) {
            rt.then(m, Act.of(Act.Do.RESETSPINNING), new Act(Act.Do.EXECUTE, g, inherit ? 1 : 0));
        } else {
            rt.then(m, new Act(Act.Do.EXECUTE, g, inherit ? 1 : 0));
        }
        return Costs.RUNTIME_NS;
    }

    /** findRunnable's non-blocking netpoll(0): the first ready G runs here, the rest go to injectglist. */
    private long pollReady(M m, P p) {
        IntDeque list = rt.netpoll.ready;
        rt.netpoll.ready = new IntDeque(4);
        int first = list.pollFirst();
        makeRunnable(first);
        Text rest = injectglist(m, p, list);
        boolean wake = injectWakep;
        rt.emit(EventKind.NETPOLL, first, m.id, p.id, new Text(
                "netpoll(0) on P{0}: G{1}'s data has arrived, it runs next{2}",
                "P{0} 上的 netpoll(0)：G{1} 的数据已到达，接下来运行它{2}", p.id, first, rest), "ready", first);
        long cost = found(m, first, false);
        if (wake) {
            rt.then(m, Act.of(Act.Do.WAKEP));
        }
        return cost;
    }

    /** Runs a due timer of {@code owner}; the sleeping G becomes ready on {@code on} (the P running it). */
    private void runTimer(M m, P on, P owner, P.Timer t) {
        owner.timers.remove(t);
        G g = rt.g(t.g());
        if (g.status != GStatus._Gwaiting) {
            throw new IllegalStateException("timer: G" + g.id + " is " + g.status + ", not _Gwaiting");
        }
        makeRunnable(t.g());
        Text kicked = runqput(on, t.g(), true);
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
            rt.then(m, Act.of(Act.Do.SCHEDULE));
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
                    P.Timer due = victim.dueTimer(rt.now);
                    if (due != null) {
                        runTimer(m, self, victim, due);
                        rt.then(m, Act.of(Act.Do.SCHEDULE));
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
                        rt.then(m, new Act(Act.Do.STEAL_RUNNEXT, victim.id, victim.runnext));
                        return Costs.RUNNEXT_STEAL_USLEEP_NS;
                    }
                    return takeRunnext(m, self, victim, false);
                }
            }
        }
        rt.then(m, Act.of(Act.Do.STOP));
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
            rt.then(m, Act.of(Act.Do.STOP));
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
            int g = globrunqget(p, 0);
            rt.emit(EventKind.GLOBRUNQGET, g, m.id, p.id, new Text(
                    "before giving up P{0}, a last look at the global queue finds G{1}",
                    "放弃 P{0} 之前再看一眼全局队列，找到了 G{1}", p.id, g), "from", "global");
            return found(m, g, false);
        }
        releasep(m);
        pidleput(p);
        boolean wasSpinning = m.spinning;
        if (wasSpinning) {
            m.spinning = false;
            rt.sched.nmspinning--;
            P busy = firstPWithWork();
            if (busy != null && !rt.sched.pidle.isEmpty()) {
                P again = pidleget();
                acquirep(m, again);
                m.spinning = true;
                m.state = M.State.spinning;
                rt.sched.nmspinning++;
                rt.emit(EventKind.FIND_RUNNABLE, null, m.id, again.id, new Text(
                        "{0} gave up P{1}, but rechecking every P finds work on P{2}: it takes P{3} and spins again",
                        "{0} 放弃了 P{1}，但复查所有 P 时发现 P{2} 有工作：它取 P{3} 再次自旋",
                        m.name(), p.id, busy.id, again.id), "spinning", true);
                rt.then(m, Act.of(Act.Do.STEAL));
                return Costs.RUNTIME_NS;
            }
        }
        long pollUntil = nextTimerWhen();
        if (rt.netpoll.blockedM < 0 && (pollUntil != M.NEVER || (rt.netpoll.inited && rt.netpoll.anyWaiters()))) {
            return blockInNetpoll(m, p, pollUntil);
        }
        return stopmNow(m, new Text(
                "{0} found no work: P{1} goes idle and {0} sleeps (stopm)",
                "{0} 没有找到工作：P{1} 变为空闲，{0} 休眠（stopm）", m.name(), p.id), p.id);
    }

    private long blockInNetpoll(M m, P p, long pollUntil) {
        rt.netpoll.blockedM = m.id;
        rt.netpoll.pollUntil = pollUntil;
        m.inNetpoll = true;
        m.state = M.State.idle;
        long wake = epollWake(pollUntil);
        if (!rt.netpoll.ready.isEmpty()) {
            wake = rt.now + Costs.THREAD_WAKE_NS;
        }
        m.set(Act.of(Act.Do.NETPOLL_WAKE), wake);
        rt.emit(EventKind.NETPOLL, null, m.id, p.id, pollUntil == M.NEVER
                ? new Text("{0} found no work: P{1} goes idle and {0} blocks in netpoll until a socket is ready",
                "{0} 没有找到工作：P{1} 变为空闲，{0} 阻塞在 netpoll 上等待套接字就绪", m.name(), p.id)
                : new Text("{0} found no work: P{1} goes idle and {0} blocks in netpoll until {2} (the next timer)",
                "{0} 没有找到工作：P{1} 变为空闲，{0} 阻塞在 netpoll 上直到 {2}（下一个定时器）",
                m.name(), p.id, Fmt.time(pollUntil)), "block", true, "until", pollUntil == M.NEVER ? null : pollUntil);
        return GoRuntime.KEEP;
    }

    /**
     * When epoll_wait returns for a deadline: its timeout counts whole
     * milliseconds (netpoll_epoll.go: less than 1ms waits 1ms, more is rounded
     * down, so the M may wake before the timer and block again), plus the
     * kernel's timer slack.
     */
    long epollWake(long until) {
        if (until == M.NEVER) {
            return M.NEVER;
        }
        long delay = until - rt.now;
        if (delay <= 0) {
            return rt.now;
        }
        long waitNs = delay < 1_000_000 ? 1_000_000 : delay / 1_000_000 * 1_000_000;
        return rt.now + waitNs + Costs.TIMER_SLACK_NS;
    }

    /** The M blocked in netpoll returns: data arrived or the timer deadline passed. */
    long netpollWake(M m) {
        rt.netpoll.blockedM = -1;
        rt.netpoll.pollUntil = M.NEVER;
        rt.sched.lastpoll = rt.now;
        m.inNetpoll = false;
        IntDeque list = rt.netpoll.ready;
        rt.netpoll.ready = new IntDeque(4);
        P p = pidleget();
        if (p == null) {
            Text where = injectglist(m, null, list);
            return stopmNow(m, new Text("{0} returns from netpoll but no P is idle{1}; {0} sleeps",
                    "{0} 从 netpoll 返回，但没有空闲的 P{1}；{0} 休眠", m.name(), where), null);
        }
        acquirep(m, p);
        m.state = M.State.running;
        if (list.isEmpty()) {
            long due = nextTimerWhen();
            rt.emit(EventKind.NETPOLL, null, m.id, p.id, due > rt.now
                    ? new Text("{0} wakes from netpoll before the timer at {2} (epoll_wait counts whole milliseconds) and takes idle P{1}",
                    "{0} 在定时器（{2}）到期之前从 netpoll 醒来（epoll_wait 以整毫秒计时），取得空闲的 P{1}", m.name(), p.id, Fmt.time(due))
                    : new Text("{0} wakes from netpoll at its deadline and takes idle P{1}",
                    "{0} 在截止时间从 netpoll 醒来，取得空闲的 P{1}", m.name(), p.id), "timeout", true);
            rt.then(m, Act.of(Act.Do.SCHEDULE));
            return Costs.RUNTIME_NS;
        }
        int first = list.pollFirst();
        makeRunnable(first);
        Text rest = injectglist(m, p, list);
        rt.emit(EventKind.NETPOLL, first, m.id, p.id, new Text(
                "{0} wakes from netpoll: G{1}'s data is ready; {0} takes P{2} and runs it{3}",
                "{0} 从 netpoll 醒来：G{1} 的数据就绪；{0} 取得 P{2} 并运行它{3}", m.name(), first, p.id, rest),
                "ready", first);
        if (injectWakep) {
            rt.then(m, Act.of(Act.Do.WAKEP), new Act(Act.Do.EXECUTE, first, 0));
        } else {
            rt.then(m, new Act(Act.Do.EXECUTE, first, 0));
        }
        return Costs.RUNTIME_NS;
    }

    /** The kernel has data for g's socket: it is ready for the next netpoll; a blocked poller wakes. */
    void netReady(int g) {
        if (rt.netpoll.waiting.remove(g) == null) {
            return;
        }
        rt.netpoll.ready.addLast(g);
        if (rt.netpoll.blockedM >= 0) {
            M m = rt.m(rt.netpoll.blockedM);
            m.wakeAt = Math.min(m.wakeAt, rt.now + Costs.THREAD_WAKE_NS);
        }
    }

    // ---- execute, wakeups ----

    /** execute: g runs on m's P; a G not from runnext starts a new time slice (schedtick++). */
    long execute(M m, int gid, boolean inheritTime) {
        P p = rt.p(m.p);
        G g = rt.g(gid);
        if (g.status != GStatus._Grunnable) {
            throw new IllegalStateException("execute: G" + gid + " is " + g.status + ", not _Grunnable");
        }
        g.status = GStatus._Grunning;
        g.m = m.id;
        g.waitreason = null;
        g.waitingOn = null;
        g.preempt = false;
        m.curg = gid;
        m.state = M.State.running;
        if (!inheritTime) {
            p.schedtick++;
        }
        if (g.system) {
            rt.emit(EventKind.EXECUTE, gid, m.id, p.id, new Text("{0} runs {1} G{2} on P{3}{4}",
                    "{0} 在 P{3} 上运行 {1} G{2}{4}", m.name(), g.fn, gid, p.id, rt.gc.workerModeText(gid)),
                    "inheritTime", inheritTime, "system", true);
            rt.then(m, Act.of(Act.Do.RUN));
            return Costs.RUNTIME_NS;
        }
        rt.emit(EventKind.EXECUTE, gid, m.id, p.id, inheritTime
                ? new Text("{0} runs G{1} on P{2}, in the time slice it inherited (schedtick stays {3})",
                "{0} 在 P{2} 上运行 G{1}，沿用继承的时间片（schedtick 仍为 {3}）", m.name(), gid, p.id, p.schedtick)
                : new Text("{0} runs G{1} on P{2} (schedtick {3})",
                "{0} 在 P{2} 上运行 G{1}（schedtick {3}）", m.name(), gid, p.id, p.schedtick),
                "inheritTime", inheritTime);
        rt.then(m, Act.of(Act.Do.RUN));
        return Costs.RUNTIME_NS;
    }

    /** resetspinning: the M found work and stops spinning; it wakes another spinner if there is an idle P. */
    long resetspinning(M m) {
        if (m.spinning) {
            m.spinning = false;
            m.state = M.State.running;
            rt.sched.nmspinning--;
        }
        rt.then(m, Act.of(Act.Do.WAKEP));
        return 0;
    }

    /** wakep: with an idle P and no spinning M, start an M spinning on that P. */
    public long wakep(M m) {
        if (rt.sched.nmspinning != 0 || rt.sched.pidle.isEmpty() || rt.exited) {
            return 0;
        }
        rt.sched.nmspinning++;
        P p = pidleget();
        rt.emit(EventKind.WAKEP, null, m.id, p.id, new Text(
                "wakep: P{0} is idle and no M is spinning, so an M is started to spin on P{0}",
                "wakep：P{0} 空闲且没有自旋的 M，于是启动一个 M 在 P{0} 上自旋", p.id), "idleP", p.id);
        rt.then(m, new Act(Act.Do.STARTM, p.id, 1));
        return Costs.RUNTIME_NS;
    }

    /**
     * wakeNetPoller, after a timer was added: a blocked poller's deadline moves up
     * (the runtime breaks the poll with netpollBreak and it recomputes); with no
     * poller, wakep so some M will wait for the timer.
     */
    long wakeNetPoller(M m) {
        long when = nextTimerWhen();
        if (rt.netpoll.blockedM >= 0) {
            M poller = rt.m(rt.netpoll.blockedM);
            if (when < rt.netpoll.pollUntil) {
                rt.netpoll.pollUntil = when;
                poller.wakeAt = Math.min(poller.wakeAt, epollWake(when));
            }
            return 0;
        }
        return wakep(m);
    }

    /** startm: hand P to an idle M (or a new one) and wake it. */
    long startm(M m, int pid, boolean spinning) {
        P p = rt.p(pid);
        boolean created = rt.sched.midle.isEmpty();
        M nmp = created ? rt.newM() : rt.m(rt.sched.midle.pollFirst());
        nmp.spinning = spinning;
        nmp.nextp = p.id;
        nmp.set(Act.of(Act.Do.M_START), rt.now + (created ? Costs.NEW_THREAD_NS : Costs.THREAD_WAKE_NS));
        if (created) {
            rt.emit(EventKind.NEWM, null, nmp.id, p.id, new Text(
                    "no idle M: {0} creates a new thread {1} for P{2}{3}",
                    "没有空闲的 M：{0} 新建线程 {1} 来运行 P{2}{3}", m.name(), nmp.name(), p.id,
                    spinningPhrase(spinning)), "by", m.id, "spinning", spinning);
        } else {
            rt.emit(EventKind.STARTM, null, nmp.id, p.id, new Text(
                    "{0} wakes idle {1} and hands it P{2}{3}",
                    "{0} 唤醒空闲的 {1} 并把 P{2} 交给它{3}", m.name(), nmp.name(), p.id,
                    spinningPhrase(spinning)), "by", m.id, "spinning", spinning);
        }
        return Costs.RUNTIME_NS;
    }

    /** A started M is running: it acquires the P it was handed and schedules. */
    long mstart(M m) {
        P p = rt.p(m.nextp);
        m.nextp = -1;
        acquirep(m, p);
        m.state = m.spinning ? M.State.spinning : M.State.running;
        rt.then(m, Act.of(Act.Do.SCHEDULE));
        return 0;
    }

    /** stopm, for an M that has already given up its P. */
    long stopm(M m) {
        return stopmNow(m, new Text("{0} has no P: it parks on the idle M list (stopm)",
                "{0} 没有 P：停放到空闲 M 列表（stopm）", m.name()), null);
    }

    /** stopm with the event's text: the M parks on the idle list (it must have no P). */
    public long stopmNow(M m, Text text, Integer pid) {
        m.state = M.State.idle;
        m.spinning = false;
        m.curg = 0;
        m.park();
        rt.sched.midle.addFirst(m.id);
        rt.emit(EventKind.STOPM, null, m.id, pid, text);
        rt.sched.checkdeadPending = true;
        return GoRuntime.KEEP;
    }

    /**
     * checkdead: with no M running and no timer pending, nothing can ever wake
     * a goroutine again: "all goroutines are asleep - deadlock!".
     */
    public void checkdead() {
        if (rt.exited) {
            return;
        }
        for (M m : rt.allm) {
            if (!rt.sched.midle.contains(m.id)) {
                return;
            }
        }
        for (P p : rt.allp) {
            if (!p.timers.isEmpty()) {
                return;
            }
        }
        if (!rt.externals.isEmpty()) {
            return;
        }
        rt.exit("fatal error: all goroutines are asleep - deadlock!", 2);
        rt.emit(EventKind.THROW, null, null, null, new Text(
                "fatal error: all goroutines are asleep - deadlock! No M runs, no timer is pending: nothing can wake anyone",
                "fatal error: all goroutines are asleep - deadlock!（没有 M 在运行，也没有待触发的定时器：没有谁能再被唤醒）"));
    }

    /**
     * handoffp: a P left by a syscall (or a stopping M). Start an M if there is
     * work or nobody else would look for it; otherwise the P goes idle.
     */
    long handoffp(M by, int pid) {
        P p = rt.p(pid);
        if (rt.sched.gcwaiting) {
            return rt.gc.handoffToGcstop(by, p);
        }
        if (!p.runqEmpty() || !rt.sched.runq.isEmpty()) {
            return handoffStart(by, p, false, new Text("handoffp: P{0} has work queued, so an M is started for it",
                    "handoffp：P{0} 有排队的工作，于是为它启动一个 M", p.id));
        }
        if (rt.gc.markWorkAvailable()) {
            return handoffStart(by, p, false, new Text("handoffp: there is GC mark work, so an M is started for P{0}",
                    "handoffp：有 GC 标记工作，于是为 P{0} 启动一个 M", p.id));
        }
        if (rt.sched.nmspinning + rt.npidle() == 0) {
            rt.sched.nmspinning++;
            return handoffStart(by, p, true, new Text(
                    "handoffp: no M is spinning and no P is idle, so a spinning M is started on P{0} to look for work",
                    "handoffp：没有自旋的 M 也没有空闲的 P，于是在 P{0} 上启动一个自旋的 M 去找工作", p.id));
        }
        if (rt.npidle() == rt.allp.length - 1 && rt.netpoll.blockedM < 0) {
            return handoffStart(by, p, false, new Text(
                    "handoffp: P{0} is the last P and nobody is polling the network, so an M is started for it",
                    "handoffp：P{0} 是最后一个 P 且没有线程在轮询网络，于是为它启动一个 M", p.id));
        }
        pidleput(p);
        rt.emit(EventKind.HANDOFFP, null, by.id, p.id, new Text(
                "handoffp: P{0} has nothing to do and goes idle", "handoffp：P{0} 无事可做，变为空闲", p.id));
        if (!p.timers.isEmpty()) {
            rt.then(by, Act.of(Act.Do.WAKE_NETPOLLER));
        }
        return Costs.RUNTIME_NS;
    }

    private long handoffStart(M by, P p, boolean spinning, Text text) {
        rt.emit(EventKind.HANDOFFP, null, by.id, p.id, text, "startm", true);
        rt.then(by, new Act(Act.Do.STARTM, p.id, spinning ? 1 : 0));
        return Costs.RUNTIME_NS;
    }

    // ---- making goroutines runnable ----

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
        rt.then(m, Act.of(Act.Do.WAKEP));
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
        g.frames.add(new Frame(fn, rt.prog.function(fn), 0));
        rt.sched.runq.addLast(g.id);
        if (rt.sched.nmspinning == 0 && !rt.sched.pidle.isEmpty() && !rt.sched.gcwaiting) {
            rt.sched.nmspinning++;
            wakeMFor(pidleget(), true);
        }
    }

    /**
     * startm without an event, for the runtime's bulk wakeups (injectglist,
     * startTheWorld): an idle M, or a new one, is handed P and woken.
     */
    public M wakeMFor(P p, boolean spinning) {
        boolean created = rt.sched.midle.isEmpty();
        M nmp = created ? rt.newM() : rt.m(rt.sched.midle.pollFirst());
        nmp.spinning = spinning;
        nmp.nextp = p.id;
        nmp.set(Act.of(Act.Do.M_START), rt.now + (created ? Costs.NEW_THREAD_NS : Costs.THREAD_WAKE_NS));
        return nmp;
    }

    public void makeRunnable(int gid) {
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
    public Text injectglist(M m, P p, IntDeque list) {
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
            wakeMFor(pidleget(), false);
            started++;
        }
        injectWakep = p != null && toGlobal < ids.size();
        return started > 0
                ? new Text("; injectglist makes {0} runnable and starts {1} M(s) for idle Ps",
                "；injectglist 使 {0} 变为可运行，并为空闲的 P 启动 {1} 个 M", gList(ids), started)
                : new Text("; injectglist makes {0} runnable", "；injectglist 使 {0} 变为可运行", gList(ids));
    }

    // ---- the run queues ----

    /**
     * runqput: into runnext (kicking the old one to the tail) or the tail; a full
     * queue spills half plus the G to the global queue (runqputslow).
     * Returns a phrase about a kicked or spilled goroutine for event texts.
     */
    public Text runqput(P p, int g, boolean next) {
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
    public int runqget(P p) {
        if (p.runnext != 0) {
            int g = p.runnext;
            p.runnext = 0;
            return g;
        }
        return p.runq.pollFirst();
    }

    /** globrunqget (Go 1.23): take min(n, n/gomaxprocs+1, max, cap/2); run the first, queue the rest locally. */
    public int globrunqget(P p, int max) {
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

    // ---- Ps ----

    public void acquirep(M m, P p) {
        if (p.status != PStatus._Pidle) {
            throw new IllegalStateException("acquirep: P" + p.id + " is " + p.status + ", not _Pidle");
        }
        p.status = PStatus._Prunning;
        p.m = m.id;
        m.p = p.id;
    }

    public void releasep(M m) {
        P p = rt.p(m.p);
        p.status = PStatus._Pidle;
        p.m = -1;
        m.p = -1;
    }

    public void pidleput(P p) {
        if (!p.runqEmpty()) {
            throw new IllegalStateException("pidleput: P" + p.id + " has a non-empty run queue");
        }
        p.status = PStatus._Pidle;
        p.m = -1;
        rt.sched.pidle.addFirst(p.id);
    }

    public P pidleget() {
        return rt.sched.pidle.isEmpty() ? null : rt.p(rt.sched.pidle.pollFirst());
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

    public long nextTimerWhen() {
        long t = M.NEVER;
        for (P p : rt.allp) {
            t = Math.min(t, p.nextTimerWhen());
        }
        return t;
    }

    private static Text spinningPhrase(boolean spinning) {
        return spinning ? new Text(" (spinning)", "（自旋）") : Text.EMPTY;
    }

    public static String gList(List<Integer> ids) {
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
