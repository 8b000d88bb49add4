package goroutinelab.real;

import goroutinelab.real.RealTrace.Assist;
import goroutinelab.real.RealTrace.Cycle;
import goroutinelab.real.RealTrace.Event;
import goroutinelab.real.RealTrace.Goroutine;
import goroutinelab.real.RealTrace.HeapSample;
import goroutinelab.real.RealTrace.Lane;
import goroutinelab.real.RealTrace.Pause;
import goroutinelab.real.RealTrace.Span;
import goroutinelab.real.RealTrace.Syscall;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns a real trace's events into a {@link RealTrace}: the lab's numbering
 * of the lesson's goroutines, per-P lanes, events in the model's words,
 * system calls, and the collector.
 *
 * <p>The exported program marks its trace with runtime/trace.Log: "lab start"
 * when the lesson's main begins and "lab end" when it returns (or "lab fatal
 * N" when an injected signal ends it), and "go fn" just before each {@code go}
 * statement of the lesson, so the next goroutine its goroutine creates is the
 * lesson's. A goroutine the runtime creates in between (a GC worker starting
 * with the first cycle) is recognised by its label and skipped. Lesson
 * goroutines get the model's numbers: the k-th goroutine running fn that
 * goroutine Gp creates is the one the model's Gp created k-th with fn (so a
 * real run that creates them in another order still calls them as the model
 * does); without the model's numbers, or for one the model never creates,
 * the next number in creation order. Times become ns since "lab start"; what
 * happened before only sets the state the run starts from.
 */
final class RealTraceBuilder {
    /** A goroutine's real id, and what the lab knows of it. */
    private static final class G {
        final long gid;
        Integer g;
        String fn;
        String kind = "runtime";
        String label;
        String start;
        Long created;
        Long ended;

        G(long gid) {
            this.gid = gid;
        }
    }

    /** A P's current span: who holds it since when. */
    private record Open(long gid, long from, Long m) {
    }

    /** A scheduled injection the program makes (a signal at its time), to show among the events. */
    record Injected(long atNs, String kind, String reason) {
    }

    private final Map<Long, G> gs = new TreeMap<>();
    private final Map<Long, ArrayDeque<String>> pending = new HashMap<>();
    private final Set<Long> gcWorkers = new HashSet<>();
    private final Map<Integer, Open> running = new TreeMap<>();
    private final Map<Integer, List<Span>> lanes = new TreeMap<>();
    private final Map<Integer, Long> threadOf = new HashMap<>();
    private final Map<Long, Integer> syscallOpen = new HashMap<>();
    /** The goroutine in a system call on each thread, where the trace says the thread. */
    private final Map<Long, Long> syscallOnThread = new HashMap<>();
    private final List<Syscall> syscalls = new ArrayList<>();
    private final List<Event> events = new ArrayList<>();
    private final List<Cycle> cycles = new ArrayList<>();
    private final List<Pause> pauses = new ArrayList<>();
    private final List<Assist> assists = new ArrayList<>();
    private final Map<Long, Integer> assistOpen = new HashMap<>();
    private final List<HeapSample> heap = new ArrayList<>();
    private final Map<String, Integer> modelNumbers;
    /** The function each creation stack starts at (from the trace file's own tables; may be empty). */
    private final Map<Long, String> starts;
    private final Map<String, Integer> createdSoFar = new HashMap<>();
    private final Set<Integer> numbersUsed = new HashSet<>();
    private int nextG;
    private long t0;
    private long t1;

    private RealTraceBuilder(Map<String, Integer> modelNumbers, Map<Long, String> starts) {
        this.modelNumbers = modelNumbers;
        this.starts = starts;
        this.nextG = 1 + modelNumbers.values().stream().mapToInt(Integer::intValue).max().orElse(1);
    }

    /** The key of a goroutine creation: the creator's number (0 for none), the function, and the k-th such creation. */
    static String creation(int parent, String fn, int k) {
        return parent + "/" + fn + "/" + k;
    }

    /**
     * The run as the lab shows it. {@code injected} are the program's scheduled injections (shown as
     * events at their times: a signal's delivery itself is not in the trace).
     */
    static RealTrace build(String lesson, List<TraceEvent> trace, List<Injected> injected, List<GcTrace.Line> gctrace,
                           RealTrace.RunInfo run, RealTrace.Recorded recorded) {
        return build(lesson, trace, injected, gctrace, run, recorded, Map.of());
    }

