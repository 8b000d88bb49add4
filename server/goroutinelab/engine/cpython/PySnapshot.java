package goroutinelab.engine.cpython;

import goroutinelab.engine.SnapshotMap;

import java.util.ArrayList;
import java.util.Map;

/**
 * Writes the interpreter's snapshot: {@code {step, time, cpython, process, stats}},
 * where {@code cpython} holds threads, the GIL, the eval breaker, signals, the
 * heap and the queues, plus its own process and stats so that compare mode can
 * show it alone (lesson/SnapshotPaths.java keeps the shape in step).
 */
final class PySnapshot {
    private final Interpreter py;

    PySnapshot(Interpreter py) {
        this.py = py;
    }

    Map<String, Object> write() {
        Map<String, Object> c = cpython();
        SnapshotMap.Builder s = SnapshotMap.builder(5);
        s.put("step", py.steps());
        s.put("time", py.now());
        s.put("cpython", c);
        // the same process and stats as the cpython side's: snapshot maps do not change, so both hold one copy
        s.put("process", c.get("process"));
        s.put("stats", c.get("stats"));
        return s.build();
    }

    Map<String, Object> cpython() {
        SnapshotMap.Builder c = SnapshotMap.builder(14);
        c.put("threads", threads());
        c.put("gil", gil());
        PyThread h = py.holder();
        c.put("evalBreaker", h != null ? py.breakerFor(h) : py.gil.dropRequest || py.gcScheduled || py.signalsPending);
        c.put("pendingSignals", new ArrayList<>(py.tripped.values()));
        SnapshotMap.Builder handlers = SnapshotMap.builder(py.handlers.size());
        py.handlers.forEach((sig, handler) -> handlers.put(sig, handler.describe()));
        c.put("handlers", handlers.build());
        c.put("gcScheduled", py.gcScheduled);
        c.put("heap", heap());
        c.put("globals", SnapshotMap.copyOf(py.globals));
        SnapshotMap.Builder locals = SnapshotMap.builder(py.threads.size());
        for (PyThread t : py.threads.values()) {
            if (!t.locals.isEmpty()) {
                locals.put(SnapshotMap.key(t.id), SnapshotMap.copyOf(t.locals));
            }
        }
        c.put("locals", locals.build());
        c.put("chan", queues());
        c.put("process", process());
        c.put("stats", stats());
        return c.build();
    }

    private Map<String, Object> threads() {
        SnapshotMap.Builder out = SnapshotMap.builder(py.threads.size());
        for (PyThread t : py.threads.values()) {
            SnapshotMap.Builder m = SnapshotMap.builder(16);
            m.put("name", t.name);
            m.put("fn", t.fn);
            m.put("state", t.state.wire);
            m.put("main", t.main);
            PyFrame f = t.top();
            m.put("pc", f == null ? 0 : f.pc());
            m.put("op", t.alive() ? PyOps.describe(t.frames.peek()) : null);
            m.put("holdsGil", py.gil.holder == t.id);
            m.put("waiting", waiting(t));
            m.put("cpu", t.cpu == PyThread.Cpu.NONE ? null : t.cpu == PyThread.Cpu.BYTECODE ? "bytecode" : "c-call");
            m.put("inHandler", t.frames.any(fr -> fr.handler));
            m.put("tracer", t.traceFn);
            m.put("inTrace", t.frames.any(fr -> fr.trace));
            m.put("traceCalls", t.traceCalls);
            m.put("exception", t.exception);
            out.put(SnapshotMap.key(t.id), m.build());
        }
        return out.build();
    }

    /** What a thread that is not running waits for, in CPython's words. */
    private static String waiting(PyThread t) {
        return switch (t.state) {
            case WAITING_GIL -> "take_gil";
            case BLOCKED -> t.block.what + (t.blockOn == null ? "" : " " + t.blockOn);
            default -> null;
        };
    }

    private Map<String, Object> gil() {
        Gil g = py.gil;
        SnapshotMap.Builder m = SnapshotMap.builder(7);
        m.put("holder", g.holder == 0 ? null : g.holder);
        m.put("waiting", g.waiting.toList());
        m.put("handoff", g.handoff == 0 ? null : g.handoff);
        m.put("dropRequest", g.dropRequest);
        m.put("switches", g.switches);
        m.put("interval", g.intervalNs);
        m.put("lastHolder", g.lastHolder == 0 ? null : g.lastHolder);
        return m.build();
    }

    private Map<String, Object> heap() {
        SnapshotMap.Builder out = SnapshotMap.builder(py.objects.size());
        for (PyObj o : py.objects.values()) {
            SnapshotMap.Builder m = SnapshotMap.builder(4);
            m.put("refcount", o.refcount);
            m.put("size", o.sizeBytes);
            m.put("fields", SnapshotMap.copyOf(o.fields));
            m.put("freed", o.freed);
            out.put(o.id, m.build());
        }
        return out.build();
    }

    private Map<String, Object> queues() {
        SnapshotMap.Builder out = SnapshotMap.builder(py.queues.size());
        for (PyQueue q : py.queues.values()) {
            SnapshotMap.Builder m = SnapshotMap.builder(5);
            m.put("cap", q.maxsize);
            m.put("buf", q.items.toList());
            m.put("sendq", q.putters.toList());
            m.put("recvq", q.getters.toList());
            m.put("closed", q.shutdown);
            out.put(q.name, m.build());
        }
        return out.build();
    }

    private Map<String, Object> process() {
        SnapshotMap.Builder m = SnapshotMap.builder(3);
        m.put("exited", py.exited);
        m.put("reason", py.exitReason);
        m.put("exitCode", py.exitCode);
        return m.build();
    }

    private Map<String, Object> stats() {
        SnapshotMap.Builder m = SnapshotMap.builder(2);
        // every known kind, so "no such event yet" reads 0
        m.put("events", py.eventCounts());
        m.put("threads", py.threads.values().stream().filter(PyThread::alive).count());
        return m.build();
    }
}
