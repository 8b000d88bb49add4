package goroutinelab.real;

import goroutinelab.engine.Event;
import goroutinelab.lesson.Lesson;
import goroutinelab.lesson.Player;

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
        Player p = new Player(lesson);
        p.limitSteps(MAX_STEPS);
        List<Long> starts = new ArrayList<>();
        for (int i = 0; i < lesson.steps().size(); i++) {
            starts.add(p.engine().now());
            if (p.next().ceilingHit()) {
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
     * The model's events as claims see them, named as a real run names them: execute, gopark (with
     * its wait reason), goready and newproc (of the goroutine readied or created), gosched, preempt
     * (a gosched the runtime forced), goexit, entersyscall, handoffp (sysmon's retake), exitsyscall,
     * exitsyscallfast, the collector's gcStart, stopTheWorld, startTheWorld, gcAssistAlloc, and each
     * injected signal at its time.
     */
    List<Claims.Seen> seen(Lesson lesson) {
        List<Claims.Seen> out = new ArrayList<>();
        List<goroutinelab.engine.Program.TimedInjection> signals = new ArrayList<>();
        for (goroutinelab.engine.Program.TimedInjection t : lesson.program().injections()) {
            if (t.injection() instanceof goroutinelab.engine.Injection.Signal) {
                signals.add(t);
            }
        }
        int next = 0;
        for (Event e : events) {
            while (next < signals.size() && signals.get(next).atNs() <= e.time()) {
                goroutinelab.engine.Injection.Signal s = (goroutinelab.engine.Injection.Signal) signals.get(next).injection();
                out.add(new Claims.Seen(signals.get(next).atNs(), "signal", null, null, null, s.name()));
                next++;
            }
            String kind = switch (e.kind().wire()) {
                case "execute", "goready", "newproc", "goexit", "entersyscall", "exitsyscall", "exitsyscallfast",
                        "gcStart", "stopTheWorld", "startTheWorld", "gcAssistAlloc" -> e.kind().wire();
                case "gopark", "gcParkAssist" -> "gopark";
                case "gosched" -> "preempt".equals(e.detail().get("cause")) ? "preempt" : "gosched";
                case "entersyscallblock" -> "entersyscall";
                case "retake" -> "handoffp";
                default -> null;
            };
            if (kind != null) {
                Object why = e.detail().get("waitreason");
                out.add(new Claims.Seen(e.time(), kind, e.g(), null, e.p(), kind.equals("gopark") && why != null ? why.toString() : null));
            }
        }
        return out;
    }
}
