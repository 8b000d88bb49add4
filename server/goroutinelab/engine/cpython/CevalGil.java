package goroutinelab.engine.cpython;

import goroutinelab.engine.EventKind;
import goroutinelab.engine.Fmt;
import goroutinelab.engine.Text;

/**
 * The GIL (Python/ceval_gil.c): take_gil's timed wait and the drop request it
 * raises, drop_gil, and the forced switch.
 *
 * <p>take_gil: a thread that finds the GIL locked waits on the GIL's condition
 * variable for the switch interval. When the wait runs out, the GIL is still
 * locked and its switch number has not moved since the wait began, it sets
 * gil_drop_request and the eval breaker (SET_GIL_DROP_REQUEST), then waits
 * again. Taking the GIL bumps the switch number when the taker is not the last
 * holder and clears a pending drop request.
 *
 * <p>drop_gil: the holder unlocks the GIL and signals the condition variable,
 * which wakes one waiter (here the longest one; in CPython the OS chooses). If
 * it drops because of a request (FORCE_SWITCHING), it also clears the request
 * and waits on switch_cond until another thread has taken the GIL, so it
 * cannot take it straight back; only then does it call take_gil again.
 */
final class CevalGil {
    private final Interpreter py;

    CevalGil(Interpreter py) {
        this.py = py;
    }

    /** take_gil entry: t (holding nothing) wants the GIL. Returns true if it is free and t takes it now. */
    boolean takeGil(PyThread t) {
        Gil g = py.gil;
        if (g.holder == t.id || g.waiting.contains(t.id)) {
            throw new IllegalStateException("take_gil: " + t + " already holds or waits for the GIL");
        }
        t.state = PyThread.State.WAITING_GIL;
        t.cpu = PyThread.Cpu.NONE;
        t.waitingSince = py.now();
        t.forcedSwitchWait = false;
        g.waiting.addLast(t.id);
        if (g.free()) {
            g.handoff = t.id;
            t.set(PyThread.Act.GIL_TAKE, py.now());
            return true;
        }
        startTimedWait(t);
        return false;
    }

    /** COND_TIMED_WAIT(gil->cond, interval), remembering the switch number it started with. */
    private void startTimedWait(PyThread t) {
        t.waitStart = py.now();
        t.savedSwitch = py.gil.switches;
        t.set(PyThread.Act.GIL_TIMEOUT, py.now() + py.gil.intervalNs);
    }

    /** The timed wait ran out: with the GIL still locked and no switch since, ask the holder to drop it. */
    void timeout(PyThread t) {
        Gil g = py.gil;
        if (g.holder != 0 && g.switches == t.savedSwitch && !g.dropRequest) {
            g.dropRequest = true;
            PyThread h = py.thread(g.holder);
            Text where = h.cpu == PyThread.Cpu.C_CALL
                    ? new Text("; but {0} is inside a long C call that never tests it, so nothing happens until the call returns",
                    "；但 {0} 正处在一个从不检查它的长 C 调用里，调用返回之前什么也不会发生", h)
                    : new Text("; {0} will see it at its next check", "；{0} 会在下一次检查时看到它", h);
            py.emit(EventKind.GIL_DROP_REQUEST, t, new Text(
                    "{0} has waited {1} (the switch interval) for the GIL and {2} still holds it: take_gil sets gil_drop_request and the eval breaker{3}",
                    "{0} 已经等了 {1}（切换间隔）仍未拿到 GIL，{2} 还持有它：take_gil 设置 gil_drop_request 和 eval breaker{3}",
                    t, Fmt.time(g.intervalNs), h, where), "holder", h.id);
            py.eval.poke(h);
        }
        startTimedWait(t);
    }

    /** take_gil's end: t now holds the GIL. */
    void take(PyThread t) {
        Gil g = py.gil;
        if (g.holder != 0 || g.handoff != t.id) {
            throw new IllegalStateException("take_gil: " + t + " takes the GIL, but holder=" + g.holder + " handoff=" + g.handoff);
        }
        g.handoff = 0;
        g.waiting.remove(t.id);
        g.holder = t.id;
        boolean switched = g.lastHolder != t.id;
        if (switched) {
            g.switches++;
        }
        g.lastHolder = t.id;
        boolean cleared = g.dropRequest;
        g.dropRequest = false;
        t.state = PyThread.State.RUNNING;
        for (int id : g.waiting.toArray()) {
            PyThread w = py.thread(id);
            if (w.forcedSwitchWait) {
                w.forcedSwitchWait = false;
                startTimedWait(w);
            }
        }
        long waited = py.now() - t.waitingSince;
        py.emit(EventKind.GIL_ACQUIRE, t, new Text("{0} takes the GIL{1}{2}: it may run bytecode now",
                "{0} 拿到了 GIL{1}{2}：现在它可以执行字节码了", t,
                waited > 0 ? new Text(" after waiting {0}", "（等待了 {0}）", Fmt.time(waited)) : Text.EMPTY,
                cleared ? new Text(" and clears the drop request", "，并清除了 drop request") : Text.EMPTY),
                "waitedNs", waited, "switches", g.switches);
        t.set(PyThread.Act.RUN, py.now());
    }

    /** drop_gil: unlock and wake the longest waiter, if any. */
    void release(PyThread t) {
        Gil g = py.gil;
        if (g.holder != t.id) {
            throw new IllegalStateException("drop_gil: " + t + " does not hold the GIL (holder=" + g.holder + ")");
        }
        g.holder = 0;
        t.cpu = PyThread.Cpu.NONE;
        if (!g.waiting.isEmpty()) {
            PyThread w = py.thread(g.waiting.peekFirst());
            g.handoff = w.id;
            w.set(PyThread.Act.GIL_TAKE, py.now() + PyCosts.THREAD_WAKE_NS);
        }
    }

    /** The phrase for who drop_gil woke: " and wakes T3", or nothing. */
    Text wokenPhrase() {
        int h = py.gil.handoff;
        return h == 0 ? new Text("; nobody is waiting for it", "；没有线程在等它")
                : new Text("; drop_gil wakes T{0}, which has waited longest", "；drop_gil 唤醒等待最久的 T{0}", h);
    }

    /** The forced drop from _Py_HandlePending: drop, then wait for the switch before queueing again. */
    void forcedDrop(PyThread t) {
        Gil g = py.gil;
        g.dropRequest = false;
        release(t);
        if (g.handoff == 0) {
            // nobody else wants it (cannot happen while a waiter raised the request): keep it
            g.holder = t.id;
            return;
        }
        int next = g.handoff;
        t.state = PyThread.State.WAITING_GIL;
        t.waitingSince = py.now();
        t.forcedSwitchWait = true;
        g.waiting.addLast(t.id);
        py.emit(EventKind.GIL_DROP, t, new Text(
                "{0} drops the GIL on request (drop_gil) and wakes T{1}; with FORCE_SWITCHING it then waits until T{1} has taken it, and queues for the GIL again",
                "{0} 应请求释放 GIL（drop_gil）并唤醒 T{1}；由于 FORCE_SWITCHING，它要等 T{1} 真正拿到 GIL 之后，才重新排队等待 GIL",
                t, next), "to", next);
    }
}