    /** As above, numbering the lesson's goroutines as the model does ({@link #creation} to the model's number). */
    static RealTrace build(String lesson, List<TraceEvent> trace, List<Injected> injected, List<GcTrace.Line> gctrace,
                           RealTrace.RunInfo run, RealTrace.Recorded recorded, Map<String, Integer> modelNumbers) {
        return build(lesson, trace, injected, gctrace, run, recorded, modelNumbers, Map.of());
    }

    /**
     * As above; {@code starts} names the function each creation stack starts at ({@link TraceStacks}), which
     * names the runtime's own goroutines.
     */
    static RealTrace build(String lesson, List<TraceEvent> trace, List<Injected> injected, List<GcTrace.Line> gctrace,
                           RealTrace.RunInfo run, RealTrace.Recorded recorded, Map<String, Integer> modelNumbers,
                           Map<Long, String> starts) {
        RealTraceBuilder b = new RealTraceBuilder(modelNumbers, starts);
        b.read(trace);
        for (Injected in : injected) {
            if (in.atNs <= b.t1 - b.t0) {
                b.events.add(new Event(in.atNs, in.kind, null, null, null, null, null, null, in.reason, null));
            }
        }
        b.events.sort(java.util.Comparator.comparingLong(Event::t)); // stable: same-time events keep their order
        List<Goroutine> goroutines = new ArrayList<>();
        for (G g : b.gs.values()) {
            g.kind = kind(g);
            goroutines.add(new Goroutine(g.gid, g.g, g.fn, g.kind, g.label, g.start, g.created, g.ended));
        }
        List<Lane> lanes = new ArrayList<>();
        b.lanes.forEach((p, spans) -> lanes.add(new Lane(p, spans)));
        RealTrace.RunInfo info = new RealTrace.RunInfo(run.index(), run.exitCode(), run.endedBy(), b.t1 - b.t0, run.wallNs());
        int spanCount = lanes.stream().mapToInt(l -> l.spans().size()).sum();
        return new RealTrace(RealTrace.FORMAT, lesson, recorded, info, goroutines, lanes, b.events, b.syscalls,
                new RealTrace.Gc(b.cycles, b.pauses, b.assists, b.heap, gctrace),
                new RealTrace.Window(0, b.t1 - b.t0, b.events.size(), b.events.size(), spanCount, spanCount, false), null);
    }

    /**
     * Who a goroutine that is not the lesson's belongs to, where its start function says: the lab's
     * template (package main), the trace's reader (runtime/trace), or the runtime (runtime, os/signal),
     * even when it ran a callback of the lab's (a finalizer on runtime.runfinq: its label says so).
     */
    private static String kind(G g) {
        if (g.g != null || g.start == null) {
            return g.kind;
        }
        if (g.start.startsWith("main.") || g.start.startsWith("runtime/trace.") || g.start.equals("time.goFunc")) {
            return "lab";
        }
        if (g.start.startsWith("runtime.") || g.start.startsWith("os/signal.")) {
            return "runtime";
        }
        return g.kind;
    }

    private G g(long gid) {
        return gs.computeIfAbsent(gid, G::new);
    }

    private Integer labNumber(long gid) {
        G g = gs.get(gid);
        return g == null ? null : g.g;
    }

    private void read(List<TraceEvent> trace) {
        t0 = Long.MIN_VALUE;
        t1 = trace.isEmpty() ? 0 : trace.get(trace.size() - 1).ts();
        for (TraceEvent e : trace) {
            if (e.type() == TraceEvent.Type.LABEL && e.text().startsWith("GC ")) {
                gcWorkers.add(e.target() != 0 ? e.target() : e.g());
            }
            if (e.type() == TraceEvent.Type.LOG && e.text().equals("lab")) {
                if (e.text2().equals("start") && t0 == Long.MIN_VALUE) {
                    t0 = e.ts();
                } else if ((e.text2().equals("end") || e.text2().startsWith("fatal")) && t0 != Long.MIN_VALUE) {
                    t1 = Math.min(t1, e.ts());
                }
            }
        }
        if (t0 == Long.MIN_VALUE) {
            t0 = trace.isEmpty() ? 0 : trace.get(0).ts();
        }
        G main = g(1);
        main.g = 1;
        numbersUsed.add(1);
        main.fn = "main";
        main.kind = "lesson";
        for (TraceEvent e : trace) {
            if (e.ts() > t1) {
                break;
            }
            apply(e, e.ts() - t0);
        }
        long end = t1 - t0;
        for (Map.Entry<Integer, Open> o : running.entrySet()) {
            closeSpan(o.getKey(), o.getValue(), end, "end", null);
        }
        running.clear();
    }

