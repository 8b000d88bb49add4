package goroutinelab.real;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.util.List;

/**
 * One real run of a lesson's program, converted into the lab's vocabulary:
 * which goroutine ran on which P and when (lanes), what happened (events named
 * as the model names them: execute, gopark, goready, ...), system calls and
 * their hand-offs, and the collector (cycles, stop-the-world pauses, mark
 * assists, heap size and goal, and the runtime's own gctrace lines). Times are
 * nanoseconds since the lesson's main started. Goroutines the lesson created
 * carry the model's numbers ({@code g}: G1 is main, then G2, G3... in the
 * order they were created); the runtime's own carry only their real id
 * ({@code gid}). docs/real-trace.md describes every field.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RealTrace(
        int format,
        String lesson,
        Recorded recorded,
        RunInfo run,
        List<Goroutine> goroutines,
        List<Lane> lanes,
        List<Event> events,
        List<Syscall> syscalls,
        Gc gc,
        Window window,
        List<ClaimResult> claims) {

    public static final int FORMAT = 1;

    /** Where and how the run was made. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Recorded(String goVersion, String os, String arch, int cpus, String cpu, Double load1, String date,
                           String traceFormat, int gomaxprocs, String godebug, Double computeStepsPerMs,
                           Double loopIterationsPerMs) {
    }

    /**
     * How the run ended: {@code endedBy} is "main returned", "signal SIGTERM" (a signal the lesson
     * injects ended it, as the model says), or what went wrong.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RunInfo(int index, int exitCode, String endedBy, long durationNs, long wallNs) {
    }

    /**
     * A goroutine: kind "lesson" (with the model's number g and its function), "runtime", or "lab" (the lab's
     * own helpers); {@code start} is the function it started at as the runtime names it ({@code runtime.bgsweep},
     * {@code os/signal.loop}), where the trace file says (Go 1.19's does).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Goroutine(long gid, Integer g, String fn, String kind, String label, String start, Long createdNs,
                            Long endedNs) {
    }

    /** What ran on one P, span after span. */
    public record Lane(int p, List<Span> spans) {
    }

    /**
     * Goroutine gid held the P from {@code from} to {@code to} on thread m; {@code end} says why it
     * stopped (gopark with its reason, gosched, preempt, goexit, handoffp, procstop, or end when the
     * trace stops). In a recording, {@code yields} counts the runtime.Gosched calls merged into it
     * (a goroutine that yields and is picked again at once, over and over).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Span(long from, long to, long gid, Integer g, Long m, String end, String reason, Integer yields) {
        public Span(long from, long to, long gid, Integer g, Long m, String end, String reason) {
            this(from, to, gid, g, m, end, reason, null);
        }
    }

    /**
     * One event: t, its kind (docs/real-trace.md lists them), the P and thread, the goroutine it
     * happened on (gid, and g for a lesson goroutine), the other goroutine it names (the one created or
     * readied: targetGid and targetG), a reason (gopark, stopTheWorld), and a value (bytes, a count).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Event(long t, String kind, Integer p, Long m, Long gid, Integer g, Long targetGid, Integer targetG,
                        String reason, Long value) {
    }

    /**
     * A system call by gid: entered at from; if its P was taken, handoff is when; to is when it
     * returned ({@code toKnown} false when the trace shows only when the goroutine next did something).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Syscall(long gid, Integer g, Integer p, long from, Long handoff, Long to, boolean toKnown) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Gc(List<Cycle> cycles, List<Pause> stw, List<Assist> assists, List<HeapSample> heap,
                     List<GcTrace.Line> gctrace) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Cycle(long n, long from, Long to) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Pause(long from, Long to, String reason) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Assist(long gid, Integer g, long from, Long to) {
    }

    /** The heap in use (live, from the trace's HeapAlloc) and the next cycle's goal, when either changed. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record HeapSample(long t, Long live, Long goal) {
    }

    /**
     * What a recorded trace kept of the run: a window from its start, with the run's totals (a
     * recording keeps a goroutine's runs of yields as one event and one span, so it may keep fewer
     * than the total without cutting anything); {@code truncated} is whether it stops before the run's end.
     */
    public record Window(long fromNs, long toNs, int events, int eventsTotal, int spans, int spansTotal,
                         boolean truncated) {
    }

    /** A claim about the real run and in how many of the runs it held. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ClaimResult(String id, String say, String kind, boolean fact, boolean timing, int held, int runs,
                              Boolean model) {
    }

    /** The one mapper for these records: stable field order (the records'), indented, no nulls. */
    public static ObjectMapper mapper() {
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    }

    public RealTrace withRecorded(Recorded r) {
        return new RealTrace(format, lesson, r, run, goroutines, lanes, events, syscalls, gc, window, claims);
    }

    public RealTrace withClaims(List<ClaimResult> c) {
        return new RealTrace(format, lesson, recorded, run, goroutines, lanes, events, syscalls, gc, window, c);
    }
}
