package goroutinelab.engine.cpython;

import goroutinelab.engine.EventKind;
import goroutinelab.engine.Fmt;
import goroutinelab.engine.Op;
import goroutinelab.engine.Text;

/**
 * The eval loop of a thread that holds the GIL (Python/ceval.c and
 * Python/bytecodes.c): it finishes any deallocation its last bytecode
 * started, tests the eval breaker, and runs the thread's next op.
 *
 * <p>CPU work comes in two kinds. {@code compute} is bytecode: the loop tests
 * the breaker at back-edges and calls, modelled as a test every
 * {@link PyCosts#EVAL_CHECK_NS} ns, so a drop request or (in the main thread)
 * a pending signal is noticed within microseconds. {@code loop} is one C call
 * that holds the GIL and tests nothing until it returns. Between two ops the
 * thread always passes a test.
 *
 * <p>Calls that release the GIL (Py_BEGIN_ALLOW_THREADS ... Py_END_ALLOW_THREADS)
 * block the thread; on return it calls take_gil and may have to wait for it.
 */
final class Eval {
    private final Interpreter py;

    Eval(Interpreter py) {
        this.py = py;
    }

    /** One turn of the eval loop for t, which holds the GIL. */
    void run(PyThread t) {
        if (py.gil.holder != t.id) {
            throw new IllegalStateException("eval loop: " + t + " runs without the GIL (holder=" + py.gil.holder + ")");
        }
        if (!py.deallocQueue.isEmpty()) {
            py.refs.dealloc(t);
            return;
        }
        if (!t.announced) {
            py.threading.bootstrap(t);
        }
        if (t.eintr) {
            t.eintr = false;
            if (t.main && py.signalsPending) {
                py.signals.runHandlers(t, true);
                return;
            }
        }
        if (py.breakerFor(t)) {
            py.emit(EventKind.EVAL_BREAKER, t, new Text(
                    "{0} tests the eval breaker between bytecodes: it is set ({1}), so _Py_HandlePending runs",
                    "{0} 在字节码之间检查 eval breaker：它被设置了（{1}），于是执行 _Py_HandlePending", t, reason(t)),
                    "reason", reasonWire(t));
            t.set(PyThread.Act.HANDLE_PENDING, py.now() + PyCosts.HANDLE_PENDING_NS);
            return;
        }
        Op op = t.frames.next();
        if (op == null) {
            if (t.codeDone) {
                py.threading.shutdown(t);
            } else {
                py.threading.codeReturned(t);
            }
            return;
        }
        if (py.tracing.due(t)) {
            py.tracing.callTrace(t);
            return;
        }
        runOp(t, op);
    }

    private void runOp(PyThread t, Op op) {
        if (op instanceof Op.Compute c) {
            startCpu(t, PyThread.Cpu.BYTECODE, c.durationNs());
        } else if (op instanceof Op.Loop l) {
            startCpu(t, PyThread.Cpu.C_CALL, l.durationNs());
        } else if (op instanceof Op.Call c) {
            t.frames.push(new PyFrame(c.fn(), py.prog.function(c.fn()), 0, false));
            t.set(PyThread.Act.RUN, py.now() + PyCosts.BYTECODE_NS);
        } else if (op instanceof Op.Repeat r) {
            t.frames.enterRepeat(r);
            t.set(PyThread.Act.RUN, py.now());
        } else if (op instanceof Op.Go go) {
            py.threading.start(t, go);
        } else if (op instanceof Op.Gosched) {
            block(t, PyThread.Block.SLEEP0, PyCosts.SLEEP0_NS);
        } else if (op instanceof Op.Syscall s) {
            block(t, s.cgo() ? PyThread.Block.CGO : PyThread.Block.SYSCALL, s.durationNs());
        } else if (op instanceof Op.Sleep s) {
            block(t, PyThread.Block.SLEEP, s.durationNs());
        } else if (op instanceof Op.NetRead n) {
            block(t, PyThread.Block.NETREAD, n.durationNs());
        } else if (op instanceof Op.Send s) {
            py.queueModule.put(t, s.chan());
        } else if (op instanceof Op.Recv r) {
            py.queueModule.get(t, r.chan());
        } else if (op instanceof Op.Close c) {
            py.queueModule.shutdown(t, c.chan());
        } else if (op instanceof Op.Alloc a) {
            py.refs.alloc(t, a);
        } else if (op instanceof Op.Store s) {
            py.refs.store(t, s);
        } else if (op instanceof Op.Load l) {
            py.refs.load(t, l);
        } else if (op instanceof Op.Clear c) {
            py.refs.clear(t, c);
        } else if (op instanceof Op.Gc) {
            py.refs.collect(t, true);
        } else if (op instanceof Op.Notify n) {
            py.signals.signalSignal(t, n);
        } else if (op instanceof Op.SetTrace s) {
            py.tracing.settrace(t, s);
        } else {
            throw new IllegalStateException("eval loop: unknown op " + op);
        }
    }