    private void emit(long t, String kind, int p, long gid, Long target, String reason, Long value) {
        if (t < 0) {
            return; // before the lesson's main started: state only
        }
        Long m = p >= 0 ? threadOf.get(p) : null;
        events.add(new Event(t, kind, p >= 0 ? p : null, m, gid > 0 ? gid : null, gid > 0 ? labNumber(gid) : null,
                target, target == null ? null : labNumber(target), reason == null || reason.isEmpty() ? null : reason, value));
    }

    private void apply(TraceEvent e, long t) {
        endQuietSyscall(e, t);
        switch (e.type()) {
            case LOG -> log(e);
            case CREATE -> create(e, t);
            case START -> start(e.p(), e.target() != 0 ? e.target() : e.g(), t);
            case STOP -> stop(e, t, e.text().equals("preempted") ? "preempt" : e.text().equals("Gosched") ? "gosched" : "stop",
                    e.text().equals("preempted") || e.text().equals("Gosched") ? null : e.text());
            case BLOCK -> stop(e, t, "gopark", e.text().isEmpty() ? null : e.text());
            case END -> {
                stop(e, t, "goexit", null);
                if (t >= 0) {
                    g(e.g()).ended = t;
                }
            }
            case UNBLOCK -> emit(t, "goready", e.p(), e.g(), e.target(), null, null);
            case SYSCALL -> syscallEnter(e, t);
            case SYSCALL_END -> syscallReturn(e.g(), e.p(), t, true, "exitsyscallfast");
            case SYSCALL_BLOCKED -> handoff(e, t);
            case SYSCALL_EXIT -> syscallReturn(e.target() != 0 ? e.target() : e.g(), -1, t, true, "exitsyscall");
            case PROC_START -> {
                if (e.m() >= 0) {
                    threadOf.put(e.p(), e.m());
                }
                emit(t, "procstart", e.p(), 0, null, null, null);
            }
            case PROC_STOP -> {
                Open o = running.remove(e.p());
                if (o != null) {
                    closeSpan(e.p(), o, t, "procstop", null);
                }
                emit(t, "procstop", e.p(), 0, null, null, null);
            }
            case GC_START -> gcStart(e, t);
            case GC_DONE -> gcDone(t);
            case STW_START -> {
                if (t >= 0) {
                    pauses.add(new Pause(t, null, e.text().isEmpty() ? null : e.text()));
                }
                emit(t, "stopTheWorld", e.p(), e.g(), null, e.text(), null);
            }
            case STW_DONE -> {
                if (!pauses.isEmpty() && pauses.get(pauses.size() - 1).to() == null) {
                    Pause last = pauses.remove(pauses.size() - 1);
                    pauses.add(new Pause(last.from(), t, last.reason()));
                }
                emit(t, "startTheWorld", e.p(), e.g(), null, null, null);
            }
            case ASSIST_START -> {
                if (t >= 0) {
                    assistOpen.put(e.g(), assists.size());
                    assists.add(new Assist(e.g(), labNumber(e.g()), t, null));
                }
                emit(t, "gcAssistAlloc", e.p(), e.g(), null, null, null);
            }
            case ASSIST_DONE -> {
                Integer i = assistOpen.remove(e.g());
                if (i != null) {
                    Assist a = assists.get(i);
                    assists.set(i, new Assist(a.gid(), a.g(), a.from(), t));
                }
                emit(t, "gcAssistDone", e.p(), e.g(), null, null, null);
            }
            case HEAP_ALLOC -> heapSample(t, e.value(), null);
            case HEAP_GOAL -> heapSample(t, null, e.value());
            case GOMAXPROCS -> emit(t, "gomaxprocs", e.p(), e.g(), null, null, e.value());
            case LABEL -> {
                G g = g(e.target() != 0 ? e.target() : e.g());
                if (g.g == null) {
                    g.label = e.text();
                }
            }
            case IN_SYSCALL -> {
                if (e.m() >= 0) {
                    syscallOnThread.put(e.m(), e.target());
                }
            }
            default -> {
                // WAITING, sweeps: the state a goroutine is in needs no event of its own here
            }
        }
    }

