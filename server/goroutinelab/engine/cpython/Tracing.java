package goroutinelab.engine.cpython;

import goroutinelab.engine.EventKind;
import goroutinelab.engine.Op;
import goroutinelab.engine.Text;

/**
 * A trace function (Python/sysmodule.c: sys_settrace, trace_trampoline;
 * Python/legacy_tracing.c: call_trace_func, sys_trace_line_func; in 3.12 and
 * later sys.settrace rides on the sys.monitoring machinery of
 * Python/instrumentation.c): the interpreter itself calls a Python function
 * of the program's choosing between lines.
 *
 * <p><b>What it models.</b> {@code settrace: f} is {@code sys.settrace(f)}:
 * it sets the trace function of the calling thread only (tstate->c_traceobj);
 * threads started later are not traced (that takes threading.settrace). From
 * then on, each time the thread enters a function its trace function is
 * called with 'call', and before each line with 'line'. Each op of a lesson
 * function is one line; {@code compute} is bytecode, a run of lines of
 * {@link #LINE_NS} each; {@code loop} is one C call, a single line however
 * long it runs, because nothing inside C code is traced. The trace function
 * is ordinary Python code: the thread runs it in its own eval loop, on top of
 * the frame it traces, and so it runs holding the GIL, like any bytecode; while
 * it runs the thread's tracing counter is raised (tstate->tracing), so the
 * trace function's own lines are not traced. A call costs
 * {@link #TRACE_CALL_NS} (the trampoline, the frame object and the call)
 * before the trace function's own ops run.
 *
 * <p><b>Simplifications.</b> The trace function is taken to return itself, so
 * every frame it sees is traced line by line (a real one may return None for
 * a frame and skip its lines); 'return' and 'exception' events are not
 * modelled; a loop's condition line is not traced again at each pass;
 * sys.monitoring's per-location DISABLE is not modelled.
 */
final class Tracing {
    /**
     * One line of simple Python bytecode (a loop's {@code x += i}). Measured
     * with CPython 3.11.7 on a 2-core x86-64 Linux VM: 40–50 ns for a loop
     * pass of two lines.
     */
    static final long LINE_NS = 25;
    /**
     * call_trace_func, trace_trampoline and the call of the Python trace
     * function, before its own bytecode runs. Measured as above: a trace
     * function that only returns itself added 80–170 ns a line.
     */
    static final long TRACE_CALL_NS = 100;

    private final Interpreter py;

    Tracing(Interpreter py) {
        this.py = py;
    }

    /** {@code settrace: f}: sys.settrace(f) sets the calling thread's trace function. */
    void settrace(PyThread t, Op.SetTrace s) {
        py.prog.function(s.fn());
        t.traceFn = s.fn();
        t.top().advance();
        py.emit(EventKind.SETTRACE, t, new Text(
                "{0} calls sys.settrace({1}): from its next line on, {0}'s own eval loop calls {1} before every line and on entering every function; other threads are not traced",
                "{0} 调用 sys.settrace({1})：从下一行起，{0} 自己的求值循环在每一行之前、每次进入函数时都调用 {1}；其他线程不受影响",
                t, s.fn()), "tracer", s.fn());
        t.set(PyThread.Act.RUN, py.now() + PyCosts.BYTECODE_NS);
    }

    /** The thread has a trace function and is not inside it (tstate->tracing is 0). */
    boolean active(PyThread t) {
        return t.traceFn != null && !t.frames.any(f -> f.trace);
    }

    /** The thread's next line (or the function it just entered) has not been shown to its trace function yet. */
    boolean due(PyThread t) {
        PyFrame f = t.top();
        return active(t) && f != null && (!f.lineTraced || (!f.entered && f.pc() == 0));
    }

    /** call_trace_func: the trace function is called, in this thread, holding the GIL, with 'call' or 'line'. */
    void callTrace(PyThread t) {
        PyFrame f = t.top();
        boolean call = !f.entered && f.pc() == 0;
        if (call) {
            f.entered = true;
        } else {
            f.lineTraced = true;
        }
        t.traceCalls++;
        String tracer = t.traceFn;
        Text where = call
                ? new Text("{0} enters {1}()", "{0} 进入 {1}()", t, f.fn())
                : new Text("{0} is about to run a line of {1}() ({2})", "{0} 即将执行 {1}() 的一行（{2}）",
                t, f.fn(), PyOps.describe(t.frames.peek()));
        py.emit(EventKind.CALL_TRACE, t, new Text(
                "{0}: call_trace_func calls the trace function {1}(frame, '{2}', None) in {3}, which keeps the GIL while it runs (trace call {4})",
                "{0}：call_trace_func 在 {3} 中调用跟踪函数 {1}(frame, '{2}', None)，运行期间 {3} 一直持有 GIL（第 {4} 次跟踪调用）",
                where, tracer, call ? "call" : "line", t, t.traceCalls),
                "what", call ? "call" : "line", "fn", f.fn(), "tracer", tracer);
        t.frames.push(PyFrame.traceFrame(tracer, py.prog.function(tracer)));
        t.set(PyThread.Act.RUN, py.now() + TRACE_CALL_NS);
    }
}
