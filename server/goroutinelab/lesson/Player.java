package goroutinelab.lesson;

import goroutinelab.engine.Engine;
import goroutinelab.engine.Event;
import goroutinelab.engine.Injection;
import goroutinelab.engine.RuntimeConfig;
import goroutinelab.engine.Timeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Plays a lesson's script over a {@link Timeline}: each {@link #next()} applies
 * a script step's injections, runs as far as the step says, and checks its
 * expectations. The browser session and the {@code check} command both use it,
 * so a lesson that checks plays the same in the browser.
 */
public final class Player {
    /** Events kept per move for the browser; the rest are counted. */
    public static final int MAX_EVENTS_KEPT = 400;

    private final Lesson lesson;
    private final RuntimeConfig cfg;
    private final Timeline timeline;
    /** The engine step at which each script step was started, and ended, in the current history. */
    private final List<Long> starts = new ArrayList<>();
    private final List<Long> ends = new ArrayList<>();
    /** The engine step this player will not pass (a server's steps-per-session limit). */
    private long ceiling = Long.MAX_VALUE;
    private boolean ceilingHit;

    public Player(Lesson lesson) {
        this(lesson, lesson.runtime());
    }

    public Player(Lesson lesson, RuntimeConfig cfg) {
        this.lesson = lesson;
        this.cfg = cfg;
        this.timeline = new Timeline(Engines.create(lesson, cfg));
    }

    public Lesson lesson() {
        return lesson;
    }

    public RuntimeConfig config() {
        return cfg;
    }

    public Timeline timeline() {
        return timeline;
    }

    public Engine engine() {
        return timeline.engine();
    }

    /** Sets the engine step that no move may pass: a run that reaches it stops there, and {@link Moved#ceilingHit()} says so. */
    public void limitSteps(long maxStep) {
        this.ceiling = maxStep;
    }

    /** One step forward, unless the ceiling is reached (then null, and the move is marked). */
    private Event forward(long deadline) {
        if (timeline.step() >= ceiling) {
            ceilingHit = true;
            return null;
        }
        return timeline.forward(deadline);
    }

    private Event forward() {
        return forward(Long.MAX_VALUE);
    }

    /**
     * Where the script stands at the current engine step: the number of script
     * steps that have ended at or before it. Going back into a script step's
     * run makes it current again.
     */
    public int scriptIndex() {
        long at = timeline.step();
        int i = 0;
        while (i < ends.size() && ends.get(i) <= at) {
            i++;
        }
        return i;
    }

    public boolean scriptDone() {
        return scriptIndex() >= lesson.steps().size();
    }

    /** Forgets the script's history after the current step (the learner changed the run here). */
    private void forkScript() {
        long at = timeline.step();
        while (!ends.isEmpty() && ends.get(ends.size() - 1) > at) {
            ends.remove(ends.size() - 1);
        }
        while (!starts.isEmpty() && starts.get(starts.size() - 1) > at) {
            starts.remove(starts.size() - 1);
        }
    }

    /** The learner's own injection, at the current step: history after it is dropped. */
    public void inject(Injection i) {
        timeline.inject(i);
        forkScript();
    }

    /** Back n engine steps. */
    public void back(long n) {
        timeline.back(n);
    }

    public void seek(long step) {
        timeline.seek(step);
    }

    public void reset() {
        timeline.reset();
    }

