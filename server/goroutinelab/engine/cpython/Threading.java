package goroutinelab.engine.cpython;

import goroutinelab.engine.EventKind;
import goroutinelab.engine.Op;
import goroutinelab.engine.Text;

import java.util.ArrayList;
import java.util.List;

/**
 * Threads from birth to exit (Lib/threading.py, Modules/_threadmodule.c) and
 * the interpreter's shutdown (Python/pylifecycle.c: Py_FinalizeEx).
 *
 * <p>Thread.start() calls _thread.start_new_thread, whose new OS thread must
 * take the GIL before it runs any Python code, and then waits on the thread's
 * _started event; the new thread sets it in _bootstrap_inner, its first
 * bytecode. So the parent blocks until the child has had the GIL: starting a
 * CPU-bound thread costs its parent a switch interval or more (CPython 3.11
 * measured here: 5.3 ms for the first start() of a busy thread, 10 ms or more
 * for the later ones).
 *
 * <p>An exception nobody catches ends only its thread: threading.excepthook
 * prints it and thread_run returns. In the main thread it ends main's code.
 * Either way the thread's locals are released first.
 *
 * <p>When main's code ends, Py_FinalizeEx calls threading._shutdown, which
 * joins every non-daemon thread in the order they were created (the model has
 * no daemon threads), releasing the GIL while it waits; then the process exits
 * with status 0, 1 after an uncaught exception, or 130 after an unhandled
 * KeyboardInterrupt (exit_sigint re-raises SIGINT with its default action).
 */
final class Threading {
    private final Interpreter py;

    Threading(Interpreter py) {
        this.py = py;
    }

    /** {@code go fn}: Thread(target=fn).start(), once per count; each start waits for the child's _started. */
    void start(PyThread t, Op.Go go) {
        PyFrame f = t.top();
        if (t.startingChild != 0) {
            PyThread child = py.thread(t.startingChild);
            if (!child.announced) {
                startWait(t);
                return;
            }
            t.startingChild = 0;
            f.progress++;
            if (f.progress >= go.count()) {
                f.advance();
            }
            py.eval.run(t);
            return;
        }
        if (go.count() <= 0) {
            f.advance();
            py.eval.run(t);
            return;
        }
        PyThread child = newThread(go.fn(), t.id);
        t.startingChild = child.id;
        py.emit(EventKind.THREAD_START, t, new Text(
                "{0} calls threading.Thread(target={1}).start(): _thread.start_new_thread creates OS thread {2}, which must take the GIL before it can run any Python code; {0} then waits for {2} to signal that it started",
                "{0} 调用 threading.Thread(target={1}).start()：_thread.start_new_thread 创建操作系统线程 {2}，它必须先拿到 GIL 才能执行任何 Python 代码；随后 {0} 等待 {2} 发出“已启动”的信号",
                t, go.fn(), child), "child", child.id, "fn", go.fn());
        t.set(PyThread.Act.START_WAIT, py.now() + PyCosts.THREAD_START_NS);
    }

    private PyThread newThread(String fn, int parent) {
        PyThread child = py.newThread(fn, false, parent);
        py.refs.adoptLocals(child);
        py.ceval.takeGil(child);
        return child;
    }

    /** Thread.start()'s self._started.wait(): a lock acquire that releases the GIL. */
    void startWait(PyThread t) {
        PyThread child = py.thread(t.startingChild);
        if (child.announced) {
            py.eval.run(t);
            return;
        }
        py.eval.blockOnLock(t, PyThread.Block.START, child.label());
        py.emit(EventKind.PY_BLOCK, t, new Text(
                "{0} waits in Thread.start() for {1}'s _started event, a lock acquire that releases the GIL{2}",
                "{0} 在 Thread.start() 中等待 {1} 的 _started 事件，这是一次会释放 GIL 的加锁等待{2}",
                t, child, py.ceval.wokenPhrase()), "block", PyThread.Block.START.what, "on", child.id);
    }

    /** Thread._bootstrap_inner's first bytecode: self._started.set() wakes the parent waiting in start(). */
    void bootstrap(PyThread t) {
        t.announced = true;
        if (t.parent == 0) {
            return;
        }
        PyThread p = py.threads.get(t.parent);
        if (p != null && p.state == PyThread.State.BLOCKED && p.block == PyThread.Block.START
                && p.startingChild == t.id && p.act == PyThread.Act.NONE) {
            py.eval.wake(p);
        }
    }

    /** A thread started by the learner from outside: nobody waits in start() for it. */
    void startFromOutside(String fn) {
        PyThread child = py.newThread(fn, false, 0);
        py.refs.adoptLocals(child);
        boolean free = py.ceval.takeGil(child);
        py.emit(EventKind.THREAD_START, child, new Text(
                "A new thread {0} running {1} is started from outside the program; it calls take_gil{2}",
                "从程序外部启动了运行 {1} 的新线程 {0}；它调用 take_gil{2}", child, fn, py.eval.gilPhrase(free)),
                "child", child.id, "fn", fn);
    }

    /** The thread's code is done: release its locals, then end the thread or (main) finalize. */
    void codeReturned(PyThread t) {
        if (!t.localsReleased) {
            t.localsReleased = true;
            if (py.refs.releaseLocals(t)) {
                py.eval.run(t);
                return;
            }
        }
        if (t.main) {
            t.codeDone = true;
            shutdown(t);
        } else {
            t.set(PyThread.Act.THREAD_EXIT, py.now() + PyCosts.BYTECODE_NS);
        }
    }

