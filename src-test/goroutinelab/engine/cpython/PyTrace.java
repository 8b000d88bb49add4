package goroutinelab.engine.cpython;

import goroutinelab.engine.Event;
import goroutinelab.engine.EventKind;
import goroutinelab.engine.Harness;

import java.util.List;
import java.util.Set;

/** Reads a cpython run's events as short lines ("gil_acquire T2") for assertions on their order. */
final class PyTrace {
    private PyTrace() {
    }

    static String line(Event e) {
        return e.kind().wire() + (e.g() == null ? "" : " T" + e.g());
    }

    /** The events of the given kinds, in order, as lines. */
    static List<String> of(Harness h, EventKind... kinds) {
        Set<EventKind> keep = Set.of(kinds);
        return h.events.stream().filter(e -> kinds.length == 0 || keep.contains(e.kind())).map(PyTrace::line).toList();
    }

    /** The first event matching kind and thread, at or after index from; fails if there is none. */
    static Event first(Harness h, EventKind kind, int thread) {
        return h.events.stream().filter(e -> e.kind() == kind && e.g() != null && e.g() == thread).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind.wire() + " of T" + thread + "\n" + h.tail(30)));
    }

    static Event first(Harness h, EventKind kind) {
        return h.events.stream().filter(e -> e.kind() == kind).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind.wire() + "\n" + h.tail(30)));
    }
}