    /** Why the breaker is set, as t sees it. */
    private Text reason(PyThread t) {
        if (t.main && py.signalsPending) {
            return new Text("a signal is pending: {0}", "有信号待处理：{0}", String.join(", ", py.tripped.values()));
        }
        if (py.gcScheduled) {
            return new Text("a collection is scheduled", "有一次垃圾回收在排队");
        }
        return new Text("gil_drop_request: another thread wants the GIL", "gil_drop_request：另一个线程想要 GIL");
    }

    private String reasonWire(PyThread t) {
        return t.main && py.signalsPending ? "signals" : py.gcScheduled ? "gc" : "gil_drop_request";
    }

    /**
     * compute / loop: the thread keeps the GIL for the op's time (or what an
     * interruption left of it). Under a trace function bytecode runs one line
     * at a time, so the trace function can be called before the next.
     */
    private void startCpu(PyThread t, PyThread.Cpu kind, long durationNs) {
        PyFrame f = t.top();
        long remaining = f.remainingNs > 0 ? f.remainingNs : durationNs;
        f.remainingNs = remaining;
        t.cpu = kind;
        t.opStart = py.now();
        long slice = kind == PyThread.Cpu.BYTECODE && py.tracing.active(t) ? Math.min(remaining, Tracing.LINE_NS) : remaining;
        t.opEnd = py.now() + slice;
        t.set(PyThread.Act.OP_END, t.opEnd);
    }

    /** The CPU work (or, under a trace function, one line of it) finished: the next line or op follows (its eval-breaker test first). */
    void opEnd(PyThread t) {
        t.cpu = PyThread.Cpu.NONE;
        PyFrame f = t.top();
        long left = f.remainingNs - (py.now() - t.opStart);
        if (left > 0) {
            f.remainingNs = left;
            f.lineTraced = false;
        } else {
            f.advance();
        }
        run(t);
    }

    /**
     * Something set the eval breaker while t holds the GIL: if t is running
     * bytecode it notices at its next test; a C call notices nothing; between
     * ops the next run() tests anyway.
     */
    void poke(PyThread t) {
        if (t.cpu != PyThread.Cpu.BYTECODE || t.act != PyThread.Act.OP_END || !py.breakerFor(t)) {
            return;
        }
        long k = (py.now() - t.opStart) / PyCosts.EVAL_CHECK_NS + 1;
        long at = t.opStart + k * PyCosts.EVAL_CHECK_NS;
        if (at < t.opEnd) {
            t.set(PyThread.Act.CHECK, at);
        }
    }

    /** A test of the eval breaker inside bytecode work finds it set: the work is cut here. */
    void check(PyThread t) {
        PyFrame f = t.top();
        f.remainingNs = f.remainingNs - (py.now() - t.opStart);
        t.cpu = PyThread.Cpu.NONE;
        py.emit(EventKind.EVAL_BREAKER, t, new Text(
                "{0} tests the eval breaker at a loop back-edge: it is set ({1}), so _Py_HandlePending runs ({2} of its {3} left)",
                "{0} 在循环回跳处检查 eval breaker：它被设置了（{1}），于是执行 _Py_HandlePending（{3} 还剩 {2}）",
                t, reason(t), Fmt.time(f.remainingNs), PyOps.describe(t.frames.peek())), "reason", reasonWire(t));
        t.set(PyThread.Act.HANDLE_PENDING, py.now() + PyCosts.HANDLE_PENDING_NS);
    }

    /** _Py_HandlePending: pending signals (main thread only), a scheduled collection, then the drop request. */
    void handlePending(PyThread t) {
        if (t.main && py.signalsPending) {
            py.signals.runHandlers(t, false);
        } else if (py.gcScheduled) {
            py.refs.collect(t, false);
        } else if (py.gil.dropRequest) {
            py.ceval.forcedDrop(t);
            if (!py.emitted()) {
                run(t);
            }
        } else {
            run(t);
        }
    }

