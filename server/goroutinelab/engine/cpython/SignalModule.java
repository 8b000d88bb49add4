package goroutinelab.engine.cpython;

import goroutinelab.engine.EventKind;
import goroutinelab.engine.Op;
import goroutinelab.engine.Text;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Signals in the interpreter (Modules/signalmodule.c, with the breaker bits of
 * Python/ceval_gil.c).
 *
 * <p>signal.signal(sig, handler) records the Python handler and installs the
 * C-level handler signal_handler; only the main thread may call it. When the
 * signal arrives, signal_handler calls trip_signal, which is async-signal-safe
 * and therefore does almost nothing: it marks Handlers[sig] tripped, sets
 * is_tripped and, through _PyEval_SignalReceived, the pending-signals bit of the
 * eval breaker. The Python handler runs later, when the main thread's eval
 * loop tests the breaker and _PyErr_CheckSignalsTstate calls the handlers of
 * every tripped signal, lowest number first. Other threads never run
 * handlers: the pending-signals bit counts in the breaker only for the main
 * thread (COMPUTE_EVAL_BREAKER, _Py_ThreadCanHandleSignals).
 *
 * <p>Where the main thread is when the signal arrives decides how long the
 * handler waits: running bytecode, microseconds (its next test); inside a long
 * C call, until the call returns; waiting for the GIL, until it has the GIL;
 * blocked in a system call, sleep or lock acquire, the call returns EINTR, the
 * thread takes the GIL back and calls PyErr_CheckSignals, then retries the
 * call (PEP 475); inside a C extension call that released the GIL, until that
 * call returns, since nothing interrupts it.
 *
 * <p>A signal with no Python handler keeps the kernel's default action: the
 * kernel ends the process before any Python code can run.
 */
final class SignalModule {
    private final Interpreter py;

    SignalModule(Interpreter py) {
        this.py = py;
    }

    /** {@code notify}: signal.signal(sig, handler); a lesson may give a queue instead (a handler that puts the signal on it). */
    void signalSignal(PyThread t, Op.Notify n) {
        SignalTable.get(n.signal());
        if (!t.main) {
            py.threading.excepthook(t, "ValueError", new Text(
                    "{0} calls signal.signal({1}, ...) and signal_signal_impl raises ValueError (\"signal only works in main thread of the main interpreter\")",
                    "{0} 调用 signal.signal({1}, ...)，signal_signal_impl 抛出 ValueError（\"signal only works in main thread of the main interpreter\"）",
                    t, n.signal()));
            return;
        }
        Interpreter.Handler h = n.handler() != null
                ? new Interpreter.Handler(n.handler(), null, false)
                : new Interpreter.Handler(null, n.chan(), false);
        py.handlers.put(n.signal(), h);
        t.top().advance();
        Text what = h.fn() != null
                ? new Text("{0} will run in the main thread, between bytecodes", "{0} 会在主线程里、在字节码之间运行", h.fn())
                : new Text("the handler puts the signal number on {0} (q.put_nowait), the usual way to hand a signal to another thread; it runs in the main thread, between bytecodes",
                "处理函数把信号编号放进 {0}（q.put_nowait），这是把信号交给其他线程的常见写法；它在主线程里、在字节码之间运行", h.queue());
        py.emit(EventKind.SIGNAL_SIGNAL, t, new Text(
                "{0} calls signal.signal({1}, {2}): signal_signal_impl records the Python handler and installs the C handler signal_handler; {3}",
                "{0} 调用 signal.signal({1}, {2})：signal_signal_impl 记下 Python 处理函数，并安装 C 层处理函数 signal_handler；{3}",
                t, n.signal(), h.describe(), what), "signal", n.signal(), "handler", h.describe());
        t.set(PyThread.Act.RUN, py.now() + PyCosts.SIGNAL_SIGNAL_NS);
    }