    /**
     * The session's history as a compact token for a link: every injection and
     * clock move with its step, then the script's chapters. With the lesson,
     * language and switches, it rebuilds the same run on any server.
     * Format: {@code <step><code>[:<arg>],...|<start>-<end>,...} where code is
     * s (signal), g (gc), o (start a goroutine), a / w (asyncPreemption /
     * writeBarrier switch, 0 or 1), c (clock, ns).
     */
    public String history() {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<Long, List<Timeline.Entry>> e : timeline.log().entrySet()) {
            for (Timeline.Entry en : e.getValue()) {
                if (sb.length() > 0) {
                    sb.append(',');
                }
                sb.append(e.getKey()).append(History.code(en));
            }
        }
        sb.append('|');
        for (int i = 0; i < starts.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(starts.get(i)).append('-').append(i < ends.size() ? Long.toString(ends.get(i)) : "");
        }
        return sb.toString();
    }

    /** Rebuilds a fresh player's run from a {@link #history()} token, then goes to step. */
    public void restore(String token, long step) {
        restore(History.parse(token, lesson), step);
    }

    /** Rebuilds a fresh player's run from a parsed history token, then goes to step. */
    public void restore(History.Parsed h, long step) {
        if (timeline.step() != 0 || !timeline.log().isEmpty() || !starts.isEmpty()) {
            throw new IllegalStateException("Player.restore: only a fresh player can be restored");
        }
        h.entries().forEach(e -> timeline.preload(e.step(), e.entry()));
        starts.addAll(h.starts());
        ends.addAll(h.ends());
        // replay through every entry once, so that a token no run of this lesson produced (an edited
        // clock entry, say) is refused here, at load, and not later by a step into it
        timeline.seek(Math.max(step, History.lastStep(h)));
        timeline.seek(step);
    }

    /**
     * What one move produced: the events (the last MAX_EVENTS_KEPT), how many there were, any failure,
     * whether the run's own limit was hit, and whether it stopped at the player's step ceiling.
     */
    public record Moved(List<Event> events, long count, List<String> failures, boolean limitHit, boolean ceilingHit) {
    }

    /**
     * Plays the next script step. If it was played before in this history (the
     * learner went back), the run is replayed to where it ended; if it was
     * started but its end was forgotten (the learner injected something), its
     * run continues without injecting again.
     */
    public Moved next() {
        ceilingHit = false;
        int k = scriptIndex();
        if (k >= lesson.steps().size()) {
            return new Moved(List.of(), 0, List.of(), false, false);
        }
        Lesson.Step step = lesson.steps().get(k);
        Collector c = new Collector();
        if (k < ends.size()) {
            long end = ends.get(k);
            while (timeline.step() < end && add(c, forward())) {
                // replaying recorded history
            }
            return new Moved(c.events(), c.count, List.of(), false, ceilingHit);
        }
        if (k >= starts.size()) {
            starts.add(timeline.step());
            for (Injection i : step.inject()) {
                timeline.inject(i);
            }
        }
        boolean ok = run(step.run(), c);
        if (ceilingHit) {
            // stopped short by the server, not by the lesson: the step stays open, Next continues it
            return new Moved(c.events(), c.count, List.of(), false, true);
        }
        ends.add(timeline.step());
        List<String> failures = new ArrayList<>();
        if (!ok) {
            failures.add("run " + step.run().describe() + " did not finish within " + step.run().limit()
                    + " steps (raise limit:, or check that it can happen)");
        } else if (step.run().kind() == Lesson.Run.Kind.UNTIL_EVENT && !c.reached) {
            failures.add("run " + step.run().describe() + ": the run ended before it happened"
                    + (timeline.engine().ended() ? " (the process exited)" : ""));
        }
        Map<String, Object> snap = timeline.engine().snapshot();
        for (Lesson.Expect e : step.expect()) {
            String f = Expectations.check(snap, e);
            if (f != null) {
                failures.add(e.path() + ": " + f);
            }
        }
        return new Moved(c.events(), c.count, failures, !ok, false);
    }

    /** n engine steps forward. */
    public Moved step(long n) {
        ceilingHit = false;
        Collector c = new Collector();
        for (long i = 0; i < n; i++) {
            Event e = forward();
            if (e == null) {
                break;
            }
            c.add(e);
        }
        return new Moved(c.events(), c.count, List.of(), false, ceilingHit);
    }

    private static final class Collector {
        final java.util.ArrayDeque<Event> kept = new java.util.ArrayDeque<>();
        long count;
        boolean reached;

        void add(Event e) {
            count++;
            kept.addLast(e);
            if (kept.size() > MAX_EVENTS_KEPT) {
                kept.pollFirst();
            }
        }

        List<Event> events() {
            return new ArrayList<>(kept);
        }
    }

    /** Runs as the step says; false if the limit was hit first. */
    private boolean run(Lesson.Run run, Collector c) {
        int limit = run.limit();
        switch (run.kind()) {
            case NONE -> {
                return true;
            }
            case STEPS -> {
                for (long i = 0; i < run.steps(); i++) {
                    if (!add(c, forward())) {
                        return true;
                    }
                }
                return true;
            }
            case UNTIL_END -> {
                for (int i = 0; i < limit; i++) {
                    if (!add(c, forward())) {
                        return true;
                    }
                }
                return timeline.engine().ended();
            }
            case TIME -> {
                for (int i = 0; i < limit; i++) {
                    if (!add(c, forward(run.timeNs()))) {
                        return true;
                    }
                }
                return timeline.engine().now() >= run.timeNs();
            }
            default -> {
                if (run.count() > 0 && engine().eventCount(run.untilEvent(), run.g()) >= run.count()) {
                    c.reached = true;
                    return true;
                }
                for (int i = 0; i < limit; i++) {
                    Event e = forward();
                    if (!add(c, e)) {
                        return true;
                    }
                    if (matches(run, e) && (run.count() == 0
                            || engine().eventCount(run.untilEvent(), run.g()) >= run.count())) {
                        c.reached = true;
                        return true;
                    }
                }
                return false;
            }
        }
    }

    private static boolean add(Collector c, Event e) {
        if (e == null) {
            return false;
        }
        c.add(e);
        return true;
    }

    private static boolean matches(Lesson.Run run, Event e) {
        return e.kind().wire().equals(run.untilEvent()) && (run.g() == null || run.g().equals(e.g()));
    }
}
