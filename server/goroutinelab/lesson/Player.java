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
 * <p>Every move that runs the engine takes a {@link Budget} and reports to it
 * every {@link Budget#EVERY} engine steps (a seek travels in slices of that
 * many); when the budget says stop, the move stops where it got to and says
 * so ({@link Stop#BUDGET}). A Next stopped part-way is taken up by the next
 * Next from the same place.
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
    /** What this run's checkpoints may take (by the engine's estimate). */
    private final long checkpointBytes;
    /** The last engine step whose script entries this run has preloaded (the map only grows, so it stays true). */
    private long known = -1;
    /** The script step a Next stopped part-way was heading for (0: none), and where it stopped. */
    private int openNext;
    private long openAt;

    /** A player over a private map of the lesson, without a step ceiling (the {@code check} command). */
    public Player(Lesson lesson) {
        this(new ScriptMap(lesson, Long.MAX_VALUE), Long.MAX_VALUE);
    }

    /** A player over a (shared) map, whose moves never pass engine step {@code ceiling}. */
    public Player(ScriptMap map, long ceiling) {
        this(map, ceiling, Timeline.MAX_CHECKPOINT_BYTES);
    }

    /** As {@link #Player(ScriptMap, long)}, with checkpoints of at most {@code checkpointBytes} in all. */
    public Player(ScriptMap map, long ceiling, long checkpointBytes) {
        this.lesson = map.lesson();
        this.map = map;
        this.ceiling = ceiling;
        this.checkpointBytes = checkpointBytes;
        this.timeline = freshTimeline();
        // the map is asked for what the script does only when a move needs it: opening a lesson plays nothing
    }

    private Timeline freshTimeline() {
        return new Timeline(Engines.create(lesson, lesson.runtime()), 1024, checkpointBytes);
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
        known = map.knownThrough();
    }

    // ---- moves ----

    /** Why a move stopped before it was done: it did not, the step ceiling, or its budget. */
    public enum Stop { NONE, CEILING, BUDGET }

    /**
     * What one move produced: its events (the last {@link #MAX_EVENTS_KEPT}),
     * how many there were, the state after each of the last few (when asked
     * for, to show them one at a time), the expectations' failures of a script
     * step Next completed (the author's tool), and what stopped it short.
     * {@code lastStateIsNow}: nothing touched the engine after the last of
     * {@code states} was taken, so it is also the state the move ended in
     * (a frame then need not take it again).
     */
    public record Moved(List<Event> events, long count, List<Map<String, Object>> states, List<String> failures,
                        Stop stop, boolean lastStateIsNow) {
        Moved(List<Event> events, long count, List<Map<String, Object>> states, List<String> failures, Stop stop) {
            this(events, count, states, failures, stop, false);
        }

        static final Moved NONE = new Moved(List.of(), 0, List.of(), List.of(), Stop.NONE);
        static final Moved OUT_OF_BUDGET = new Moved(List.of(), 0, List.of(), List.of(), Stop.BUDGET);

        /** The index in {@link #events()} of the event the first of {@link #states()} follows. */
        public int statesFrom() {
            return events.size() - states.size();
        }

        /** Whether the step ceiling or the budget stopped it before it was done. */
        public boolean stoppedShort() {
            return stop != Stop.NONE;
        }
    }

    /** The end of the next script step: its events and, for the last {@code animate} of them, the state after each. */
    public Moved next(int animate) {
        return next(animate, Budget.UNLIMITED);
    }

    /**
     * As {@link #next(int)}, within a budget: a Next the budget stops part-way
     * shows where it got to, and the next Next from there goes on to the end of
     * the same script step.
     */
    public Moved next(int animate, Budget budget) {
        if (fork != null) {
            throw new IllegalStateException("Player.next: a forked run has no script; go back to the lesson first");
        }
        int k = openNext > 0 && timeline.step() == openAt ? openNext : cursor + 1;
        openNext = 0;
        if (k > map.size()) {
            return Moved.NONE;
        }
        if (!map.span(k, budget)) {
            return stoppedNext(k, Moved.OUT_OF_BUDGET);
        }
        ScriptMap.Span sp = map.span(k);
        if (sp == null) {
            return Moved.NONE;
        }
        long from = timeline.step();
        Moved m = forward(sp.end() - from, animate, budget);
        if (timeline.step() >= sp.end()) {
            // several script steps may end here: k's own entries are applied, later ones wait
            cursor = k;
            int applied = timeline.applied();
            timeline.applyUpTo(map.heldAt(k, sp.end()));
            return new Moved(m.events(), m.count(), m.states(), sp.failures(), m.stop() == Stop.CEILING ? Stop.CEILING : Stop.NONE,
                    m.lastStateIsNow() && timeline.applied() == applied);
        }
        if (timeline.step() != from) {
            cursor = map.cursorAt(timeline.step());
        }
        return m.stop() == Stop.BUDGET ? stoppedNext(k, m) : m;
    }

    private Moved stoppedNext(int k, Moved m) {
        openNext = k;
        openAt = timeline.step();
        return m;
    }

    public Moved next() {
        return next(0);
    }

    /** n engine steps forward (fewer if the run ends or the ceiling is reached). */
    public Moved step(long n, int animate) {
        return step(n, animate, Budget.UNLIMITED);
    }

    /** As {@link #step(long, int)}, within a budget. */
    public Moved step(long n, int animate, Budget budget) {
        Moved m = forward(n, animate, budget);
        placeCursor();
        return m;
    }

    public Moved step(long n) {
        return step(n, 0);
    }

    private Moved forward(long n, int animate, Budget budget) {
        ArrayDeque<Event> kept = new ArrayDeque<>();
        List<Map<String, Object>> states = new ArrayList<>();
        long count = 0;
        Stop stop = Stop.NONE;
        long sinceReport = 0;
        long slice = budget.slice();
        // whether the last state taken is still the engine's: anything the loop does after it may change that
        boolean lastIsNow = false;
        for (long i = 0; i < n; i++) {
            lastIsNow = false;
            if (sinceReport >= slice) {
                if (!budget.spend(sinceReport)) {
                    stop = Stop.BUDGET;
                    break;
                }
                sinceReport = 0;
                slice = budget.slice();
            }
            if (timeline.step() >= ceiling) {
                stop = Stop.CEILING;
                break;
            }
            // the lesson's run: the map must know what the script does at the next step
            if (fork == null && timeline.step() + 1 > known) {
                if (!map.cover(timeline.step() + 1, budget)) {
                    stop = Stop.BUDGET;
                    break;
                }
                sync();
            }
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
                lastIsNow = true;
            }
            sinceReport++;
        }
        sync(); // only logs what the script does at later steps (Timeline.preload): the engine is as it was
        // the states follow the last events kept, one each
        int extra = states.size() - kept.size();
        List<Map<String, Object>> tail = extra > 0 ? states.subList(extra, states.size()) : states;
        return new Moved(new ArrayList<>(kept), count, tail, List.of(), stop, lastIsNow && !tail.isEmpty());
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
        back(n, Budget.UNLIMITED);
    }

    /** Back n engine steps within a budget (the replay from the checkpoint before). */
    public Stop back(long n, Budget budget) {
        return seek(Math.max(0, timeline.step() - n), -1, budget);
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
        seek(step, script, Budget.UNLIMITED);
    }

    /** As {@link #seek(long, int)}, within a budget: stopped, it shows where it got to. */
    public Stop seek(long step, int script, Budget budget) {
        long target = Math.min(Math.max(0, step), ceiling);
        if (fork != null) {
            return travel(target, Integer.MAX_VALUE, budget);
        }
        if (target == 0 && script <= 0) {
            // the introduction: nothing the script does is applied yet, so the map need not have been played
            travel(0, 0, budget);
            cursor = 0;
            return Stop.NONE;
        }
        if (!map.cover(target, budget)) {
            return Stop.BUDGET;
        }
        sync();
        int k = map.cursorAt(target);
        if (script >= 0 && script <= map.size()) {
            ScriptMap.Span sp = script == 0 ? null : map.span(script);
            if (script == 0 ? target == 0 : sp != null && sp.start() <= target && target <= sp.end()) {
                k = script;
            }
        }
        Stop stop = travel(target, k == 0 ? 0 : map.heldAt(k, target), budget);
        sync();
        // the run may have ended before the target, or the budget stopped it
        cursor = timeline.step() == target ? k : map.cursorAt(timeline.step());
        return stop;
    }

    /**
     * Moves the timeline to {@code target} with {@code want} of its entries
     * applied, in slices of {@link Budget#EVERY} steps reported to the budget:
     * back, from the checkpoint before the target; forward, from here. Each
     * slice ends as a move there would (the lesson's entries held as its script
     * step shows them), so a stop leaves a position like any other.
     */
    private Stop travel(long target, int want, Budget budget) {
        if (target < timeline.step() || (target == timeline.step() && want < timeline.applied())) {
            timeline.seek(timeline.checkpointBefore(target));
        }
        while (timeline.step() < target) {
            long from = timeline.step();
            long to = Math.min(target, from + budget.slice());
            timeline.seek(to, to == target ? want : hold(to));
            if (timeline.step() < to) {
                return Stop.NONE; // the run ended first
            }
            if (to < target && !budget.spend(to - from)) {
                return Stop.BUDGET;
            }
        }
        timeline.seek(target, want);
        return Stop.NONE;
    }

    /** Back to the lesson's start; a forked run goes back to being the lesson's own. */
    public void reset() {
        if (fork != null) {
            leaveFork();
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
        backToLesson(Budget.UNLIMITED);
    }

    /** As {@link #backToLesson()}, within a budget: the lesson's run is replayed to the step, and may stop short of it. */
    public Stop backToLesson(Budget budget) {
        if (fork == null) {
            return Stop.NONE;
        }
        long at = timeline.step();
        leaveFork();
        return seek(at, -1, budget);
    }

    /** The lesson's own run again, at its start. */
    private void leaveFork() {
        fork = null;
        forkBase = 0;
        timeline = freshTimeline();
        copied = 0;
        known = -1;
        cursor = 0;
        sync();
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
        restoreFork(h, step, Budget.UNLIMITED);
    }

    /** As {@link #restoreFork(History.Parsed, long)}, within a budget; stopped, the player is left half-built (throw it away). */
    public Stop restoreFork(History.Parsed h, long step, Budget budget) {
        if (timeline.step() != 0 || fork != null) {
            throw new IllegalStateException("Player.restoreFork: only a fresh player can be restored");
        }
        if (!h.runHash().equals(map.runHash())) {
            throw new IllegalArgumentException("history: the link was made for another lesson, or an earlier version of this one");
        }
        long at = h.fork();
        if (!map.cover(at, budget)) {
            return Stop.BUDGET;
        }
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
        if (travel(Math.min(ceiling, Math.max(step, last)), Integer.MAX_VALUE, budget) == Stop.BUDGET) {
            return Stop.BUDGET;
        }
        if (timeline.step() < last) {
            throw new IllegalStateException("Player.restoreFork: an entry at step " + last
                    + " lies beyond the run's end at step " + timeline.step());
        }
        return travel(Math.min(ceiling, step), Integer.MAX_VALUE, budget);
    }
}