    private void log(TraceEvent e) {
        switch (e.text()) {
            case "go" -> pending.computeIfAbsent(e.g(), k -> new ArrayDeque<>()).add(e.text2());
            case "lab", "helper" -> {
                G g = g(e.g());
                if (g.g == null) {
                    g.kind = "lab";
                    g.label = e.text().equals("helper") ? e.text2() : g.label;
                }
            }
            default -> {
                // a log the lab did not write
            }
        }
    }

    private void create(TraceEvent e, long t) {
        long child = e.target();
        G c = g(child);
        c.created = t >= 0 ? t : null;
        if (e.value() != 0 && starts.containsKey(e.value())) {
            c.start = starts.get(e.value());
        }
        ArrayDeque<String> names = pending.get(e.g());
        if (names != null && !names.isEmpty() && !gcWorkers.contains(child)) {
            c.fn = names.poll();
            Integer parent = labNumber(e.g());
            int p = parent == null ? 0 : parent;
            int k = createdSoFar.merge(p + "/" + c.fn, 1, Integer::sum);
            Integer n = modelNumbers.get(creation(p, c.fn, k));
            if (n == null || numbersUsed.contains(n)) {
                while (numbersUsed.contains(nextG)) {
                    nextG++;
                }
                n = nextG++;
            }
            numbersUsed.add(n);
            c.g = n;
            c.kind = "lesson";
        }
        emit(t, "newproc", e.p(), e.g(), child, null, null);
    }

    private void start(int p, long gid, long t) {
        if (p < 0) {
            return;
        }
        Open o = running.get(p);
        if (o != null) {
            if (o.gid == gid) {
                return; // a status event repeating what is known
            }
            closeSpan(p, o, t, "stop", null);
        }
        running.put(p, new Open(gid, t, threadOf.get(p)));
        emit(t, "execute", p, gid, null, null, null);
    }

    /** The goroutine stopped running (kind says how): its span ends, and an open fast syscall ends by then. */
    private void stop(TraceEvent e, long t, String kind, String reason) {
        int p = pOf(e.g(), e.p());
        if (p >= 0) {
            Open o = running.get(p);
            if (o != null && o.gid == e.g()) {
                running.remove(p);
                closeSpan(p, o, t, kind, reason);
            }
        }
        Integer open = syscallOpen.get(e.g());
        if (open != null && syscalls.get(open).handoff() == null) {
            syscallReturn(e.g(), p, t, false, null);
        }
        emit(t, kind, p, e.g(), null, reason, null);
    }

    /**
     * Go 1.19's trace marks only the start of a system call that kept its P (the fast path): it
     * ended before the goroutine's next event, which bounds it ({@code toKnown} false).
     */
    private void endQuietSyscall(TraceEvent e, long t) {
        if (e.g() == 0 || e.type() == TraceEvent.Type.SYSCALL_BLOCKED || e.type() == TraceEvent.Type.SYSCALL_EXIT
                || e.type() == TraceEvent.Type.SYSCALL_END) {
            return;
        }
        Integer open = syscallOpen.get(e.g());
        if (open != null && syscalls.get(open).handoff() == null && syscalls.get(open).from() < t) {
            syscallReturn(e.g(), -1, t, false, null);
        }
    }

    /** The P the goroutine runs on: the event's, or where it was last started. */
    private int pOf(long gid, int p) {
        if (p >= 0) {
            return p;
        }
        for (Map.Entry<Integer, Open> o : running.entrySet()) {
            if (o.getValue().gid == gid) {
                return o.getKey();
            }
        }
        return -1;
    }

    private void closeSpan(int p, Open o, long t, String end, String reason) {
        long from = Math.max(0, o.from);
        if (t < 0 || t < from) {
            return;
        }
        lanes.computeIfAbsent(p, k -> new ArrayList<>())
                .add(new Span(from, t, o.gid, labNumber(o.gid), o.m, end, reason));
    }