    /** A call that releases the GIL: the thread blocks for {@code durationNs} (or what EINTR left of it). */
    void block(PyThread t, PyThread.Block kind, long durationNs) {
        PyFrame f = t.top();
        boolean retry = f.retry;
        long d = retry ? Math.max(0, f.deadlineNs - py.now()) : durationNs;
        t.block = kind;
        t.blockOn = null;
        t.blockUntil = py.now() + d;
        t.state = PyThread.State.BLOCKED;
        py.ceval.release(t);
        t.set(PyThread.Act.BLOCK_END, t.blockUntil);
        Text call = switch (kind) {
            case SLEEP0 -> new Text("{0} calls time.sleep(0)", "{0} 调用 time.sleep(0)", t);
            case SLEEP -> new Text("{0} calls time.sleep({1})", "{0} 调用 time.sleep({1})", t, Fmt.time(durationNs));
            case SYSCALL -> new Text("{0} makes a blocking system call ({1})", "{0} 进行一个阻塞系统调用（{1}）", t, Fmt.time(durationNs));
            case NETREAD -> new Text("{0} calls sock.recv(); the data arrives in {1}", "{0} 调用 sock.recv()；数据将在 {1} 后到达", t, Fmt.time(d));
            case CGO -> new Text("{0} calls a C extension function ({1}) that releases the GIL around its work",
                    "{0} 调用一个在工作期间释放 GIL 的 C 扩展函数（{1}）", t, Fmt.time(durationNs));
            default -> throw new IllegalStateException("block: " + kind + " is not a timed call");
        };
        Text again = retry ? new Text(" again for the {0} left (PEP 475: retried after EINTR)",
                "，再次调用以完成剩下的 {0}（PEP 475：EINTR 之后重试）", Fmt.time(d)) : Text.EMPTY;
        py.emit(EventKind.PY_BLOCK, t, new Text("{0}{1}: Py_BEGIN_ALLOW_THREADS releases the GIL{2}",
                "{0}{1}：Py_BEGIN_ALLOW_THREADS 释放 GIL{2}", call, again, py.ceval.wokenPhrase()),
                "block", kind.what, "untilNs", t.blockUntil);
        f.retry = false;
    }

    /** Blocks t in a lock acquire (queue, Thread.start, join) until another thread wakes it. */
    void blockOnLock(PyThread t, PyThread.Block kind, String on) {
        t.block = kind;
        t.blockOn = on;
        t.blockUntil = Interpreter.NEVER;
        t.state = PyThread.State.BLOCKED;
        py.ceval.release(t);
        t.idle();
    }

    /** Another thread (or the clock) ends t's wait: t returns from the call and calls take_gil. */
    void wake(PyThread t) {
        if (t.state != PyThread.State.BLOCKED) {
            throw new IllegalStateException("wake: " + t + " is not blocked");
        }
        t.set(PyThread.Act.BLOCK_END, py.now() + PyCosts.THREAD_WAKE_NS);
    }

    /** The blocking call returns: Py_END_ALLOW_THREADS calls take_gil. */
    void blockEnd(PyThread t) {
        PyThread.Block kind = t.block;
        String on = t.blockOn;
        Text what = switch (kind) {
            case SLEEP, SLEEP0, SYSCALL, NETREAD, CGO -> {
                t.top().advance();
                yield new Text("{0}'s {1} returns", "{0} 的 {1} 返回了", t, kind.what);
            }
            case QUEUE_GET -> new Text("{0} is woken in {1}.get() (not_empty was notified)",
                    "{0} 在 {1}.get() 中被唤醒（not_empty 收到通知）", t, on);
            case QUEUE_PUT -> new Text("{0} is woken in {1}.put() (not_full was notified)",
                    "{0} 在 {1}.put() 中被唤醒（not_full 收到通知）", t, on);
            case START -> new Text("{0} started and set its _started event: {1}'s wait in Thread.start() returns",
                    "{0} 已启动并设置了 _started 事件：{1} 在 Thread.start() 中的等待结束", on, t);
            case JOIN -> new Text("{0} has exited: {1}'s join of it in threading._shutdown returns",
                    "{0} 已退出：{1} 在 threading._shutdown 中对它的 join 返回", on, t);
        };
        t.block = null;
        t.blockOn = null;
        boolean free = py.ceval.takeGil(t);
        py.emit(EventKind.PY_WAKE, t, new Text("{0}; Py_END_ALLOW_THREADS: {1} calls take_gil{2}",
                "{0}；Py_END_ALLOW_THREADS：{1} 调用 take_gil{2}", what, t, gilPhrase(free)), "block", kind.what);
    }

    /** ", finds the GIL free" or ", and T2 holds the GIL, so it waits". */
    Text gilPhrase(boolean free) {
        if (free) {
            return new Text(" and finds the GIL free", "，发现 GIL 空闲");
        }
        int h = py.gil.holder != 0 ? py.gil.holder : py.gil.handoff;
        return new Text(", but T{0} has the GIL, so it waits (at most {1} before it asks for it)",
                "，但 GIL 在 T{0} 手里，所以它等待（最多 {1} 之后就会请求对方释放）", h, Fmt.time(py.gil.intervalNs));
    }
}
