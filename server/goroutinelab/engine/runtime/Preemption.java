package goroutinelab.engine.runtime;

import goroutinelab.engine.EventKind;
import goroutinelab.engine.Fmt;
import goroutinelab.engine.Text;

/**
 * Preemption (runtime/proc.go: preemptone; runtime/stack.go: newstack;
 * runtime/signal_unix.go: preemptM, doSigPreempt; runtime/preempt.go).
 *
 * <p>Cooperative: preemptone sets {@code gp.preempt} and poisons
 * {@code stackguard0}; the goroutine's next function prologue then "fails" its
 * stack check, and newstack, seeing the request, yields (gopreempt_m) or, when
 * the GC asked it to stop, parks (preemptPark). A {@code compute} op makes calls
 * all the time, so it yields within nanoseconds; a {@code loop} makes none.
 *
 * <p>Asynchronous (Go 1.14+): preemptone also sends SIGURG to the M
 * (preemptM). The handler checks that the goroutine wants preempting and sits
 * at an async safe point (here: it is running user code, a compute or a loop),
 * then makes it "call" asyncPreempt, which yields the same way. With
 * asyncPreemption off (GODEBUG=asyncpreemptoff=1) no signal is sent, and a
 * loop cannot be stopped until it ends.
 *
 * <p>A request can be lost. If the goroutine meets a prologue while it holds
 * a lock (here: a channel's, on its way to parking; canPreemptM sees m.locks
 * &gt; 0), newstack refuses: it puts stackguard0 back and lets the goroutine
 * go on with gp.preempt still set ({@link #refuse}). If the goroutine then
 * parks, nobody acts on the request, and execute clears it when the goroutine
 * next runs. SIGURG landing in runtime code finds no async safe point either.
 * sysmon asks again on its next round, and a goroutine that lives in channel
 * operations may need several rounds.
 */
final class Preemption {
    private final GoRuntime rt;

    Preemption(GoRuntime rt) {
        this.rt = rt;
    }

    /** preemptone(pp): ask the G running on P pid to stop, if it is still the one sysmon saw. */
    long preemptone(M by, int pid, long schedtick) {
        P p = rt.p(pid);
        if (p.status != PStatus._Prunning || p.m < 0 || p.schedtick != schedtick) {
            return 0;
        }
        M m = rt.m(p.m);
        if (m.curg == 0) {
            return 0;
        }
        G g = rt.g(m.curg);
        requestPreempt(m, g);
        Text why = by.isSysmon()
                ? new Text("G{0} has held P{1} for over 10ms (schedtick {2} unchanged since {3}): ",
                "G{0} 占用 P{1} 已超过 10ms（schedtick {2} 自 {3} 起未变）：", g.id, p.id, p.schedtick, since(p))
                : Text.EMPTY;
        rt.emit(EventKind.PREEMPTONE, g.id, m.id, p.id, new Text(
                "{0}preemptone sets G{1}.preempt and stackguard0 = stackPreempt; G{1} will yield at its next function call{2}",
                "{0}preemptone 设置 G{1}.preempt 并令 stackguard0 = stackPreempt；G{1} 会在下一次函数调用时让出{2}",
                why, g.id, rt.asyncPreemption
                        ? new Text(", and a SIGURG follows", "，随后还会发送 SIGURG")
                        : new Text(" (asyncpreemptoff=1: no signal)", "（asyncpreemptoff=1：不发信号）")), "by", by.name());
        if (rt.asyncPreemption) {
            p.preempt = true;
            rt.then(by, new Act.PreemptM(m.id));
        }
        return Costs.RUNTIME_NS;
    }

    /** When sysmon first saw p's current schedtick; before time 0 that was during runtime.main, before main.main. */
    private static Object since(P p) {
        if (p.sysmonSchedwhen < 0) {
            return new Text("before main.main: sysmon noted it during runtime.main",
                    "main.main 之前：sysmon 在 runtime.main 期间记下了它");
        }
        return Fmt.time(p.sysmonSchedwhen);
    }

    /** Sets the preemption request on g and, if it is in a compute, has it notice at the next call. */
    void requestPreempt(M m, G g) {
        g.preempt = true;
        if (m.opKind == M.OpKind.COMPUTE) {
            rt.interrupt(m, rt.now() + Costs.CALL_NS, Interrupt.Kind.CALL_CHECK, null);
        }
    }

    /** preemptM: send SIGURG to the M, unless one is already on its way. */
    long preemptM(M by, int mid) {
        M m = rt.m(mid);
        if (m.signalPending) {
            return 0;
        }
        m.signalPending = true;
        rt.interrupt(m, rt.now() + Costs.SIGNAL_DELIVERY_NS, Interrupt.Kind.SIGNAL, "SIGURG");
        rt.emit(EventKind.PREEMPTM, m.curg == 0 ? null : m.curg, m.id, m.p < 0 ? null : m.p, new Text(
                "preemptM: {0} sends SIGURG to {1} (tgkill), so the goroutine can be stopped even between calls",
                "preemptM：{0} 向 {1} 发送 SIGURG（tgkill），这样即使 goroutine 不调用函数也能被停下",
                by.name(), m.name()), "signal", "SIGURG");
        return Costs.RUNTIME_NS;
    }