    private void syscallEnter(TraceEvent e, long t) {
        Integer prev = syscallOpen.remove(e.g());
        if (prev != null && syscalls.get(prev).to() == null) {
            Syscall s = syscalls.get(prev);
            syscalls.set(prev, new Syscall(s.gid(), s.g(), s.p(), s.from(), s.handoff(), t, false));
        }
        int p = pOf(e.g(), e.p());
        if (e.m() >= 0) {
            syscallOnThread.put(e.m(), e.g());
        }
        if (t >= 0) {
            syscallOpen.put(e.g(), syscalls.size());
            syscalls.add(new Syscall(e.g(), labNumber(e.g()), p >= 0 ? p : null, t, null, null, false));
        }
        emit(t, "entersyscall", p, e.g(), null, null, null);
    }

    /**
     * The P was taken from a goroutine in a system call: the event's goroutine, or the one in a
     * syscall on the thread it was taken from, or the one in a syscall on that P.
     */
    private void handoff(TraceEvent e, long t) {
        long gid = e.g();
        if (gid == 0 && e.target() != 0) {
            gid = syscallOnThread.getOrDefault(e.target(), 0L);
        }
        if (gid == 0) {
            for (Map.Entry<Long, Integer> s : syscallOpen.entrySet()) {
                Syscall sc = syscalls.get(s.getValue());
                if (sc.p() != null && sc.p() == e.p() && sc.handoff() == null) {
                    gid = s.getKey();
                }
            }
            Open o = running.get(e.p());
            if (gid == 0 && o != null) {
                gid = o.gid;
            }
        }
        Open o = running.get(e.p());
        if (o != null && o.gid == gid) {
            running.remove(e.p());
            closeSpan(e.p(), o, t, "handoffp", null);
        }
        Integer i = syscallOpen.get(gid);
        if (i != null) {
            Syscall s = syscalls.get(i);
            syscalls.set(i, new Syscall(s.gid(), s.g(), s.p(), s.from(), t, null, false));
        }
        emit(t, "handoffp", e.p(), gid, null, null, null);
    }

    private void syscallReturn(long gid, int p, long t, boolean known, String kind) {
        Integer i = syscallOpen.remove(gid);
        if (i != null) {
            Syscall s = syscalls.get(i);
            syscalls.set(i, new Syscall(s.gid(), s.g(), s.p(), s.from(), s.handoff(), t, known));
        }
        if (kind != null) {
            emit(t, kind, p, gid, null, null, null);
        }
    }

    private void gcStart(TraceEvent e, long t) {
        if (!cycles.isEmpty() && cycles.get(cycles.size() - 1).to() == null) {
            return; // GCActive repeating a cycle already open
        }
        if (t >= 0) {
            cycles.add(new Cycle(e.value(), t, null));
        }
        emit(t, "gcStart", e.p(), e.g(), null, null, e.value());
    }

    private void gcDone(long t) {
        if (!cycles.isEmpty() && cycles.get(cycles.size() - 1).to() == null) {
            Cycle c = cycles.remove(cycles.size() - 1);
            cycles.add(new Cycle(c.n(), c.from(), t));
        }
        emit(t, "gcDone", -1, 0, null, null, null);
    }

    private void heapSample(long t, Long live, Long goal) {
        long at = Math.max(0, t);
        HeapSample last = heap.isEmpty() ? null : heap.get(heap.size() - 1);
        Long l = live != null ? live : last == null ? null : last.live();
        Long gl = goal != null ? goal : last == null ? null : last.goal();
        if (last != null && last.t() == at) {
            heap.set(heap.size() - 1, new HeapSample(at, l, gl));
        } else {
            heap.add(new HeapSample(at, l, gl));
        }
    }

    /** For tests: the lesson goroutines' real ids by their numbers. */
    static Map<Integer, Long> lessonGoroutines(RealTrace t) {
        Map<Integer, Long> out = new LinkedHashMap<>();
        for (Goroutine g : t.goroutines()) {
            if (g.g() != null) {
                out.put(g.g(), g.gid());
            }
        }
        return out;
    }
}
