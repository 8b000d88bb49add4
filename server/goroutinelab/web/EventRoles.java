package goroutinelab.web;

import goroutinelab.engine.Event;
import goroutinelab.engine.EventKind;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What each event does to the pictures, decided here once so the browser never
 * infers it from an event kind's name:
 * <ul>
 * <li>{@code touch}: the board's Ps, Ms and panels the event acts on
 * ({@code P1}, {@code M2}, {@code sysmon}, {@code netpoll}, {@code timers},
 * {@code global}); they light up while it plays. {@code born}: the event's G
 * was just created by its M.</li>
 * <li>{@code trace}: what it changes in the timeline's lanes: {@code run} (its P
 * starts running its G), {@code leave} (its P stops running a G),
 * {@code syscall} / {@code sysret} (its M enters / leaves a system call),
 * {@code stw} / {@code world} (the world stops / starts), {@code mark} (mark
 * work: the GC is marking), {@code markterm}, and for the interpreter
 * {@code thread:<state>} (its thread's new state).</li>
 * <li>{@code heap}: its effect on the heap picture: {@code write} (a write
 * barrier), {@code shade}, {@code scan}, {@code root}, {@code free},
 * {@code lost}.</li>
 * <li>{@code hops}: the stations of the signal and preemption path it passes,
 * in order.</li>
 * </ul>
 * The switch below is exhaustive over {@link EventKind}: a new kind does not
 * compile until its roles are decided.
 */
public final class EventRoles {
    private EventRoles() {
    }

    /** The roles of one event. */
    public record Roles(List<String> touch, List<String> trace, String heap, List<String> path) {
        /** As the wire carries them: only the roles the event has. */
        public Map<String, Object> wire() {
            Map<String, Object> m = new java.util.LinkedHashMap<>();
            if (!touch.isEmpty()) {
                m.put("touch", touch);
            }
            if (!trace.isEmpty()) {
                m.put("trace", trace);
            }
            if (heap != null) {
                m.put("heap", heap);
            }
            if (!path.isEmpty()) {
                m.put("hops", path);
            }
            return m;
        }
    }

    private static final int SYSMON = -1;

    /** The roles of an engine event; {@code goState} is the Go side of the frame's state (for the Notify channels), or null. */
    static Roles of(Event e, Map<String, Object> goState) {
        return of(e.kind(), e.g(), e.m(), e.p(), e.detail(), goState);
    }

    /** The roles of an event given by its parts (a test's hand-written frames use this too). */
    public static Roles of(EventKind kind, Integer g, Integer m, Integer p, Map<String, Object> d, Map<String, Object> goState) {
        Event e = new Event(kind, 0, 0, g, m, p, null, null);
        List<String> touch = new ArrayList<>(2);
        List<String> trace = new ArrayList<>(2);
        List<String> path = new ArrayList<>(3);
        String heap;
        boolean bySysmon = Objects.equals(e.m(), SYSMON);
        if (bySysmon) {
            touch.add("sysmon");
        }
        heap = switch (e.kind()) {
            case RUNQSTEAL -> {
                p(touch, d.get("from"));
                p(touch, d.get("to"));
                yield null;
            }
            case HANDOFFP -> {
                p(touch, e.p());
                yield null;
            }
            case RETAKE -> {
                p(touch, e.p());
                add(touch, "sysmon");
                yield null;
            }
            case NEWPROC -> {
                // the new goroutine grows out of the M that ran newproc
                m(touch, e);
                touch.add("born");
                yield null;
            }
            case DOINIT -> {
                // the finalizer goroutine, started by package os's init
                m(touch, e);
                touch.add("born");
                yield null;
            }
            case RT0_GO, SCHEDINIT, MSTART, GCENABLE, STARTM, NEWM, WAKEP -> {
                m(touch, e);
                yield null;
            }
            case STOPM -> {
                m(touch, e);
                trace.add("leave");
                yield null;
            }
            case ENTERSYSCALL, ENTERSYSCALLBLOCK -> {
                m(touch, e);
                trace.add("leave");
                trace.add("syscall");
                yield null;
            }
            case CGOCALL -> {
                trace.add("syscall");
                yield null;
            }
            case EXITSYSCALL, EXITSYSCALLFAST -> {
                m(touch, e);
                trace.add("sysret");
                yield null;
            }
            case SYSMON -> {
                add(touch, "sysmon");
                yield null;
            }
            case NETPOLL, INJECTGLIST -> {
                touch.add("netpoll");
                yield null;
            }
            case TIMER -> {
                touch.add("timers");
                yield null;
            }
            case GLOBRUNQGET, RUNQPUTSLOW -> {
                touch.add("global");
                yield null;
            }
            case EXECUTE -> {
                trace.add("run");
                yield null;
            }
            case GOPARK, GOEXIT, EXIT, GCSTOPM -> {
                trace.add("leave");
                yield null;
            }
            case GOSCHED -> {
                trace.add("leave");
                if ("preempt".equals(d.get("cause"))) {
                    path.add("requeue");
                }
                yield null;
            }
            case STOP_THE_WORLD -> {
                trace.add("stw");
                yield null;
            }
            case START_THE_WORLD -> {
                trace.add("world");
                yield null;
            }
            case MARKROOT -> {
                trace.add("mark");
                yield "root";
            }
            case SCANOBJECT -> {
                trace.add("mark");
                yield "scan";
            }
            case PUTFULL, TRYGETFULL -> {
                p(touch, e.p());
                trace.add("mark");
                yield null;
            }
            case SHADE -> {
                trace.add("mark");
                yield "shade";
            }
            case GC_ASSIST_ALLOC -> {
                trace.add("mark");
                yield null;
            }
            case GC_MARK_TERMINATION -> {
                trace.add("markterm");
                yield null;
            }
            case WRITEBARRIER -> "write";
            case FREE -> "free";
            case LOST -> "lost";
            case SIGHANDLER -> {
                if ("SIGURG".equals(d.get("signal"))) {
                    path.add("sigurg");
                } else {
                    path.add("kernel");
                    path.add("handler");
                }
                yield null;
            }
            case SIGSEND -> {
                path.add("sigsend");
                yield null;
            }
            case SIGNAL_RECV -> {
                path.add("loop");
                yield null;
            }
            case SIGDROP -> {
                if (Objects.equals(e.g(), signals(goState).get("loopG"))) {
                    // os/signal's own drop: the loop could not send on a full (or unbuffered) Notify channel
                    path.add("loop");
                    path.add("chandrop");
                } else {
                    path.add("kernel");
                    path.add("handler");
                    path.add("sigdrop");
                }
                yield null;
            }
            case KERNEL_STOP -> {
                // no Go handler for a job-control signal nobody asked for: the kernel's default action stops the process
                path.add("kernel");
                yield null;
            }
            case DIE_FROM_SIGNAL -> {
                path.add("kernel");
                path.add("handler");
                path.add("die");
                yield null;
            }
            case CHANSEND -> {
                if (e.g() != null && Objects.equals(e.g(), signals(goState).get("loopG"))) {
                    path.add("chan");
                }
                yield shadedAny(d);
            }
            case CHANRECV -> {
                Object notify = signals(goState).get("notify");
                if (notify instanceof Map<?, ?> n && d.get("chan") != null && n.containsValue(d.get("chan"))) {
                    path.add("receiver");
                }
                yield shadedAny(d);
            }
            case PREEMPTONE -> {
                if (bySysmon || "sysmon".equals(d.get("by"))) {
                    path.add("sysmon");
                }
                path.add("preemptone");
                yield null;
            }
            case PREEMPTM -> {
                path.add("preemptM");
                yield null;
            }
            case ASYNC_PREEMPT -> {
                path.add("sigurg");
                path.add("async");
                yield null;
            }
            case MORESTACK -> {
                path.add("morestack");
                yield null;
            }
            case TRIP_SIGNAL -> {
                path.add("pykernel");
                path.add("trip");
                path.add("flag");
                yield null;
            }
            case EVAL_BREAKER -> {
                path.add("mainthread");
                path.add("breaker");
                yield null;
            }
            case RUN_SIGNAL_HANDLERS -> {
                path.add("pyhandler");
                yield null;
            }
            case KERNEL_KILL -> {
                path.add("pykernel");
                path.add("pydie");
                yield null;
            }
            case GIL_ACQUIRE -> {
                trace.add("thread:running");
                yield null;
            }
            case GIL_DROP, PY_WAKE -> {
                trace.add("thread:waiting-gil");
                yield null;
            }
            case PY_BLOCK -> {
                trace.add("thread:blocked");
                yield null;
            }
            case THREAD_EXIT -> {
                trace.add("thread:");
                yield null;
            }
            case RUNQPUT, RUNQGET, RUNQDRAIN, GOREADY, FIND_RUNNABLE, THROW, PANIC, CLOSECHAN,
                    MALLOCGC, GC_START, GC_PARK_ASSIST, GC_FLUSH_BG_CREDIT, GC_MARK_DONE, SWEEP, SUSPENDG, NOTIFY,
                    GIL_DROP_REQUEST, SIGNAL_SIGNAL, THREAD_START, EXCEPTHOOK, PY_EXIT, PY_HANG, QUEUE_PUT, QUEUE_GET,
                    QUEUE_SHUTDOWN, PY_ALLOC, PY_SETREF, DEALLOC, GC_COLLECT, SETTRACE,
                    CALL_TRACE, MAIN_MAIN -> null; // nothing beyond the state it leaves
        };
        return new Roles(touch, trace, heap, path);
    }

    /** A channel copy whose write barrier shaded something flashes it in the heap picture. */
    private static String shadedAny(Map<String, Object> d) {
        return d.get("shaded") instanceof List<?> l && !l.isEmpty() ? "shade" : null;
    }

    private static void p(List<String> touch, Object id) {
        if (id != null) {
            add(touch, "P" + id);
        }
    }

    private static void m(List<String> touch, Event e) {
        if (e.m() != null && e.m() != SYSMON) {
            add(touch, "M" + e.m());
        }
    }

    private static void add(List<String> l, String s) {
        if (!l.contains(s)) {
            l.add(s);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> signals(Map<String, Object> goState) {
        Object s = goState == null ? null : goState.get("signals");
        return s instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }
}
