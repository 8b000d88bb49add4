package goroutinelab.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A run you can travel in: forward one step at a time, back, or to any step.
 * Going back restores the nearest checkpoint (a copy of the engine taken every
 * {@code interval} steps) and replays forward, re-applying what happened
 * between steps (injections, clock moves) from a log. Checkpoints thin out as
 * the run grows (at most {@link #MAX_CHECKPOINTS}), so memory stays bounded
 * and any step is reached by replaying at most {@code interval} steps.
 *
 * <p>Something injected at step s belongs to step s. A position is a step and
 * how many of the things logged at it have been applied ({@link #applied()}):
 * arriving at s applies them all unless the caller holds some back (a lesson's
 * script steps that run nothing share one engine step, each with its own
 * injections and clock moves, and each is shown in turn); leaving s applies
 * whatever was held back. Injecting after going back forks history: what was
 * logged after the position is dropped.
 */
public final class Timeline {
    public static final int MAX_CHECKPOINTS = 64;
    /**
     * The heap the checkpoints of one run may take together by default (by the
     * engine's own estimate): a large world keeps fewer, further apart, down to
     * MIN_CHECKPOINTS. A seek then replays more steps (docs/performance.md has
     * both figures).
     */
    public static final long MAX_CHECKPOINT_BYTES = 16L << 20;
    /**
     * The byte bound thins no further once this few are left (halving may leave
     * one): a world so large that even a few pass the bound keeps one or two,
     * and a seek replays up to half the run.
     */
    public static final int MIN_CHECKPOINTS = 2;

    /** What happens between steps, replayed in order on arrival at its step. */
    public sealed interface Entry permits Entry.Inject, Entry.Clock {
        record Inject(Injection injection) implements Entry {
        }

        record Clock(long timeNs) implements Entry {
        }
    }

    private final Engine initial;
    private final TreeMap<Long, Engine> checkpoints = new TreeMap<>();
    private final TreeMap<Long, List<Entry>> log = new TreeMap<>();
    private Engine current;
    /** How many of the log's entries at the current step have been applied. */
    private int applied;
    private long interval;
    private long furthest;
    private final long maxCheckpointBytes;

    public Timeline(Engine initial) {
        this(initial, 1024);
    }

    public Timeline(Engine initial, long interval) {
        this(initial, interval, MAX_CHECKPOINT_BYTES);
    }

    /**
     * A run whose checkpoints (one every {@code interval} steps at first) take at
     * most {@code maxCheckpointBytes} by the engine's estimate; an interval of
     * {@code Long.MAX_VALUE} keeps none (a run that only ever goes forward).
     */
    public Timeline(Engine initial, long interval, long maxCheckpointBytes) {
        if (interval < 1 || maxCheckpointBytes < 0) {
            throw new IllegalArgumentException("Timeline: interval " + interval + " and checkpoint bytes "
                    + maxCheckpointBytes + " must be positive");
        }
        this.initial = initial.copy();
        this.current = initial;
        this.interval = interval;
        this.maxCheckpointBytes = maxCheckpointBytes;
    }

    public Engine engine() {
        return current;
    }

    public long step() {
        return current.steps();
    }

    /** The furthest step this run has reached (a scrubber's end). */
    public long furthest() {
        return furthest;
    }

    public Map<Long, List<Entry>> log() {
        return java.util.Collections.unmodifiableMap(log);
    }

    /** One step forward (null at the end of the run). */
    public Event forward() {
        return forward(Long.MAX_VALUE);
    }

    /** One step forward if it happens by the deadline; else the clock moves there and null is returned. */
    public Event forward(long deadline) {
        return forward(deadline, Integer.MAX_VALUE);
    }

    /**
     * One step forward, applying at most {@code hold} of the entries logged at
     * the step it arrives at (the rest wait until the run leaves that step or
     * {@link #applyUpTo} is called). What was held back here is applied first.
     */
    public Event forward(long deadline, int hold) {
        applyUpTo(Integer.MAX_VALUE);
        Event e = current.step(deadline);
        if (e == null) {
            if (!current.ended() && deadline != Long.MAX_VALUE) {
                record(new Entry.Clock(current.now()));
            }
            return null;
        }
        arrive(hold);
        return e;
    }

    /** How many of the entries logged at the current step have been applied. */
    public int applied() {
        return applied;
    }

    /** How many entries are logged at a step. */
    public int loggedAt(long step) {
        List<Entry> l = log.get(step);
        return l == null ? 0 : l.size();
    }

    /** Applies the entries logged at the current step up to the first n of them (never un-applies). */
    public void applyUpTo(int n) {
        List<Entry> entries = log.get(current.steps());
        int upTo = entries == null ? 0 : Math.min(n, entries.size());
        while (applied < upTo) {
            apply(entries.get(applied++));
        }
    }

    /** Applies up to {@code hold} of what the log holds for the step just reached, then maybe checkpoints. */
    private void arrive(int hold) {
        long s = current.steps();
        applied = 0;
        applyUpTo(hold);
        furthest = Math.max(furthest, s);
        if (s % interval == 0 && applied == loggedAt(s)) {
            checkpoints.put(s, current.copy());
            thin();
        }
    }

    private void apply(Entry en) {
        if (en instanceof Entry.Inject i) {
            current.inject(i.injection());
        } else if (en instanceof Entry.Clock c) {
            current.advanceTo(c.timeNs());
        }
    }

    /**
     * Applies an injection now and records it at the current step. All or
     * nothing: it is tried on a copy first, so an injection the engine refuses
     * (throws) leaves neither the run nor the log changed, and can never be
     * replayed into every later seek.
     */
    public void inject(Injection injection) {
        Engine trial = current.copy();
        trial.inject(injection);
        record(new Entry.Inject(injection));
        current = trial;
    }

    /** Logs an entry at the current position (already applied): what was logged after it is forgotten. */
    private void record(Entry entry) {
        long s = current.steps();
        log.tailMap(s, false).clear();
        List<Entry> here = log.computeIfAbsent(s, k -> new ArrayList<>());
        here.subList(applied, here.size()).clear();
        checkpoints.tailMap(s, true).clear();
        furthest = s;
        here.add(entry);
        applied = here.size();
    }

    /**
     * Loads a recorded history (a lesson's script, a shared link): entries are
     * applied on arrival at their step, or at the current step by
     * {@link #applyUpTo} or on leaving it. Never in the past.
     */
    public void preload(long step, Entry entry) {
        if (step < current.steps()) {
            throw new IllegalArgumentException("Timeline.preload: step " + step + " is in the past");
        }
        log.computeIfAbsent(step, k -> new ArrayList<>()).add(entry);
    }

    /** Goes to an absolute step with everything logged there applied (or to the run's end, if it ends first). */
    public void seek(long target) {
        seek(target, Integer.MAX_VALUE);
    }

    /** Goes to an absolute step with at most {@code hold} of the entries logged there applied. */
    public void seek(long target, int hold) {
        long t = Math.max(0, target);
        int want = Math.min(hold, loggedAt(t));
        if (t == current.steps() && want >= applied) {
            applyUpTo(want);
            return;
        }
        if (t <= current.steps() || t - current.steps() > interval) {
            // a checkpoint has everything at its step applied: one at t serves only if all of t is wanted
            Map.Entry<Long, Engine> c = want == loggedAt(t) ? checkpoints.floorEntry(t) : checkpoints.lowerEntry(t);
            boolean back = t < current.steps() || (t == current.steps() && want < applied);
            if (c != null && (back || c.getKey() > current.steps())) {
                current = c.getValue().copy();
                applied = loggedAt(c.getKey());
            } else if (back) {
                current = initial.copy();
                applied = 0;
            }
        }
        if (current.steps() == t) {
            applyUpTo(want);
            return;
        }
        while (current.steps() < t) {
            applyUpTo(Integer.MAX_VALUE);
            Event e = current.step();
            if (e == null) {
                break;
            }
            arrive(current.steps() == t ? want : Integer.MAX_VALUE);
        }
    }

    public void back(long n) {
        seek(Math.max(0, current.steps() - n));
    }

    public void reset() {
        seek(0);
    }

    /**
     * Keeps at most MAX_CHECKPOINTS, and at most this run's checkpoint bytes of
     * them (but never fewer than MIN_CHECKPOINTS), by doubling the interval and
     * dropping the odd ones.
     */
    private void thin() {
        long each = current.approximateBytes();
        while (checkpoints.size() > MAX_CHECKPOINTS
                || (checkpoints.size() > MIN_CHECKPOINTS && checkpoints.size() * each > maxCheckpointBytes)) {
            interval *= 2;
            checkpoints.keySet().removeIf(k -> k % interval != 0);
        }
    }

    public int checkpointCount() {
        return checkpoints.size();
    }

    /**
     * The step of the last checkpoint strictly before {@code step}, or 0 (the
     * start): where a seek back to {@code step} restores from. A caller that
     * replays in slices seeks here first, then forward.
     */
    public long checkpointBefore(long step) {
        Long k = checkpoints.lowerKey(step);
        return k == null ? 0 : k;
    }

    /**
     * Roughly the heap this run holds, by the engine's own estimate: the current
     * world, the initial one and every checkpoint, each counted at the current
     * world's size (0 when the engine cannot tell).
     */
    public long approximateBytes() {
        return (checkpoints.size() + 2L) * current.approximateBytes();
    }
}
