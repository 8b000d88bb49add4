package goroutinelab.lesson;

import goroutinelab.engine.Engine;
import goroutinelab.engine.Event;
import goroutinelab.engine.Injection;
import goroutinelab.engine.Timeline;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One learner's place in a lesson: a position in a run, and the script step
 * whose narration goes with it.
 *
 * <p>There is one step model. The run is the lesson's own ({@link ScriptMap})
 * until the learner changes it; every move sets one engine step, and the
 * script step shown is the one whose range holds it, so a single step forward
 * walks through a script step event by event and carries on into the next.
 * {@link #next()} goes to the end of the next script step (several script
 * steps that run nothing end at the same engine step: Next shows each in
 * turn, which is why the script step is kept as a cursor beside the engine
 * step instead of being derived from it every time).
 *
 * <p>An injection or a switch <em>forks</em> the run: from that step on it is
 * the learner's own, the script no longer describes it, and Next is refused
 * until the learner goes back to the lesson ({@link #backToLesson()}), at the
 * same step. A forked run is carried in a link by {@link #forkToken()}; the
 * lesson's own run needs only its step.
 *
 * <p>Not thread-safe: a session drives its player from one thread at a time.
 */
public final class Player {
    /** Events kept per move for the browser; the rest are counted. */
    public static final int MAX_EVENTS_KEPT = 400;

    private final Lesson lesson;
    private final ScriptMap map;
    private Timeline timeline;
    /** How many of the map's entries this run has preloaded (the lesson's own run only). */
    private int copied;
    /** The script step shown: 0 is the lesson's introduction. */
    private int cursor;
    /** Null while this is the lesson's own run; else the engine step from which it differs. */
    private Long fork;
    /** How many of the map's entries a forked run keeps (those at or before the fork). */
    private int forkBase;
    /** The engine step no move may pass (a server's steps-per-session limit). */
    private final long ceiling;

    /** A player over a private map of the lesson, without a step ceiling (the {@code check} command). */
    public Player(Lesson lesson) {
        this(new ScriptMap(lesson, Long.MAX_VALUE), Long.MAX_VALUE);
    }

    /** A player over a (shared) map, whose moves never pass engine step {@code ceiling}. */
    public Player(ScriptMap map, long ceiling) {
        this.lesson = map.lesson();
        this.map = map;
        this.ceiling = ceiling;
        this.timeline = freshTimeline();
        sync();
    }

    private Timeline freshTimeline() {
        return new Timeline(Engines.create(lesson, lesson.runtime()));
    }

    public Lesson lesson() {
        return lesson;
    }

    public ScriptMap map() {
        return map;
    }

    public Timeline timeline() {
        return timeline;
    }

    public Engine engine() {
        return timeline.engine();
    }

    /** The script step shown (0: the introduction). */
    public int cursor() {
        return cursor;
    }

    /** The engine step from which this run differs from the lesson's, or null if it is the lesson's own. */
    public Long fork() {
        return fork;
    }

    /** The furthest step this run has reached: the scrubber's end. */
    public long furthest() {
        return timeline.furthest();
    }

    /** The script step shown, with its range in the lesson's run; null at the introduction. */
    public ScriptMap.Span span() {
        return cursor == 0 ? null : map.span(cursor);
    }

    /** The runtime switches in force at this step: the lesson's, then any switch injected up to here. */
    public boolean switchOn(String name) {
        boolean on = name.equals("asyncPreemption") ? lesson.runtime().asyncPreemption() : lesson.runtime().writeBarrier();
        long now = timeline.step();
        for (Map.Entry<Long, List<Timeline.Entry>> e : timeline.log().entrySet()) {
            if (e.getKey() > now) {
                break;
            }
            List<Timeline.Entry> here = e.getKey() == now ? e.getValue().subList(0, timeline.applied()) : e.getValue();
            for (Timeline.Entry en : here) {
                if (en instanceof Timeline.Entry.Inject in && in.injection() instanceof Injection.SetSwitch sw
                        && sw.name().equals(name)) {
                    on = Boolean.TRUE.equals(sw.value());
                }
            }
        }
        return on;
    }

    /**
     * Makes the lesson's run known at least one step past here, and preloads
     * what the script does there: everything the script does at this step is
     * then in this run's log (it is applied on arrival at a step).
     */
    private void sync() {
        if (fork != null) {
            return;
        }
        map.cover(timeline.step());
        for (History.Item it : map.entriesFrom(copied)) {
            timeline.preload(it.step(), it.entry());
            copied++;
        }
    }

    // ---- moves ----

    /**
     * What one move produced: its events (the last {@link #MAX_EVENTS_KEPT}),
     * how many there were, the state after each of the last few (when asked
     * for, to show them one at a time), the expectations' failures of a script
     * step Next completed (the author's tool), and whether the step ceiling
     * stopped it short.
     */
    public record Moved(List<Event> events, long count, List<Map<String, Object>> states, List<String> failures,
                        boolean stoppedShort) {
        static final Moved NONE = new Moved(List.of(), 0, List.of(), List.of(), false);

        /** The index in {@link #events()} of the event the first of {@link #states()} follows. */
        public int statesFrom() {
            return events.size() - states.size();
        }
    }

    /** The end of the next script step: its events and, for the last {@code animate} of them, the state after each. */
    public Moved next(int animate) {
        if (fork != null) {
            throw new IllegalStateException("Player.next: a forked run has no script; go back to the lesson first");
        }
        int k = cursor + 1;
        ScriptMap.Span sp = k <= map.size() ? map.span(k) : null;
        if (sp == null) {
            return Moved.NONE;
        }
        Moved m = forward(sp.end() - timeline.step(), animate);
        if (timeline.step() >= sp.end()) {
            // several script steps may end here: k's own entries are applied, later ones wait
            cursor = k;
            timeline.applyUpTo(map.heldAt(k, sp.end()));
            return new Moved(m.events(), m.count(), m.states(), sp.failures(), m.stoppedShort());
        }
        cursor = map.cursorAt(timeline.step());
        return m;
    }

    public Moved next() {
        return next(0);
    }

    /** n engine steps forward (fewer if the run ends or the ceiling is reached). */
    public Moved step(long n, int animate) {
        Moved m = forward(n, animate);
        placeCursor();
        return m;
    }

    public Moved step(long n) {
        return step(n, 0);
    }

    private Moved forward(long n, int animate) {
        ArrayDeque<Event> kept = new ArrayDeque<>();
        List<Map<String, Object>> states = new ArrayList<>();
        long count = 0;
        boolean stopped = false;
        for (long i = 0; i < n; i++) {
            if (timeline.step() >= ceiling) {
                stopped = true;
                break;
            }
            sync();
            if (timeline.engine().ended()) {
                break;
            }
            Event e = timeline.forward(Long.MAX_VALUE, hold(timeline.step() + 1));
            if (e == null) {
                break;
            }
            count++;
            kept.addLast(e);
            if (kept.size() > MAX_EVENTS_KEPT) {
                kept.pollFirst();
            }
            if (n - i <= animate) {
                states.add(timeline.engine().snapshot());
            }
        }
        sync();
        // the states follow the last events kept, one each
        int extra = states.size() - kept.size();
        List<Map<String, Object>> tail = extra > 0 ? states.subList(extra, states.size()) : states;
        return new Moved(new ArrayList<>(kept), count, tail, List.of(), stopped);
    }

    /** After a move that is not Next: the script step whose range holds the new position. */
    private void placeCursor() {
        if (fork == null) {
            cursor = map.cursorAt(timeline.step());
        }
    }

    /**
     * How many of the entries logged at engine step s to apply on arriving
     * there: in the lesson's run, those of the script steps up to the one
     * shown at s (the rest belong to later script steps and wait); in the
     * learner's own run, all.
     */
    private int hold(long s) {
        return fork != null ? Integer.MAX_VALUE : map.heldAt(map.cursorAt(s), s);
    }

    /** Back n engine steps. */
    public void back(long n) {
        seek(Math.max(0, timeline.step() - n));
    }

    /** To an absolute engine step (or the run's end, if it ends first); a new step is run, a seen one rebuilt. */
    public void seek(long step) {
        seek(step, -1);
    }

    /**
     * Goes to an engine step showing a given script step, when its range holds
     * the step (a link to a script step that runs nothing); otherwise as
     * {@link #seek}.
     */
    public void seek(long step, int script) {
        long target = Math.min(Math.max(0, step), ceiling);
        if (fork != null) {
            timeline.seek(target);
            return;
        }
        map.cover(target);
        sync();
        int k = map.cursorAt(target);
        if (script >= 0 && script <= map.size()) {
            ScriptMap.Span sp = script == 0 ? null : map.span(script);
            if (script == 0 ? target == 0 : sp != null && sp.start() <= target && target <= sp.end()) {
                k = script;
            }
        }
        timeline.seek(target, k == 0 ? 0 : map.heldAt(k, target));
        sync();
        // the run may have ended before the target
        cursor = timeline.step() == target ? k : map.cursorAt(timeline.step());
    }

    /** Back to the lesson's start; a forked run goes back to being the lesson's own. */
    public void reset() {
        if (fork != null) {
            backToLesson();
        }
        seek(0);
        cursor = 0;
    }

    /** The learner's own injection at this step: the run forks here (or stays forked from an earlier step). */
    public void inject(Injection i) {
        long s = timeline.step();
        Long newFork = fork == null || s < fork ? Long.valueOf(s) : fork;
        // the lesson's entries this run keeps: all before this step, and those applied at it
        int newBase = fork == null || s < fork ? map.entriesBefore(s) + Math.min(timeline.applied(), lessonEntriesAt(s)) : forkBase;
        timeline.inject(i); // all or nothing: a refused injection leaves the run as it was
        fork = newFork;
        forkBase = newBase;
        cursor = map.cursorAt(fork);
    }

    /** How many of the log's entries at step s are the lesson's (in a forked run, those kept before the fork). */
    private int lessonEntriesAt(long s) {
        int before = map.entriesBefore(s);
        int lesson = fork == null ? map.entriesThrough(s) : forkBase;
        return Math.max(0, lesson - before);
    }

    /** The lesson's own run again, at the same engine step (or its end, if it ends sooner). */
    public void backToLesson() {
        if (fork == null) {
            return;
        }
        long at = timeline.step();
        fork = null;
        forkBase = 0;
        timeline = freshTimeline();
        copied = 0;
        sync();
        seek(at);
    }

    // ---- links ----

    /**
     * A forked run as a token for a link: the lesson's run hash, the fork step,
     * and the learner's injections ({@link History}). Null for the lesson's own run.
     */
    public String forkToken() {
        if (fork == null) {
            return null;
        }
        List<History.Item> own = new ArrayList<>();
        int i = 0;
        for (Map.Entry<Long, List<Timeline.Entry>> e : timeline.log().entrySet()) {
            for (Timeline.Entry en : e.getValue()) {
                if (i++ >= forkBase) {
                    own.add(new History.Item(e.getKey(), en));
                }
            }
        }
        return History.write(map.runHash(), fork, forkBase, own);
    }

    /**
     * Rebuilds a forked run from a token on a fresh player, then goes to step.
     * Throws IllegalArgumentException for a malformed token or one made for
     * another lesson, IllegalStateException for one no run of this lesson produces.
     */
    public void restoreFork(History.Parsed h, long step) {
        if (timeline.step() != 0 || fork != null) {
            throw new IllegalStateException("Player.restoreFork: only a fresh player can be restored");
        }
        if (!h.runHash().equals(map.runHash())) {
            throw new IllegalArgumentException("history: the link was made for another lesson, or an earlier version of this one");
        }
        long at = h.fork();
        map.cover(at);
        int base = h.kept();
        if (base < map.entriesBefore(at) || base > map.entriesThrough(at)) {
            throw new IllegalArgumentException("history: the run keeps " + base + " of the lesson's entries at step " + at
                    + "; this lesson has between " + map.entriesBefore(at) + " and " + map.entriesThrough(at) + " there");
        }
        Timeline t = freshTimeline();
        for (History.Item it : map.entriesFrom(0).subList(0, base)) {
            t.preload(it.step(), it.entry());
        }
        for (History.Item it : h.entries()) {
            t.preload(it.step(), it.entry());
        }
        timeline = t;
        fork = at;
        forkBase = base;
        cursor = map.cursorAt(at);
        // replay through every entry once, so a token no run of this lesson produced is refused now, not later
        long last = h.entries().isEmpty() ? at : h.entries().get(h.entries().size() - 1).step();
        timeline.seek(Math.min(ceiling, Math.max(step, last)));
        if (timeline.step() < last) {
            throw new IllegalStateException("Player.restoreFork: an entry at step " + last
                    + " lies beyond the run's end at step " + timeline.step());
        }
        timeline.seek(Math.min(ceiling, step));
    }
}
