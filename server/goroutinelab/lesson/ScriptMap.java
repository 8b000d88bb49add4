package goroutinelab.lesson;

import goroutinelab.engine.CheckedEngine;
import goroutinelab.engine.Event;
import goroutinelab.engine.Injection;
import goroutinelab.engine.Timeline;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The lesson's own run, and where each script step lies in it.
 *
 * <p>A lesson is a program plus a script. Played from the start, the script
 * makes one run: each step applies its injections, runs as far as it says and
 * ends at some engine step. So script step k covers the engine steps
 * {@code (start_k, end_k]}, with {@code start_k = end_(k-1)} (a step that runs
 * nothing covers no step of its own). Every way a learner moves (Next, one
 * step, play, the scrubber, a link) sets one position in that run, and the
 * narration shown is the script step whose range holds it
 * ({@link #cursorAt}).
 *
 * <p>The map is played lazily, as far as anyone has needed it, on its own
 * {@link Timeline}, and shared by every session of the lesson: a session's
 * run follows it by preloading what the script did between steps (its
 * injections, and the clock moves of {@code run: {time: ...}}) from
 * {@link #entries()}. The expectations are checked here, once, when a step is
 * first played: they are the author's tool, never the learner's.
 *
 * <p>Playing the map is a cost like any move's, paid once per lesson by the
 * session that first needs it: {@link #cover(long, Budget)} and
 * {@link #span(int, Budget)} play it in slices of {@link Budget#EVERY} steps
 * and report each to the caller's budget, so a script step of a million
 * steps is played over several messages (the next picks up where the last
 * stopped) and never holds the map's lock for more than a slice. The map's
 * run only goes forward, so it keeps no checkpoints: the lesson's map holds
 * two worlds ({@link #approximateBytes()}).
 *
 * <p>Thread-safe: sessions on several threads extend one map under its lock.
 */
public final class ScriptMap {
    /**
     * One script step in the lesson's run: engine steps (start, end], how many
     * of the map's {@link #entries()} the script had made by its end (those at
     * its end step that belong to later script steps are held back while it is
     * shown), and what its expectations found.
     */
    public record Span(long start, long end, int through, List<String> failures, boolean stoppedShort) {
    }

    private final Lesson lesson;
    private final long ceiling;
    private final Timeline run;
    private final List<Span> spans = new ArrayList<>();
    /** Everything the script did between steps, in the order it was done. */
    private final List<History.Item> entries = new ArrayList<>();
    private final String runHash;
    /** The step at which the map could not go on (the ceiling, or the engine failed); then it is done. */
    private boolean halted;
    /** The script step being played, when a budget stopped it part-way; null between steps. */
    private Playing playing;

    /** A script step part-played: where it started and how far its run has got. */
    private record Playing(Lesson.Step step, long start, Runs.Progress progress) {
    }

    /** A map of the lesson's run that will not be played past {@code ceiling} engine steps. */
    public ScriptMap(Lesson lesson, long ceiling) {
        this.lesson = lesson;
        this.ceiling = ceiling;
        // the map's run only goes forward: no checkpoints
        this.run = new Timeline(Engines.create(lesson, lesson.runtime()), Long.MAX_VALUE, 0);
        this.runHash = hashOf(lesson);
    }

    public Lesson lesson() {
        return lesson;
    }

    /** The number of script steps. */
    public int size() {
        return lesson.steps().size();
    }

    /**
     * Eight hex digits that change when the lesson's run would change (its
     * program, machine or script moves; not its narration): a forked run's
     * token carries them, so it cannot be replayed on another lesson.
     */
    public String runHash() {
        return runHash;
    }

    /** Script step k (1-based), played if it has not been yet; null if the run cannot reach it. */
    public synchronized Span span(int k) {
        while (spans.size() < k && playNext()) {
            // extend the map
        }
        return k <= spans.size() ? spans.get(k - 1) : null;
    }

    /**
     * Plays the map until script step k is known, reporting each slice to the
     * budget; false if the budget stopped it first (a later call goes on).
     */
    public boolean span(int k, Budget budget) {
        return extend(() -> spans.size() >= k || done(), budget);
    }

    /** Like {@link #cover(long)}, reporting each slice to the budget; false if the budget stopped it first. */
    public boolean cover(long s, Budget budget) {
        return extend(() -> done() || end() > s, budget);
    }

    /** Plays slices until {@code enough} holds (checked under the lock), or the budget says stop. */
    private boolean extend(java.util.function.BooleanSupplier enough, Budget budget) {
        while (true) {
            long ran;
            synchronized (this) {
                if (enough.getAsBoolean()) {
                    return true;
                }
                ran = playSlice(budget.slice());
            }
            // asked outside the lock: a budget may make this thread wait its turn
            if (!budget.spend(Math.max(1, ran))) {
                synchronized (this) {
                    return enough.getAsBoolean();
                }
            }
        }
    }

    /** Roughly the heap the map holds: its run's two worlds, by the engine's estimate. */
    public synchronized long approximateBytes() {
        return run.approximateBytes();
    }

    /** The script steps played so far. */
    public synchronized int known() {
        return spans.size();
    }

    /** Whether every script step has been played (or the map can go no further). */
    public synchronized boolean done() {
        return spans.size() >= size() || halted;
    }

    /** The last engine step everything the script does at is known ({@link #cover} has nothing to play up to it). */
    public synchronized long knownThrough() {
        return done() ? Long.MAX_VALUE : end() - 1;
    }

    /** The engine step the map has reached: the end of the last script step played. */
    public synchronized long end() {
        return spans.isEmpty() ? 0 : spans.get(spans.size() - 1).end();
    }

    /**
     * Plays the script until everything the script does at engine step s is
     * known: until a script step ends after s (every step that starts at s has
     * then been played), or the script is done.
     */
    public synchronized void cover(long s) {
        while (!done() && end() <= s) {
            playNext();
        }
    }

    /** What the script did between steps, from index i on (a session copies them in order). */
    public synchronized List<History.Item> entriesFrom(int i) {
        return i >= entries.size() ? List.of() : List.copyOf(entries.subList(i, entries.size()));
    }

    /** How many of {@link #entries()} lie before engine step s. */
    public synchronized int entriesBefore(long s) {
        int n = 0;
        while (n < entries.size() && entries.get(n).step() < s) {
            n++;
        }
        return n;
    }

    /**
     * How many of the entries at engine step s are applied when script step k
     * is shown there (k's own and its predecessors'; everything, if s is not
     * where k ends).
     */
    public synchronized int heldAt(int k, long s) {
        if (k == 0) {
            return 0;
        }
        Span sp = span(k);
        return sp == null || sp.end() != s ? Integer.MAX_VALUE : sp.through() - entriesBefore(s);
    }

    /** How many of {@link #entries()} lie at or before engine step s. */
    public synchronized int entriesThrough(long s) {
        int n = 0;
        while (n < entries.size() && entries.get(n).step() <= s) {
            n++;
        }
        return n;
    }

    public synchronized List<History.Item> entries() {
        return Collections.unmodifiableList(new ArrayList<>(entries));
    }

    /**
     * The script step whose range holds engine step s: 0 before anything has
     * run (the lesson's introduction), the last step past the script's end.
     * Covers s first.
     */
    public synchronized int cursorAt(long s) {
        cover(s);
        if (s <= 0) {
            return 0;
        }
        for (int k = 0; k < spans.size(); k++) {
            if (spans.get(k).end() >= s) {
                return k + 1;
            }
        }
        return spans.size();
    }

    /** Plays the next script step on the map's own run to its end; false if there is none or the map cannot go on. */
    private boolean playNext() {
        int before = spans.size();
        while (spans.size() == before && spans.size() < size() && !halted) {
            playSlice(Long.MAX_VALUE);
        }
        return spans.size() > before && !halted;
    }

    /**
     * Plays at most {@code max} more runs of an engine step of the script step
     * under way (starting the next one if none is), and finishes it if its run
     * is over. Returns the engine steps run.
     */
    private long playSlice(long max) {
        if (spans.size() >= size() || halted) {
            return 0;
        }
        long before = run.step();
        if (playing == null) {
            Lesson.Step step = lesson.steps().get(spans.size());
            for (Injection i : step.inject()) {
                run.inject(i);
            }
            playing = new Playing(step, before, new Runs.Progress(step.run()));
        }
        Outcome o = playing.progress().advance(run, ceiling, max);
        if (o != null) {
            Playing done = playing;
            playing = null;
            finish(done.step(), done.start(), o);
        }
        return run.step() - before;
    }

    /** A script step's run is over: its failures, its expectations, its entries and its span. */
    private void finish(Lesson.Step step, long start, Outcome o) {
        if (run.engine() instanceof CheckedEngine checked) {
            // an invariant broken during this script step is reported in it, before anything is read from the run
            checked.verify();
        }
        List<String> failures = new ArrayList<>();
        if (o == Outcome.CEILING) {
            halted = true;
        } else if (o == Outcome.LIMIT) {
            failures.add("run " + step.run().describe() + " did not finish within " + step.run().limit()
                    + " steps (raise limit:, or check that it can happen)");
        } else if (o == Outcome.NOT_REACHED) {
            failures.add("run " + step.run().describe() + ": the run ended before it happened"
                    + (run.engine().ended() ? " (the process exited)" : ""));
        }
        if (!step.expect().isEmpty()) {
            Map<String, Object> snap = run.engine().snapshot();
            for (Lesson.Expect e : step.expect()) {
                String f = Expectations.check(snap, e);
                if (f != null) {
                    failures.add(e.path() + ": " + f);
                }
            }
        }
        copyLog();
        spans.add(new Span(start, run.step(), entries.size(), List.copyOf(failures), o == Outcome.CEILING));
    }

    /** Appends the log entries the last script step added (injections at its start, a clock move at its end). */
    private void copyLog() {
        List<History.Item> all = new ArrayList<>();
        run.log().forEach((step, list) -> list.forEach(en -> all.add(new History.Item(step, en))));
        for (int i = entries.size(); i < all.size(); i++) {
            entries.add(all.get(i));
        }
    }

    /** How a script step's run ended. */
    enum Outcome { DONE, LIMIT, NOT_REACHED, CEILING }

    /** Running a script step's {@code run:} on a timeline. */
    static final class Runs {
        private Runs() {
        }

        /**
         * A script step's run, played a slice at a time: {@link #advance} takes
         * at most so many engine steps and returns null while the run goes on,
         * its outcome once it is over.
         */
        static final class Progress {
            private final Lesson.Run run;
            /** Engine steps asked of the timeline so far (each forward call counts one). */
            private long done;

            Progress(Lesson.Run run) {
                this.run = run;
            }

            Outcome advance(Timeline t, long ceiling, long max) {
                if (run.kind() == Lesson.Run.Kind.NONE) {
                    return Outcome.DONE;
                }
                if (run.kind() == Lesson.Run.Kind.UNTIL_EVENT && done == 0 && run.count() > 0
                        && t.engine().eventCount(run.untilEvent(), run.g()) >= run.count()) {
                    return Outcome.DONE;
                }
                long most = run.kind() == Lesson.Run.Kind.STEPS ? run.steps() : run.limit();
                for (long slice = 0; done < most; slice++) {
                    if (slice >= max) {
                        return null;
                    }
                    if (t.step() >= ceiling) {
                        return Outcome.CEILING;
                    }
                    done++;
                    Outcome o = forwardOnce(t);
                    if (o != null) {
                        return o;
                    }
                }
                return spent(t);
            }

            /** One engine step of the run: its outcome if that step ended it, null if the run goes on. */
            private Outcome forwardOnce(Timeline t) {
                switch (run.kind()) {
                    case TIME -> {
                        return t.forward(run.timeNs()) == null ? Outcome.DONE : null;
                    }
                    case UNTIL_EVENT -> {
                        Event e = t.forward();
                        if (e == null) {
                            return Outcome.NOT_REACHED;
                        }
                        boolean reached = matches(run, e) && (run.count() == 0
                                || t.engine().eventCount(run.untilEvent(), run.g()) >= run.count());
                        return reached ? Outcome.DONE : null;
                    }
                    default -> {
                        return t.forward() == null ? Outcome.DONE : null;
                    }
                }
            }

            /** How the run ended once it has taken every step it may. */
            private Outcome spent(Timeline t) {
                return switch (run.kind()) {
                    case UNTIL_END -> t.engine().ended() ? Outcome.DONE : Outcome.LIMIT;
                    case TIME -> t.engine().now() >= run.timeNs() ? Outcome.DONE : Outcome.LIMIT;
                    case UNTIL_EVENT -> Outcome.LIMIT;
                    default -> Outcome.DONE;
                };
            }
        }

        private static boolean matches(Lesson.Run run, Event e) {
            return e.kind().wire().equals(run.untilEvent()) && (run.g() == null || run.g().equals(e.g()));
        }
    }

    private static String hashOf(Lesson l) {
        StringBuilder sb = new StringBuilder(l.id()).append('\n').append(l.model()).append('\n')
                .append(l.runtime()).append('\n').append(l.program()).append('\n');
        for (Lesson.Step s : l.steps()) {
            sb.append(s.inject()).append(' ').append(s.run()).append('\n');
        }
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(sb.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("ScriptMap: SHA-256 is missing from this JVM", e);
        }
    }

    // ---- one map per lesson, shared by its sessions ----

    private static final int CACHED = 256;
    private static final Map<Key, ScriptMap> MAPS = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, ScriptMap> eldest) {
            return size() > CACHED;
        }
    };

    /** A lesson by identity (a reloaded file is a new lesson), with the ceiling its map was played under. */
    private record Key(Lesson lesson, long ceiling) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.lesson == lesson && k.ceiling == ceiling;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(lesson) * 31 + Long.hashCode(ceiling);
        }
    }

    /** The shared map of a lesson's run (the most recently used few hundred lessons are kept). */
    public static ScriptMap of(Lesson lesson, long ceiling) {
        synchronized (MAPS) {
            return MAPS.computeIfAbsent(new Key(lesson, ceiling), k -> new ScriptMap(lesson, ceiling));
        }
    }
}
