package goroutinelab.engine.cpython;

import goroutinelab.engine.Event;
import goroutinelab.engine.EventKind;
import goroutinelab.engine.Harness;
import goroutinelab.engine.Op;
import org.junit.jupiter.api.Test;

import static goroutinelab.engine.Harness.prog;
import static goroutinelab.engine.Harness.us;
import static org.assertj.core.api.Assertions.assertThat;

/** sys.settrace (Python/legacy_tracing.c: call_trace_func): the thread calls its trace function between lines, holding the GIL. */
class TracingTest {

    @Test
    void aTracedThreadCallsItsTraceFunctionBeforeEveryLineAndOnEnteringAFunction() {
        Harness h = Harness.cpython(prog()
                .fn("main", new Op.SetTrace("tracer"), new Op.Compute(100), new Op.Call("helper"))
                .fn("helper", new Op.Compute(25))
                .fn("tracer", new Op.Compute(25)).build());
        h.runToEnd(10_000);
        // four lines of main's compute, the call's line, 'call' into helper, helper's one line
        assertThat(PyTrace.of(h, EventKind.CALL_TRACE)).hasSize(7);
        assertThat(h.events.stream().filter(e -> e.kind() == EventKind.CALL_TRACE)
                .map(e -> e.detail().get("what")).toList())
                .containsExactly("line", "line", "line", "line", "line", "call", "line");
        assertThat(h.at("cpython.threads.1.traceCalls")).isEqualTo(7L);
    }

    @Test
    void eachLineCostsItsOwnTimePlusTheTraceCallAndTheTraceFunctionsLines() {
        Harness traced = Harness.cpython(prog()
                .fn("main", new Op.SetTrace("tracer"), new Op.Compute(us(2)))
                .fn("tracer", new Op.Compute(25)).build());
        traced.runToEnd(10_000);
        Event first = PyTrace.first(traced, EventKind.CALL_TRACE);
        Event exit = PyTrace.first(traced, EventKind.PY_EXIT);
        long lines = us(2) / Tracing.LINE_NS;
        assertThat(exit.time() - first.time()).isEqualTo(lines * (Tracing.LINE_NS + Tracing.TRACE_CALL_NS + 25));
    }

    @Test
    void theTraceFunctionRunsInTheTracedThreadHoldingTheGilAndIsNotItselfTraced() {
        Harness h = Harness.cpython(prog()
                .fn("main", new Op.SetTrace("tracer"), new Op.Compute(25))
                .fn("tracer", new Op.Compute(200)).build());
        h.until(e -> e.kind() == EventKind.CALL_TRACE, 100);
        assertThat(h.at("cpython.threads.1.inTrace")).isEqualTo(true);
        assertThat(h.at("cpython.gil.holder")).isEqualTo(1);
        h.runToEnd(10_000);
        assertThat(h.at("cpython.threads.1.traceCalls")).isEqualTo(1L);
    }

    @Test
    void settraceTracesOnlyTheCallingThread() {
        Harness h = Harness.cpython(prog()
                .fn("main", new Op.SetTrace("tracer"), new Op.Go("worker", 1))
                .fn("worker", new Op.Compute(100))
                .fn("tracer", new Op.Compute(25)).build());
        h.runToEnd(10_000);
        assertThat(h.events.stream().filter(e -> e.kind() == EventKind.CALL_TRACE).map(Event::g).distinct().toList())
                .containsExactly(1);
        assertThat(h.at("cpython.threads.2.tracer")).isNull();
    }

    @Test
    void theGoRuntimePassesSettraceWithoutAnEvent() {
        Harness h = Harness.go(prog()
                .fn("main", new Op.SetTrace("tracer"), new Op.Compute(100))
                .fn("tracer", new Op.Compute(25)).build(), 1);
        h.runToEnd(10_000);
        assertThat(h.kinds()).doesNotContain(EventKind.SETTRACE, EventKind.CALL_TRACE);
        assertThat(h.at("process.exitCode")).isEqualTo(0);
    }
}
