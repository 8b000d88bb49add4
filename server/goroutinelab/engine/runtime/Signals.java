package goroutinelab.engine.runtime;

import goroutinelab.engine.EventKind;
import goroutinelab.engine.Op;
import goroutinelab.engine.Ops;
import goroutinelab.engine.SnapshotMap;
import goroutinelab.engine.Text;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Signal delivery in a Go program (runtime/signal_unix.go: sighandler,
 * dieFromSignal; runtime/sigqueue.go: sigsend, signal_recv;
 * runtime/sigtab_linux_generic.go; os/signal: Notify, loop, process).
 *
 * <p>The kernel hands a process-directed signal to the main thread (M0)
 * first (Linux complete_signal: the thread-group leader, unless it already has
 * a signal pending; then the next thread that has none, sysmon last). A
 * thread on a CPU takes it at once ({@link Costs#SIGNAL_DELIVERY_NS}); a
 * parked or sleeping one must be woken first ({@link Costs#THREAD_WAKE_NS}).
 * The runtime's handler runs on that M's signal stack, interrupting whatever
 * it did. SIGURG is the runtime's own preemption signal. A signal someone
 * asked for with signal.Notify is queued by sigsend (repeats merge into one
 * bit) and the os/signal loop goroutine, blocked in signal_recv with its P
 * handed off, wakes, takes it and sends it on the program's channel without
 * blocking (a full channel drops it). From the kill to the receiving goroutine
 * that is about three thread wakes: the main thread, the loop's thread, and
 * the thread the loop's P is handed to.
 *
 * <p>With no Notify (sigtab_linux_generic.go, signal_unix.go initsig and
 * sighandler): SIGUSR1, SIGUSR2, SIGPIPE and SIGURG are caught and dropped
 * (_SigNotify); SIGINT, SIGTERM and SIGHUP kill the process (_SigKill:
 * dieFromSignal, exit status 128 + the signal number); SIGTSTP, SIGTTIN and
 * SIGTTOU have no Go handler at all (_SigDefault: initsig leaves them alone
 * until Notify asks), so the kernel's default action stops the process.
 * Simplified: a stopped process is the end of the run (the lab sends no
 * SIGCONT).
 */
final class Signals {
    private static final Map<String, Integer> NUMBERS = Map.of(
            "SIGHUP", 1, "SIGINT", 2, "SIGPIPE", 13, "SIGTERM", 15, "SIGUSR1", 10, "SIGUSR2", 12, "SIGURG", 23,
            "SIGTSTP", 20, "SIGTTIN", 21, "SIGTTOU", 22);
    /** _SigDefault: no Go handler unless Notify asks; the kernel's default action (stop) applies. */
    private static final List<String> STOPS = List.of("SIGTSTP", "SIGTTIN", "SIGTTOU");

    private final GoRuntime rt;
    private final LinkedHashMap<String, String> notify = new LinkedHashMap<>();
    private final LinkedHashSet<String> pending = new LinkedHashSet<>();
    /** Signals the kernel has sent and whose handler has not run yet, with the thread it picked. */
    private final List<Inflight> inflight = new ArrayList<>();
    private int loopG;
    private int loopM = -1;
    private boolean loopWaiting;
    private String loopSignal;
    private int delivered;
    private int dropped;
    private int handlerM = -1;

    Signals(GoRuntime rt) {
        this.rt = rt;
    }

    Signals copyFor(GoRuntime to) {
        Signals s = new Signals(to);
        s.notify.putAll(notify);
        s.pending.addAll(pending);
        s.inflight.addAll(inflight);
        s.loopG = loopG;
        s.loopM = loopM;
        s.loopWaiting = loopWaiting;
        s.loopSignal = loopSignal;
        s.delivered = delivered;
        s.dropped = dropped;
        s.handlerM = handlerM;
        return s;
    }

    /**
     * The kernel sends a signal to the process: it picks a thread (the main
     * thread first) and the handler runs there once the thread is on a CPU.
     */
    void kernelSend(String signal) {
        M m = pickThread();
        inflight.add(new Inflight(signal, m.id));
        long wake = onCpu(m) ? 0 : Costs.THREAD_WAKE_NS;
        rt.interrupt(m, rt.now() + wake + Costs.SIGNAL_DELIVERY_NS, Interrupt.Kind.SIGNAL, signal);
    }

    /** complete_signal: the main thread unless a signal is already on its way to it; then the next such M, sysmon last. */
    private M pickThread() {
        for (M m : rt.allm) {
            if (!hasInflight(m.id)) {
                return m;
            }
        }
        return hasInflight(M.SYSMON) ? rt.allm.get(0) : rt.sysmonM;
    }

    private boolean hasInflight(int m) {
        for (Inflight f : inflight) {
            if (f.m() == m) {
                return true;
            }
        }
        return false;
    }

    /** A thread running on a CPU takes a signal at once; a parked or sleeping one is woken first. */
    private static boolean onCpu(M m) {
        if (m.isSysmon()) {
            return "running".equals(m.sysmonState);
        }
        return m.state == M.State.running || m.state == M.State.spinning;
    }

    /** The handler runs on m (sighandler). Returns how long it held the thread. */
    long deliver(M m, String signal) {
        inflight.removeIf(f -> f.signal().equals(signal) && f.m() == m.id);
        if (rt.exited) {
            return 0;
        }
        if ("SIGURG".equals(signal)) {
            return rt.preemption.sigurg(m);
        }
        handlerM = m.id;
        Text doing = interrupted(m);
        if (notify.containsKey(signal)) {
            rt.emit(EventKind.SIGHANDLER, m.curg == 0 ? null : m.curg, m.id, m.p < 0 ? null : m.p, new Text(
                    "{0} arrives: the kernel picked {1}, and the runtime's sighandler runs on {1}'s signal stack (gsignal), interrupting {2}. signal.Notify asked for {0}, so sigsend queues it",
                    "{0} 到达：内核选中了 {1}，运行时的 sighandler 在 {1} 的信号栈（gsignal）上运行，打断了{2}。signal.Notify 注册了 {0}，于是由 sigsend 把它排队",
                    signal, m.name(), doing), "signal", signal, "wanted", true);
            rt.interrupt(m, rt.now() + Costs.SIGNAL_HANDLER_NS / 2, Interrupt.Kind.SIGSEND, signal);
            return Costs.SIGNAL_HANDLER_NS;
        }
        if (STOPS.contains(signal)) {
            return stopProcess(m, signal, doing);
        }
        if (List.of("SIGINT", "SIGTERM", "SIGHUP").contains(signal)) {
            int code = 128 + NUMBERS.get(signal);
            rt.exit("killed by " + signal, code);
            rt.emit(EventKind.DIE_FROM_SIGNAL, m.curg == 0 ? null : m.curg, m.id, m.p < 0 ? null : m.p, new Text(
                    "{0} arrives on {1} (sighandler interrupts {2}): nobody called signal.Notify for it, and {0} is marked _SigKill: dieFromSignal restores the default action and raises it again, and the process dies (exit status {3} = 128 + {4})",
                    "{0} 到达 {1}（sighandler 打断了{2}）：没有人为它调用 signal.Notify，而 {0} 带有 _SigKill 标志：dieFromSignal 恢复默认动作并再次发出它，进程终止（退出码 {3} = 128 + {4}）",
                    signal, m.name(), doing, code, NUMBERS.get(signal)), "signal", signal, "exitCode", code);
            return 0;
        }
        dropped++;
        rt.emit(EventKind.SIGDROP, m.curg == 0 ? null : m.curg, m.id, m.p < 0 ? null : m.p, new Text(
                "{0} arrives on {1} (sighandler interrupts {2}): nobody called signal.Notify for it. The Go runtime installed a handler for it at startup, and {0} is notify-only (_SigNotify): the handler drops it and returns. The program goes on; it is NOT killed",
                "{0} 到达 {1}（sighandler 打断了{2}）：没有人为它调用 signal.Notify。Go 运行时在启动时就为它安装了处理函数，而 {0} 只是“可通知”信号（_SigNotify）：处理函数丢弃它并返回。程序继续运行，并不会被杀死",
                signal, m.name(), doing), "signal", signal, "dropped", true);
        return Costs.SIGNAL_HANDLER_NS;
    }

    /** No Go handler is installed for a job-control signal nobody asked for: SIG_DFL stops every thread. */
    private long stopProcess(M m, String signal, Text doing) {
        rt.stop("stopped by " + signal);
        rt.emit(EventKind.KERNEL_STOP, m.curg == 0 ? null : m.curg, m.id, m.p < 0 ? null : m.p, new Text(
                "{0} reaches {1} ({2}): nobody called signal.Notify for it, and {0} is _SigDefault, so the runtime never installed a handler for it. The kernel applies the default action and stops the process, every thread at once (as Ctrl-Z does); it stays stopped until a SIGCONT, which this lesson does not send",
                "{0} 到达 {1}（{2}）：没有人为它调用 signal.Notify，而 {0} 带有 _SigDefault 标志，所以运行时从未为它安装处理函数。内核执行默认动作，停止整个进程，所有线程一起停下（就像按下 Ctrl-Z）；进程会一直停着，直到收到 SIGCONT，而本课不会发送它",
                signal, m.name(), doing), "signal", signal, "stopped", true);
        return 0;
    }

    private Text interrupted(M m) {
        if (m.isSysmon()) {
            return new Text("sysmon", "sysmon");
        }
        if (m.curg != 0 && m.opKind == M.OpKind.SYSCALL) {
            return new Text("G{0}'s system call (it returns EINTR and is retried)", "G{0} 的系统调用（它返回 EINTR 后被重试）", m.curg);
        }
        if (m.curg != 0) {
            G g = rt.g(m.curg);
            Op next = g.stack.next();
            String op = next == null ? g.fn : Ops.describe(next);
            return new Text("G{0} ({1})", "G{0}（{1}）", m.curg, op);
        }
        if (m.state == M.State.idle) {
            return new Text("its sleep (it was idle)", "它的睡眠（它原本空闲）");
        }
        return new Text("the scheduler", "调度器");
    }

    /** Inside the handler: sigsend sets the signal's bit and wakes the receiver. */
    long sigsend(M m, String signal) {
        boolean merged = !pending.add(signal);
        boolean wake = loopWaiting && loopM >= 0;
        rt.emit(EventKind.SIGSEND, null, m.id, m.p < 0 ? null : m.p, new Text(
                "sigsend: {0}{1}{2}",
                "sigsend：{0}{1}{2}",
                merged ? new Text("{0} was already pending: the two merge into one bit in sig.mask", "{0} 已在等待处理：两次合并为 sig.mask 中的同一位", signal)
                        : new Text("{0}'s bit is set in sig.mask", "在 sig.mask 中设置 {0} 的位", signal),
                wake ? new Text("; the os/signal loop goroutine G{0}, blocked in signal_recv on {1}, is woken (notewakeup)", "；阻塞在 {1} 上 signal_recv 中的 os/signal 循环 goroutine G{0} 被唤醒（notewakeup）", loopG, rt.m(loopM).name())
                        : new Text("; the receiver is not waiting now and will find it at its next signal_recv", "；接收者此刻不在等待，下次调用 signal_recv 时会取到"),
                Text.EMPTY), "signal", signal, "merged", merged);
        if (wake) {
            loopWaiting = false;
            rt.m(loopM).set(Act.SIG_RECV_WAKE, rt.now() + Costs.THREAD_WAKE_NS);
        }
        return Costs.SIGNAL_HANDLER_NS / 2;
    }

    /** signal.Notify(chan, signal): the runtime starts wanting it; the first Notify starts os/signal's loop goroutine. */
    long notify(M m, G g, Op.Notify n) {
        if (n.chan() == null) {
            return rt.crash(m, g, EventKind.PANIC, new Text("panic: os/signal: Notify using nil channel [G{0}]",
                    "panic: os/signal: Notify using nil channel [G{0}]", g.id), 2);
        }
        notify.put(n.signal(), n.chan());
        Interp.advance(g);
        boolean start = loopG == 0;
        if (start) {
            G loop = rt.newG("signal.loop", true);
            loop.status = GStatus._Grunnable;
            loopG = loop.id;
        }
        rt.emit(EventKind.NOTIFY, g.id, m.id, m.p, new Text(
                "G{0} calls signal.Notify({1}, {2}): the runtime now wants {2} (signal_enable sets its bit in sig.wanted){3}",
                "G{0} 调用 signal.Notify({1}, {2})：运行时开始接收 {2}（signal_enable 在 sig.wanted 中设置它的位）{3}",
                g.id, n.chan(), n.signal(), start
                        ? new Text("; this first Notify starts os/signal's loop goroutine G{0} with go, like any goroutine", "；第一次 Notify 会像普通 goroutine 一样用 go 启动 os/signal 的循环 goroutine G{0}", loopG)
                        : Text.EMPTY), "signal", n.signal(), "chan", n.chan());
        if (start) {
            rt.then(m, new Act.Runqput(loopG, true), Act.WAKEP, Act.RUN);
        } else {
            rt.then(m, Act.RUN);
        }
        return Costs.RUNTIME_NS;
    }

    boolean runsSystemG(G g) {
        return g.id == loopG && loopG != 0;
    }

    /** The os/signal loop goroutine: signal_recv, then process (a non-blocking send per signal). */
    long runSystemG(M m, G g) {
        if (g.progress == 1) {
            return process(m, g);
        }
        if (!pending.isEmpty()) {
            loopSignal = pending.iterator().next();
            pending.remove(loopSignal);
            g.progress = 1;
            delivered++;
            rt.emit(EventKind.SIGNAL_RECV, g.id, m.id, m.p, new Text(
                    "signal_recv returns {0} to os/signal's loop goroutine G{1}, which now hands it to the channels that asked for it",
                    "signal_recv 把 {0} 交给 os/signal 的循环 goroutine G{1}，它接着把信号交给注册了的通道", loopSignal, g.id),
                    "signal", loopSignal);
            rt.then(m, Act.RUN);
            return Costs.RUNTIME_NS;
        }
        P p = rt.p(m.p);
        g.status = GStatus._Gsyscall;
        g.waitreason = null;
        rt.threads.releasep(m);
        m.state = M.State.syscall;
        m.opKind = M.OpKind.NONE;
        loopM = m.id;
        rt.emit(EventKind.ENTERSYSCALLBLOCK, g.id, m.id, p.id, new Text(
                "G{0} (os/signal's loop) waits in signal_recv: notetsleepg calls entersyscallblock, which hands P{1} off at once and blocks {2} in the kernel until a signal comes",
                "G{0}（os/signal 的循环）在 signal_recv 中等待：notetsleepg 调用 entersyscallblock，立即交出 P{1}，并让 {2} 阻塞在内核中直到信号到来",
                g.id, p.id, m.name()));
        rt.then(m, new Act.Handoffp(p.id), Act.SIG_RECV_SLEEP);
        return Costs.RUNTIME_NS;
    }

    private long process(M m, G g) {
        String sig = loopSignal;
        loopSignal = null;
        g.progress = 0;
        String chan = notify.get(sig);
        Text what = new Text("os/signal's process sends {0}", "os/signal 的 process 发送 {0}", sig);
        if (chan != null && rt.channels.trySend(m, g, chan, what)) {
            m.acts.addLast(Act.RUN);
            return Costs.RUNTIME_NS;
        }
        dropped++;
        boolean unbuffered = chan != null && rt.chans.get(chan).cap == 0;
        rt.emit(EventKind.SIGDROP, g.id, m.id, m.p, new Text(
                "os/signal's process cannot send {0} on {1}: {2}, so it drops it (Notify channels must be buffered)",
                "os/signal 的 process 无法把 {0} 发到 {1}：{2}，于是丢弃它（Notify 的通道必须带缓冲）",
                sig, chan == null ? "-" : chan, unbuffered
                        ? new Text("the channel has no buffer and nobody is waiting to receive", "通道没有缓冲，也没有接收者在等待")
                        : new Text("the buffer is full and nobody is receiving", "缓冲区已满且没有接收者")),
                "signal", sig, "dropped", true);
        rt.then(m, Act.RUN);
        return Costs.RUNTIME_NS;
    }

    /** notetsleepg: the loop's M sleeps in the kernel until sigsend's notewakeup. */
    long sigRecvSleep(M m) {
        loopWaiting = true;
        m.park();
        return GoRuntime.KEEP;
    }

    /** The loop's M wakes from notetsleepg: exitsyscall needs a P (an idle one), else the G waits in the global queue. */
    long sigRecvWake(M m) {
        G g = rt.g(loopG);
        P p = rt.threads.pidleget();
        loopM = -1;
        if (p != null) {
            rt.threads.acquirep(m, p);
            g.status = GStatus._Grunning;
            m.state = M.State.running;
            rt.emit(EventKind.EXITSYSCALLFAST, g.id, m.id, p.id, new Text(
                    "{0} wakes in notetsleepg; exitsyscall takes idle P{1}, and G{2} (os/signal's loop) runs on",
                    "{0} 在 notetsleepg 中醒来；exitsyscall 取得空闲的 P{1}，G{2}（os/signal 的循环）继续运行", m.name(), p.id, g.id),
                    "path", "fast");
            rt.then(m, Act.RUN);
            return Costs.RUNTIME_NS;
        }
        g.status = GStatus._Grunnable;
        g.m = -1;
        m.curg = 0;
        rt.sched.runq.addLast(g.id);
        rt.emit(EventKind.EXITSYSCALL, g.id, m.id, null, new Text(
                "{0} wakes in notetsleepg but no P is idle: exitsyscall0 puts G{1} (os/signal's loop) on the global run queue, and {0} stops",
                "{0} 在 notetsleepg 中醒来，但没有空闲的 P：exitsyscall0 把 G{1}（os/signal 的循环）放进全局运行队列，{0} 休眠", m.name(), g.id),
                "path", "slow");
        rt.then(m, Act.STOPM);
        return Costs.RUNTIME_NS;
    }

    void writeSnapshot(SnapshotMap.Builder s) {
        SnapshotMap.Builder m = SnapshotMap.builder(7);
        m.put("pending", new ArrayList<>(pending));
        m.put("notify", new LinkedHashMap<>(notify));
        List<Map<String, Object>> fl = new ArrayList<>();
        for (Inflight f : inflight) {
            SnapshotMap.Builder e = SnapshotMap.builder(2);
            e.put("signal", f.signal());
            e.put("m", f.m() == M.SYSMON ? "sysmon" : SnapshotMap.key(f.m()));
            fl.add(e.build());
        }
        m.put("inflight", fl);
        m.put("loopG", loopG == 0 ? null : loopG);
        m.put("handlerM", handlerM < 0 ? null : handlerM);
        m.put("delivered", delivered);
        m.put("dropped", dropped);
        s.put("signals", m.build());
    }

    void collectPlaces(BiConsumer<Integer, String> place) {
        // the loop goroutine is always on an M (curg) or in a run queue: nothing extra to place
    }

    /** A signal on its way to the thread the kernel picked. */
    private record Inflight(String signal, int m) {
    }
}