    /** An uncaught exception ends t's code (threading.excepthook, or sys.excepthook in main). */
    void excepthook(PyThread t, String exception, Text why) {
        t.exception = exception;
        t.frames.clear();
        Text rest = t.main
                ? new Text("nothing catches it, so sys.excepthook prints the traceback and main's code ends; the interpreter still joins the other threads before it exits with status {0}",
                "没有代码捕获它，sys.excepthook 打印回溯，main 的代码结束；解释器仍会先 join 其他线程，再以状态 {0} 退出",
                "KeyboardInterrupt".equals(exception) ? 130 : 1)
                : new Text("nothing catches it, so threading.excepthook prints \"Exception in thread {0}\" and the thread ends; the other threads and the process go on",
                "没有代码捕获它，threading.excepthook 打印 \"Exception in thread {0}\"，该线程结束；其他线程和整个进程照常运行",
                t.name);
        py.emit(EventKind.EXCEPTHOOK, t, new Text("{0}; {1}", "{0}；{1}", why, rest),
                "exception", exception);
        t.set(PyThread.Act.RUN, py.now() + PyCosts.BYTECODE_NS);
    }

    /** thread_run's end: the thread state is cleared, the GIL released, a joiner woken. */
    void exit(PyThread t) {
        t.state = PyThread.State.EXITED;
        t.cpu = PyThread.Cpu.NONE;
        py.ceval.release(t);
        PyThread main = py.mainThread();
        boolean joined = main.state == PyThread.State.BLOCKED && main.block == PyThread.Block.JOIN
                && t.label().equals(main.blockOn) && main.act == PyThread.Act.NONE;
        if (joined) {
            py.eval.wake(main);
        }
        py.emit(EventKind.THREAD_EXIT, t, new Text("{0} {1}: thread_run releases the GIL and the OS thread exits{2}{3}",
                "{0} {1}：thread_run 释放 GIL，操作系统线程退出{2}{3}", t,
                t.exception == null ? new Text("returns from {0}", "从 {0} 返回", t.fn)
                        : new Text("ends with {0}", "因 {0} 结束", t.exception),
                py.ceval.wokenPhrase(),
                joined ? new Text("; the main thread, joining it, is woken", "；正在 join 它的主线程被唤醒")
                        : Text.EMPTY), "exception", t.exception);
    }

    /** Py_FinalizeEx for the main thread (holding the GIL): join the next live thread, or exit. */
    void shutdown(PyThread t) {
        PyThread next = null;
        if (!t.skipJoin) {
            for (PyThread o : py.threads.values()) {
                if (!o.main && o.alive()) {
                    next = o;
                    break;
                }
            }
        }
        if (next != null) {
            Text start = codeEnd(t);
            py.eval.blockOnLock(t, PyThread.Block.JOIN, next.label());
            List<String> alive = new ArrayList<>();
            py.threads.values().stream().filter(o -> !o.main && o.alive()).forEach(o -> alive.add(o.label()));
            py.emit(EventKind.PY_BLOCK, t, new Text(
                    "{0}threading._shutdown joins the non-daemon threads still running ({1}): the main thread waits for {2} (a lock acquire on its _tstate_lock) and releases the GIL{3}",
                    "{0}threading._shutdown 逐个 join 仍在运行的非守护线程（{1}）：主线程等待 {2}（在其 _tstate_lock 上加锁）并释放 GIL{3}",
                    start, String.join(", ", alive), next, py.ceval.wokenPhrase()),
                    "block", PyThread.Block.JOIN.what, "on", next.id);
            return;
        }
        int code = t.exception == null ? 0 : "KeyboardInterrupt".equals(t.exception) ? 130 : 1;
        Text how = code == 130
                ? new Text("exit_sigint restores SIGINT's default action and sends it to the process, so it ends with status 130 (128 + 2)",
                "exit_sigint 恢复 SIGINT 的默认动作并把它发给自己，进程以状态 130（128 + 2）结束")
                : new Text("the process exits with status {0}", "进程以状态 {0} 退出", code);
        t.state = PyThread.State.EXITED;
        t.cpu = PyThread.Cpu.NONE;
        py.gil.holder = 0;
        py.emit(EventKind.PY_EXIT, t, new Text("{0}Py_FinalizeEx finishes: {1}", "{0}Py_FinalizeEx 完成：{1}",
                t.skipJoin ? new Text("The interpreter stops joining and finalizes: ", "解释器不再 join，开始收尾：")
                        : codeEnd(t), how), "exitCode", code);
        py.exit(t.exception == null ? "main returned" : "uncaught " + t.exception, code);
    }

    /** "main's code is done: Py_FinalizeEx runs; " the first time, nothing after. */
    private Text codeEnd(PyThread t) {
        if (t.finalizing) {
            return Text.EMPTY;
        }
        t.finalizing = true;
        return t.exception == null
                ? new Text("main's code has returned, so Py_FinalizeEx runs: ", "main 的代码已返回，于是执行 Py_FinalizeEx：")
                : new Text("main's code ended with {0}, so Py_FinalizeEx runs: ", "main 的代码因 {0} 结束，于是执行 Py_FinalizeEx：", t.exception);
    }

    /** Nothing can happen any more: every thread waits for another. */
    void hang() {
        List<String> waits = new ArrayList<>();
        for (PyThread t : py.threads.values()) {
            if (t.alive()) {
                waits.add(t.label() + " " + (t.block == null ? t.state.wire : t.block.what
                        + (t.blockOn == null ? "" : " " + t.blockOn)));
            }
        }
        py.emit(EventKind.PY_HANG, py.mainThread(), new Text(
                "Every thread is waiting and nothing can wake one ({0}); CPython has no deadlock detector, so the process would hang here until it is killed",
                "所有线程都在等待，没有任何事件能唤醒它们（{0}）；CPython 没有死锁检测器，进程会一直挂在这里，直到被杀死",
                String.join("; ", waits)));
    }
}
