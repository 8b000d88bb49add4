package goroutinelab.engine.runtime;

import goroutinelab.engine.EventKind;
import goroutinelab.engine.Fmt;
import goroutinelab.engine.IntDeque;
import goroutinelab.engine.Text;

/**
 * The scheduler's side of the network poller (runtime/proc.go: findRunnable's
 * netpoll calls, wakeNetPoller; runtime/netpoll_epoll.go: netpoll): an M with
 * nothing to do blocks in epoll_wait until a socket is ready or the next
 * timer is due; a goroutine whose data has arrived becomes runnable at the
 * next poll (findRunnable's non-blocking one, sysmon's, or the blocked M's).
 *
 * <p>Simplified: a timer added while an M is blocked in netpoll moves that
 * M's deadline directly instead of breaking the poll with netpollBreak; the
 * state is in {@link Netpoll}.
 */
final class Netpoller {
    private final GoRuntime rt;

    Netpoller(GoRuntime rt) {
        this.rt = rt;
    }

    /** findRunnable's non-blocking netpoll(0): the first ready G runs here, the rest go to injectglist. */
    long pollReady(M m, P p) {
        IntDeque list = rt.netpoll.ready;
        rt.netpoll.ready = new IntDeque(4);
        int first = list.pollFirst();
        rt.runqs.makeRunnable(first);
        Text rest = rt.runqs.injectglist(m, p, list);
        boolean wake = rt.runqs.injectWakep;
        rt.emit(EventKind.NETPOLL, first, m.id, p.id, new Text(
                "netpoll(0) on P{0}: G{1}'s data has arrived, it runs next{2}",
                "P{0} 上的 netpoll(0)：G{1} 的数据已到达，接下来运行它{2}", p.id, first, rest), "ready", first);
        long cost = rt.scheduler.found(m, first, false);
        if (wake) {
            rt.then(m, Act.WAKEP);
        }
        return cost;
    }

    long blockInNetpoll(M m, P p, long pollUntil) {
        rt.netpoll.blockedM = m.id;
        rt.netpoll.pollUntil = pollUntil;
        m.inNetpoll = true;
        m.state = M.State.idle;
        long wake = epollWake(pollUntil);
        if (!rt.netpoll.ready.isEmpty()) {
            wake = rt.now() + Costs.THREAD_WAKE_NS;
        }
        m.set(Act.NETPOLL_WAKE, wake);
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
        long delay = until - rt.now();
        if (delay <= 0) {
            return rt.now();
        }
        long waitNs = delay < 1_000_000 ? 1_000_000 : delay / 1_000_000 * 1_000_000;
        return rt.now() + waitNs + Costs.TIMER_SLACK_NS;
    }

    /** The M blocked in netpoll returns: data arrived or the timer deadline passed. */
    long netpollWake(M m) {
        rt.netpoll.blockedM = -1;
        rt.netpoll.pollUntil = M.NEVER;
        rt.sched.lastpoll = rt.now();
        m.inNetpoll = false;
        IntDeque list = rt.netpoll.ready;
        rt.netpoll.ready = new IntDeque(4);
        P p = rt.threads.pidleget();
        if (p == null) {
            Text where = rt.runqs.injectglist(m, null, list);
            return rt.threads.stopmNow(m, new Text("{0} returns from netpoll but no P is idle{1}; {0} sleeps",
                    "{0} 从 netpoll 返回，但没有空闲的 P{1}；{0} 休眠", m.name(), where), null);
        }
        rt.threads.acquirep(m, p);
        m.state = M.State.running;
        if (list.isEmpty()) {
            long due = rt.scheduler.nextTimerWhen();
            rt.emit(EventKind.NETPOLL, null, m.id, p.id, due > rt.now()
                    ? new Text("{0} wakes from netpoll before the timer at {2} (epoll_wait counts whole milliseconds) and takes idle P{1}",
                    "{0} 在定时器（{2}）到期之前从 netpoll 醒来（epoll_wait 以整毫秒计时），取得空闲的 P{1}", m.name(), p.id, Fmt.time(due))
                    : new Text("{0} wakes from netpoll at its deadline and takes idle P{1}",
                    "{0} 在截止时间从 netpoll 醒来，取得空闲的 P{1}", m.name(), p.id), "timeout", true);
            rt.then(m, Act.SCHEDULE);
            return Costs.RUNTIME_NS;
        }
        int first = list.pollFirst();
        rt.runqs.makeRunnable(first);
        Text rest = rt.runqs.injectglist(m, p, list);
        rt.emit(EventKind.NETPOLL, first, m.id, p.id, new Text(
                "{0} wakes from netpoll: G{1}'s data is ready; {0} takes P{2} and runs it{3}",
                "{0} 从 netpoll 醒来：G{1} 的数据就绪；{0} 取得 P{2} 并运行它{3}", m.name(), first, p.id, rest),
                "ready", first);
        if (rt.runqs.injectWakep) {
            rt.then(m, Act.WAKEP, new Act.Execute(first, false));
        } else {
            rt.then(m, new Act.Execute(first, false));
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
            m.wakeAt = Math.min(m.wakeAt, rt.now() + Costs.THREAD_WAKE_NS);
        }
    }

    /**
     * wakeNetPoller, after a timer was added: a blocked poller's deadline moves up
     * (the runtime breaks the poll with netpollBreak and it recomputes); with no
     * poller, wakep so some M will wait for the timer.
     */
    long wakeNetPoller(M m) {
        long when = rt.scheduler.nextTimerWhen();
        if (rt.netpoll.blockedM >= 0) {
            M poller = rt.m(rt.netpoll.blockedM);
            if (when < rt.netpoll.pollUntil) {
                rt.netpoll.pollUntil = when;
                poller.wakeAt = Math.min(poller.wakeAt, epollWake(when));
            }
            return 0;
        }
        return rt.threads.wakep(m);
    }
}
