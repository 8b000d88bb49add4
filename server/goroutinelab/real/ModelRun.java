package goroutinelab.real;

import goroutinelab.engine.Event;
import goroutinelab.lesson.Lesson;
import goroutinelab.lesson.Player;
import goroutinelab.lesson.ScriptMap;

import java.util.ArrayList;
import java.util.List;

/**
 * The lesson played by the model, headless, as far as the real program needs
 * it: when each script step starts (a step's injection happens then, and the
 * real program injects it at the same time after its start), when the run
 * ends (which bounds how long a real run may take), and the events, which
 * claims are also checked against.
 *
 * @param stepStartNs the simulated time at which each script step starts
 * @param endNs       the simulated time at which the run ended, or the last time reached
 * @param ended       whether the process exited within the step budget
 * @param events      every event of the run, in order (at most {@link #MAX_EVENTS})
 */
record ModelRun(List<Long> stepStartNs, long endNs, boolean ended, List<Event> events) {
    static final long MAX_STEPS = 2_000_000;
    static final int MAX_EVENTS = 200_000;

    static ModelRun play(Lesson lesson) {
        Player p = new Player(new ScriptMap(lesson, MAX_STEPS), MAX_STEPS);
        List<Long> starts = new ArrayList<>();
        for (int i = 0; i < lesson.steps().size(); i++) {
            starts.add(p.engine().now());
            if (p.next().stoppedShort()) {
                break;
            }
        }
        // replay from the start, keeping every event, and run on past the script to the end
        p.timeline().seek(0);
        List<Event> events = new ArrayList<>();
        while (events.size() < MAX_EVENTS && p.engine().steps() < MAX_STEPS) {
            Event e = p.timeline().forward(Long.MAX_VALUE);
            if (e == null) {
                break;
            }
            events.add(e);
        }
        return new ModelRun(List.copyOf(starts), p.engine().now(), p.engine().ended(), List.copyOf(events));
    }

    /**
     * The model's events as claims see them, named as a real run names them: execute; gopark with
     * its wait reason; goready (also a timer's or the netpoller's wake) and newproc, of the goroutine
     * readied or created, with the one that did it; gosched; preempt (a gosched the runtime forced);
     * goexit; entersyscall; handoffp (sysmon's retake, or entersyscallblock's hand-off at once);
     * exitsyscall when the goroutine returns to find its P gone (exitsyscall0, or
     * exitsyscallfast_pidle: a Go 1.19 trace shows both as GoSysExit), else exitsyscallfast; the
     * collector's gcStart, stopTheWorld (when it begins, with its reason), startTheWorld and
     * gcAssistAlloc; and each injected signal at its time.
     */
    List<Claims.Seen> seen(Lesson lesson) {
        List<Claims.Seen> out = new ArrayList<>();
        List<goroutinelab.engine.Program.TimedInjection> signals = new ArrayList<>();
        for (goroutinelab.engine.Program.TimedInjection t : lesson.program().injections()) {
            if (t.injection() instanceof goroutinelab.engine.Injection.Signal) {
                signals.add(t);
            }
        }
        java.util.Map<Integer, Integer> curg = new java.util.HashMap<>();
        java.util.Set<Integer> lostP = new java.util.HashSet<>();
        int next = 0;
        for (Event e : events) {
            while (next < signals.size() && signals.get(next).atNs() <= e.time()) {
                goroutinelab.engine.Injection.Signal s = (goroutinelab.engine.Injection.Signal) signals.get(next).injection();
                out.add(new Claims.Seen(signals.get(next).atNs(), "signal", null, null, null, s.name()));
                next++;
            }
            Integer g = e.g();
            Integer m = e.m();
            Integer running = m == null ? null : curg.get(m);
            switch (e.kind().wire()) {
                case "execute" -> {
                    if (m != null) {
                        curg.put(m, g);
                    }
                    out.add(seen(e, "execute", null, null));
                }
                case "newproc" -> out.add(seen(e, "newproc", parent(e), null));
                case "goready", "timer" -> out.add(seen(e, "goready", running != null && !running.equals(g) ? running : null, null));
                case "netpoll", "injectglist" -> {
                    if (g != null) {
                        out.add(seen(e, "goready", null, null));
                    }
                }
                case "gopark", "gcParkAssist" -> {
                    curg.remove(m);
                    Object why = e.detail().get("waitreason");
                    out.add(seen(e, "gopark", null, why == null ? null : why.toString()));
                }
                case "gosched" -> {
                    curg.remove(m);
                    out.add(seen(e, "preempt".equals(e.detail().get("cause")) ? "preempt" : "gosched", null, null));
                }
                case "goexit" -> {
                    curg.remove(m);
                    out.add(seen(e, "goexit", null, null));
                }
                case "entersyscall" -> out.add(seen(e, "entersyscall", null, null));
                case "entersyscallblock" -> {
                    out.add(seen(e, "entersyscall", null, null));
                    out.add(seen(e, "handoffp", null, null));
                    lostP.add(g);
                }
                case "retake" -> {
                    if (g != null) {
                        lostP.add(g);
                        out.add(seen(e, "handoffp", null, null));
                    }
                }
                case "exitsyscall" -> {
                    lostP.remove(g);
                    out.add(seen(e, "exitsyscall", null, null));
                }
                case "exitsyscallfast" -> out.add(seen(e, lostP.remove(g) ? "exitsyscall" : "exitsyscallfast", null, null));
                case "stopTheWorld" -> {
                    if ("stopping".equals(e.detail().get("phase"))) {
                        Object why = e.detail().get("reason");
                        out.add(seen(e, "stopTheWorld", null, why == null ? null : why.toString()));
                    }
                }
                case "gcStart", "startTheWorld", "gcAssistAlloc" -> out.add(seen(e, e.kind().wire(), null, null));
                default -> {
                    // not in a real trace's vocabulary
                }
            }
        }
        return out;
    }

    private static Claims.Seen seen(Event e, String kind, Integer by, String reason) {
        return new Claims.Seen(e.time(), kind, e.g(), by, e.p(), reason);
    }

    private static Integer parent(Event e) {
        Object p = e.detail().get("parent");
        return p instanceof Integer i ? i : p instanceof Number n ? n.intValue() : null;
    }

    /**
     * The model's numbering of the goroutines the lesson creates: the k-th goroutine running fn that
     * Gp creates (key {@link RealTraceBuilder#creation}) is G-number. A goroutine started by an
     * injection has creator 0.
     */
    java.util.Map<String, Integer> goroutineNumbers() {
        java.util.Map<String, Integer> out = new java.util.LinkedHashMap<>();
        java.util.Map<String, Integer> counts = new java.util.HashMap<>();
        for (Event e : events) {
            if (!e.kind().wire().equals("newproc") || e.g() == null) {
                continue;
            }
            Integer parent = parent(e);
            Object fn = e.detail().get("fn");
            if (fn == null) {
                continue;
            }
            int p = parent == null ? 0 : parent;
            int k = counts.merge(p + "/" + fn, 1, Integer::sum);
            out.put(RealTraceBuilder.creation(p, fn.toString(), k), e.g());
        }
        return out;
    }
}