    /** The kernel delivers a signal to the process (to the main thread). */
    void deliver(String name) {
        SignalTable.Sig sig = SignalTable.get(name);
        Interpreter.Handler h = py.handlers.get(name);
        if (h == null) {
            if (sig.dflt() == SignalTable.Default.TERMINATE) {
                kill(sig);
            }
            return;
        }
        py.tripped.put(sig.number(), name);
        py.signalsPending = true;
        PyThread main = py.mainThread();
        Text situation = situation(main);
        py.emit(EventKind.TRIP_SIGNAL, main, new Text(
                "{0} arrives; the kernel runs CPython's C handler signal_handler on the main thread, and trip_signal only marks {0} tripped and sets the eval breaker: the Python handler {1} runs later, in the main thread. {2}",
                "{0} 到达；内核在主线程上运行 CPython 的 C 层处理函数 signal_handler，trip_signal 只把 {0} 标记为已触发并设置 eval breaker：Python 处理函数 {1} 稍后才在主线程中运行。{2}",
                name, h.describe(), situation), "signal", name, "handler", h.describe());
    }

    /** What the main thread is doing, how long the handler will wait, and the wake-up it needs. */
    private Text situation(PyThread main) {
        if (main.state == PyThread.State.RUNNING) {
            if (main.cpu == PyThread.Cpu.C_CALL) {
                return new Text("T1 is inside a long C call that never tests the eval breaker, so the handler waits until the call returns.",
                        "T1 正处在一个从不检查 eval breaker 的长 C 调用中，所以处理函数要等到调用返回。");
            }
            py.eval.poke(main);
            return new Text("T1 is running bytecode: it will see the breaker at its next test, within microseconds.",
                    "T1 正在执行字节码：它会在下一次检查时（几微秒内）看到 breaker。");
        }
        if (main.state == PyThread.State.WAITING_GIL) {
            return new Text("T1 is waiting for the GIL, which T{0} holds: the handler waits until T1 gets it.",
                    "T1 正在等待 GIL（在 T{0} 手里）：处理函数要等到 T1 拿到 GIL。",
                    py.gil.holder != 0 ? py.gil.holder : py.gil.handoff);
        }
        if (main.state == PyThread.State.BLOCKED) {
            if (!main.block.interruptible) {
                return new Text("T1 is inside a C extension call that released the GIL; nothing interrupts it, so the handler waits until it returns.",
                        "T1 正处在一个已释放 GIL 的 C 扩展调用中；没有东西能打断它，所以处理函数要等到它返回。");
            }
            long eintrAt = py.now() + PyCosts.EINTR_NS;
            if (main.act == PyThread.Act.NONE || main.actAt > eintrAt) {
                main.set(PyThread.Act.EINTR, eintrAt);
                return new Text("T1 is blocked in {0}: the signal interrupts it, the call returns EINTR, and T1 must take the GIL back before it can run the handler.",
                        "T1 阻塞在 {0} 中：信号打断了它，调用返回 EINTR，T1 必须先拿回 GIL 才能运行处理函数。", main.block.what);
            }
            return new Text("T1's {0} is about to return anyway; it runs the handler once it has the GIL.",
                    "T1 的 {0} 本来就要返回了；拿到 GIL 之后它会运行处理函数。", main.block.what);
        }
        return Text.EMPTY;
    }

    /** No handler and a terminating default action: the kernel ends the process. */
    private void kill(SignalTable.Sig sig) {
        int code = 128 + sig.number();
        py.emit(EventKind.KERNEL_KILL, null, new Text(
                "{0} arrives and the program installed no handler for it, so it still has the kernel's default action: the kernel terminates the process at once (exit status 128 + {1} = {2}); no Python code runs, not even finally blocks or atexit handlers",
                "{0} 到达，而程序没有为它安装处理函数，它仍是内核的默认动作：内核立即终止进程（退出状态 128 + {1} = {2}）；不会运行任何 Python 代码，连 finally 块和 atexit 也不会",
                sig.name(), sig.number(), code), "signal", sig.name(), "exitCode", code);
        py.exit("killed by " + sig.name(), code);
    }