    /** Interrupt: the running G reaches a function call while g.preempt is set. */
    long callCheck(M m) {
        if (m.opKind != M.OpKind.COMPUTE || m.curg == 0) {
            return 0;
        }
        G g = rt.g(m.curg);
        if (!g.preempt) {
            return 0;
        }
        stopCpu(m, g);
        long cost = morestack(m, g);
        m.wakeAt = rt.now() + cost;
        return 0;
    }

    /** The prologue saw stackPreempt: morestack → newstack finds a preemption request. */
    long morestack(M m, G g) {
        rt.emit(EventKind.MORESTACK, g.id, m.id, m.p, new Text(
                "G{0} calls a function: the prologue finds stackguard0 == stackPreempt and calls morestack; newstack sees a preemption request, not a full stack{1}",
                "G{0} 调用函数：函数序言发现 stackguard0 == stackPreempt，调用 morestack；newstack 发现这是抢占请求而非栈满{1}",
                g.id, g.preemptStop
                        ? new Text(", and the GC wants it stopped: preemptPark", "，且 GC 要求它停下：preemptPark")
                        : new Text(": gopreempt_m", "：gopreempt_m")));
        rt.then(m, g.preemptStop ? Act.PREEMPT_PARK : new Act.Gopreempt(Act.Yield.PREEMPTED));
        return Costs.RUNTIME_NS;
    }

    /**
     * The prologue saw stackPreempt while g holds a channel's lock: newstack's
     * canPreemptM is false (m.locks &gt; 0), so it restores stackguard0 and
     * returns to g, whose request stays set until an unlock restores it or
     * execute clears it.
     */
    long refuse(M m, G g) {
        g.preemptRefused = true;
        rt.emit(EventKind.MORESTACK, g.id, m.id, m.p, new Text(
                "G{0} calls a function while holding {1}'s lock on its way to parking: the prologue finds stackguard0 == stackPreempt, but newstack sees m.locks > 0 (canPreemptM is false), restores stackguard0 and lets G{0} go on. G{0}.preempt stays set",
                "G{0} 在前往挂起的途中持有 {1} 的锁时调用函数：函数序言发现 stackguard0 == stackPreempt，但 newstack 看到 m.locks > 0（canPreemptM 为假），于是恢复 stackguard0，让 G{0} 继续。G{0}.preempt 仍然置位",
                g.id, g.chanLock), "refused", true, "chan", g.chanLock);
        rt.then(m, Act.RUN);
        return Costs.RUNTIME_NS;
    }

    /** SIGURG reached m: doSigPreempt, then the handler returns. */
    long sigurg(M m) {
        m.signalPending = false;
        G g = m.curg == 0 ? null : rt.g(m.curg);
        P p = m.p >= 0 ? rt.p(m.p) : null;
        boolean wanted = g != null && g.status == GStatus._Grunning && (g.preempt || (p != null && p.preempt));
        boolean safePoint = m.opKind == M.OpKind.COMPUTE || m.opKind == M.OpKind.LOOP;
        if (wanted && safePoint && rt.asyncPreemption) {
            stopCpu(m, g);
            rt.emit(EventKind.ASYNC_PREEMPT, g.id, m.id, m.p, new Text(
                    "SIGURG arrives on {0} while G{1} runs user code: doSigPreempt finds an async safe point and makes G{1} call asyncPreempt{2}",
                    "SIGURG 到达 {0}，此时 G{1} 正在运行用户代码：doSigPreempt 发现这是异步安全点，让 G{1} 调用 asyncPreempt{2}",
                    m.name(), g.id, g.preemptStop
                            ? new Text(" (the GC asked it to stop: preemptPark)", "（GC 要求它停下：preemptPark）")
                            : Text.EMPTY), "signal", "SIGURG");
            rt.then(m, g.preemptStop ? Act.PREEMPT_PARK : new Act.Gopreempt(Act.Yield.ASYNC_PREEMPTED));
            m.wakeAt = rt.now() + Costs.SIGNAL_HANDLER_NS;
            return 0;
        }
        rt.emit(EventKind.SIGHANDLER, g == null ? null : g.id, m.id, m.p < 0 ? null : m.p, new Text(
                "SIGURG arrives on {0}: {1}; the handler returns",
                "SIGURG 到达 {0}：{1}；信号处理函数返回",
                m.name(), !wanted
                        ? new Text("nothing wants preempting any more (it already yielded)", "已没有需要抢占的 goroutine（它已经让出了）")
                        : new Text("not at an async safe point (in the runtime)", "不在异步安全点（正在运行时代码中）")),
                "signal", "SIGURG");
        return Costs.SIGNAL_HANDLER_NS;
    }

    /** Stops the G's CPU work where it is, keeping what is left of it for later. */
    private void stopCpu(M m, G g) {
        g.remainingNs = Math.max(1, m.opEnd - rt.now());
        m.opKind = M.OpKind.NONE;
        m.acts.clear();
    }
}
