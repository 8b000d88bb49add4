package goroutinelab.lesson;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The shape of the state snapshot (spec/state-and-events.md), so an
 * {@code expect} path can be checked before anything runs: a misspelled field
 * is an authoring error with a "did you mean", while an id that does not exist
 * yet (a goroutine not created) simply reads as null. A test walks real
 * snapshots and fails if a writer produces a path this shape does not know.
 */
public final class SnapshotPaths {
    private SnapshotPaths() {
    }

    /** A node of the shape: a record with named fields, a map keyed by ids, or a leaf. */
    sealed interface Shape permits Rec, Ids, Leaf {
    }

    record Rec(Map<String, Shape> fields) implements Shape {
    }

    record Ids(Shape each) implements Shape {
    }

    record Leaf() implements Shape {
    }

    private static final Leaf LEAF = new Leaf();

    private static Rec rec(Object... kv) {
        Map<String, Shape> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i++) {
            if (kv[i] instanceof String name && (i + 1 == kv.length || kv[i + 1] instanceof String)) {
                m.put(name, LEAF);
            } else {
                m.put((String) kv[i], (Shape) kv[i + 1]);
                i++;
            }
        }
        return new Rec(m);
    }

    private static Ids ids(Shape each) {
        return new Ids(each);
    }

    /** stats.events: a count for every known event kind, 0 until it happens. */
    private static Rec eventKinds() {
        Map<String, Shape> m = new LinkedHashMap<>();
        for (goroutinelab.engine.EventKind k : goroutinelab.engine.EventKind.values()) {
            m.put(k.wire(), LEAF);
        }
        return new Rec(m);
    }

    static final Rec GO = rec(
            "step", "time",
            "sched", rec("runq", "gomaxprocs", "npidle", "nmspinning", "stw", "gcwaiting", "pidle", "midle", "asyncPreemption"),
            "p", ids(rec("status", "m", "runnext", "runq", "runqCap", "schedtick", "syscalltick", "timers")),
            "m", ids(rec("p", "curg", "spinning", "state", "oldp", "nextp", "netpoll", "incgo", "op", "opStart", "opEnd", "hand",
                    "delay", "idle", "next")),
            "g", ids(rec("status", "fn", "pc", "m", "waitreason", "on", "preempt", "assistBytes", "system", "op")),
            "gc", rec("phase", "cycle", "writeBarrier", "heapLive", "heapMarked", "heapGoal", "trigger", "grey",
                    "assistQueue", "workers", ids(LEAF), "lost", "bgScanCredit", "markWork", "roots", "stwReason", "lastCycle",
                    "assists", "sweepDone", "gogc", "markCpu", rec("assist", "dedicated", "fractional", "idle"),
                    "utilization", rec("goal", "dedicated", "fractionalGoal", "sinceMarkStart", "fractionalTime", "fractionalShare"),
                    "workbufs", rec("p", ids(rec("wbuf1", "wbuf2")), "full", "empty")),
            "heap", ids(rec("color", "size", "noscan", "scanBytes", "fields", ids(LEAF), "freed", "lost", "allocatedIn", "reachable")),
            "globals", ids(LEAF),
            "stacks", ids(ids(LEAF)),
            "chan", ids(rec("cap", "buf", "values", "sendq", "recvq", "closed")),
            "netpoll", rec("waiting", "ready", "blockedM", "pollUntil", "lastpoll"),
            "signals", rec("pending", "notify", ids(LEAF), "inflight", "delivered", "dropped", "handlerM", "loopG"),
            "process", rec("exited", "reason", "exitCode", "stopped"),
            "stats", rec("events", eventKinds(), "goroutines", "numGoroutine", "threads"),
            "cpython", LEAF);

    /** The interpreter's object: what {@code cpython.} addresses under model cpython and compare alike. */
    static final Rec CPYTHON = rec(
            "threads", ids(rec("name", "fn", "state", "main", "pc", "op", "holdsGil", "waiting", "cpu", "inHandler",
                    "tracer", "inTrace", "traceCalls", "exception")),
            "gil", rec("holder", "waiting", "handoff", "dropRequest", "switches", "interval", "lastHolder"),
            "evalBreaker", "pendingSignals", "handlers", ids(LEAF), "gcScheduled",
            "heap", ids(rec("refcount", "size", "fields", ids(LEAF), "freed")),
            "globals", ids(LEAF),
            "locals", ids(ids(LEAF)),
            "chan", ids(rec("cap", "buf", "sendq", "recvq", "closed")),
            "process", rec("exited", "reason", "exitCode"),
            "stats", rec("events", eventKinds(), "threads"));

    /** The snapshot under model cpython: the interpreter's object beside step, time, process and stats. */
    static final Rec CPYTHON_TOP = rec(
            "step", "time",
            "cpython", CPYTHON,
            "process", rec("exited", "reason", "exitCode"),
            "stats", rec("events", eventKinds(), "threads"));

    /** The snapshot under model compare: both sides on one clock. */
    static final Rec COMPARE = rec("step", "time", "go", GO, "cpython", CPYTHON);

    /** The shape of a model's snapshot. */
    static Rec shape(Lesson.Model model) {
        return switch (model) {
            case GO -> GO;
            case CPYTHON -> CPYTHON_TOP;
            case COMPARE -> COMPARE;
        };
    }

    /** As {@link #check(String, Set, Lesson.Model)} for a Go lesson. */
    public static String check(String path, Set<String> channels) {
        return check(path, channels, Lesson.Model.GO);
    }

    /**
     * Null when the path fits the snapshot's shape under the lesson's model;
     * otherwise what is wrong with it. Under compare, paths start with go. or
     * cpython.; under cpython, the interpreter's state is under cpython. (and
     * process and stats are also at the top, as under go).
     */
    public static String check(String path, Set<String> channels, Lesson.Model model) {
        String[] parts = path.split("\\.", -1);
        for (String p : parts) {
            if (p.isEmpty()) {
                return "expect path '" + path + "' has an empty segment (two dots, or a dot at an end)";
            }
        }
        String bad = walk(path, parts, 0, shape(model));
        if (bad != null && model == Lesson.Model.COMPARE && !parts[0].equals("go") && !parts[0].equals("cpython")) {
            return bad + " (a compare lesson's paths start with go. or cpython.)";
        }
        return bad;
    }

    private static String walk(String path, String[] parts, int i, Shape at) {
        for (; i < parts.length; i++) {
            String key = parts[i];
            if (at instanceof Leaf) {
                return null;
            }
            if (key.equals("length") && i == parts.length - 1) {
                return null;
            }
            if (at instanceof Ids ids) {
                at = ids.each();
                continue;
            }
            Rec r = (Rec) at;
            Shape next = r.fields().get(key);
            if (next == null) {
                String prefix = String.join(".", List.of(parts).subList(0, i));
                return "expect path '" + path + "': " + (prefix.isEmpty() ? "the snapshot" : "'" + prefix + "'")
                        + " has no field '" + key + "'" + Suggest.hint(key, r.fields().keySet())
                        + "; it has: " + String.join(", ", r.fields().keySet());
            }
            at = next;
        }
        return null;
    }
}