    /** The main thread's interruptible call returns EINTR: it takes the GIL back to check signals, then retries. */
    void eintr(PyThread t) {
        PyThread.Block kind = t.block;
        switch (kind) {
            case SLEEP, SLEEP0, SYSCALL, NETREAD -> {
                PyFrame f = t.top();
                f.deadlineNs = t.blockUntil;
                f.retry = true;
            }
            case QUEUE_GET -> py.queue(t.blockOn).getters.remove(t.id);
            case QUEUE_PUT -> py.queue(t.blockOn).putters.remove(t.id);
            default -> {
                // START and JOIN: the op (or _shutdown) looks again once the handler has run
            }
        }
        t.block = null;
        t.blockOn = null;
        t.eintr = true;
        boolean free = py.ceval.takeGil(t);
        py.emit(EventKind.PY_WAKE, t, new Text(
                "{0}'s {1} is interrupted by the signal and returns EINTR; Py_END_ALLOW_THREADS: {0} calls take_gil{2}; with the GIL it will run the handler, then retry the call (PEP 475)",
                "{0} 的 {1} 被信号打断，返回 EINTR；Py_END_ALLOW_THREADS：{0} 调用 take_gil{2}；拿到 GIL 后它先运行处理函数，再重试这个调用（PEP 475）",
                t, kind.what, py.eval.gilPhrase(free)), "block", kind.what, "eintr", true);
    }

    /**
     * _PyErr_CheckSignalsTstate in the main thread: clear is_tripped, then call
     * the handler of every tripped signal, lowest number first. The handlers'
     * frames go on top of the main thread's stack; default_int_handler raises
     * KeyboardInterrupt, which unwinds main's code (the later signals stay
     * tripped for the next check).
     */
    void runHandlers(PyThread t, boolean afterEintr) {
        List<String> ran = new ArrayList<>();
        List<PyFrame> toPush = new ArrayList<>();
        boolean interrupt = false;
        py.signalsPending = false;
        while (!py.tripped.isEmpty()) {
            Map.Entry<Integer, String> e = py.tripped.pollFirstEntry();
            Interpreter.Handler h = py.handlers.get(e.getValue());
            if (h == null) {
                continue;
            }
            ran.add(h.describe() + "(" + e.getValue() + ")");
            if (h.builtin()) {
                interrupt = true;
                break;
            } else if (h.fn() != null) {
                toPush.add(new PyFrame(h.fn(), py.prog.function(h.fn()), 0, true));
            } else {
                py.queueModule.putNowait(h.queue(), t);
            }
        }
        if (!py.tripped.isEmpty()) {
            py.signalsPending = true;
        }
        Text when = afterEintr
                ? new Text("PyErr_CheckSignals after the EINTR", "EINTR 之后的 PyErr_CheckSignals")
                : new Text("_Py_HandlePending", "_Py_HandlePending");
        if (interrupt) {
            keyboardInterrupt(t, ran, when);
            return;
        }
        for (int i = toPush.size() - 1; i >= 0; i--) {
            t.frames.push(toPush.get(i));
        }
        py.emit(EventKind.RUN_SIGNAL_HANDLERS, t, new Text(
                "{0} (the main thread) runs the Python signal handlers from {1}: {2}; when they return, it carries on where it was",
                "{0}（主线程）在 {1} 中运行 Python 信号处理函数：{2}；它们返回后，主线程从原处继续",
                t, when, String.join(", ", ran)), "handlers", ran);
        t.set(PyThread.Act.HANDLE_PENDING, py.now() + PyCosts.HANDLER_CALL_NS);
    }

    private void keyboardInterrupt(PyThread t, List<String> ran, Text when) {
        t.frames.clear();
        Text effect;
        if (t.codeDone) {
            t.skipJoin = true;
            effect = new Text("main is inside threading._shutdown, which reports \"Exception ignored\" and stops joining: the remaining threads are abandoned",
                    "main 正在 threading._shutdown 中，它报告 \"Exception ignored\" 并停止 join：剩下的线程被丢下不管");
        } else {
            t.exception = "KeyboardInterrupt";
            effect = new Text("nothing catches it, so main's code ends with a traceback; the interpreter still joins the other threads, then exits with status 130",
                    "没有代码捕获它，main 的代码带着回溯结束；解释器仍会先 join 其他线程，然后以状态 130 退出");
        }
        py.emit(EventKind.RUN_SIGNAL_HANDLERS, t, new Text(
                "{0} (the main thread) runs the Python signal handlers from {1}: {2} raises KeyboardInterrupt; {3}",
                "{0}（主线程）在 {1} 中运行 Python 信号处理函数：{2} 抛出 KeyboardInterrupt；{3}",
                t, when, String.join(", ", ran), effect), "handlers", ran, "exception", "KeyboardInterrupt");
        t.set(PyThread.Act.HANDLE_PENDING, py.now() + PyCosts.HANDLER_CALL_NS);
    }
}
