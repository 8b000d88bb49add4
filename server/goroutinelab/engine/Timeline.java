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
 * <p>Something injected at step s belongs to step s: it is applied on arrival
 * at s. Injecting after going back forks history: the log after s is dropped.
 */
public final class Timeline {
    public static final int MAX_CHECKPOINTS = 64;
    /**
     * The heap the checkpoints of one run may take together (by the engine's own
     * estimate): a large world keeps fewer, further apart, down to MIN_CHECKPOINTS.
     * A seek then replays more steps (docs/performance.md has both figures).
     */
    public static final long MAX_CHECKPOINT_BYTES = 16L << 20;
    public static final int MIN_CHECKPOINTS = 8;

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
    private long interval;
    private long furthest;

    public Timeline(Engine initial) {
        this(initial, 1024);
    }

    public Timeline(Engine initial, long interval) {
        this.initial = initial.copy();
        this.current = initial;
        this.interval = interval;
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
        Event e = current.step(deadline);
        if (e == null) {
            if (!current.ended() && deadline != Long.MAX_VALUE) {
                record(new Entry.Clock(current.now()));
            }
            return null;
        }
        arrive();
        return e;
    }

    /** Applies what the log holds for the step just reached, then maybe checkpoints. */
    private void arrive() {
        long s = current.steps();
        List<Entry> entries = log.get(s);
        if (entries != null) {
            for (Entry en : entries) {
                apply(en);
            }
        }
        furthest = Math.max(furthest, s);
        if (s % interval == 0) {
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

    private void record(Entry entry) {
        long s = current.steps();
        log.tailMap(s, false).clear();
        checkpoints.tailMap(s, true).clear();
        furthest = s;
        log.computeIfAbsent(s, k -> new ArrayList<>()).add(entry);
    }

    /**
     * Loads a recorded history (from a shared link): entries at the current step
     * apply now, later ones on arrival. Only valid before moving forward.
     */
    public void preload(long step, Entry entry) {
        if (step < current.steps()) {
            throw new IllegalArgumentException("Timeline.preload: step " + step + " is in the past");
        }
        log.computeIfAbsent(step, k -> new ArrayList<>()).add(entry);
        if (step == current.steps()) {
            apply(entry);
        }
    }

    /** Goes to an absolute step (or the run's end, if it ends first). */
    public void seek(long target) {
        long t = Math.max(0, target);
        if (t == current.steps()) {
            return;
        }
        if (t < current.steps() || t - current.steps() > interval) {
            Map.Entry<Long, Engine> c = checkpoints.floorEntry(t);
            if (c != null && (t < current.steps() || c.getKey() > current.steps())) {
                current = c.getValue().copy();
            } else if (t < current.steps()) {
                current = initial.copy();
                List<Entry> first = log.get(0L);
                if (first != null) {
                    first.forEach(this::apply);
                }
            }
        }
        while (current.steps() < t) {
            Event e = current.step();
            if (e == null) {
                break;
            }
            arrive();
        }
    }

    public void back(long n) {
        seek(Math.max(0, current.steps() - n));
    }

    public void reset() {
        seek(0);
    }

    /**
     * Keeps at most MAX_CHECKPOINTS, and at most MAX_CHECKPOINT_BYTES of them
     * (but never fewer than MIN_CHECKPOINTS), by doubling the interval and
     * dropping the odd ones.
     */
    private void thin() {
        long each = current.approximateBytes();
        while (checkpoints.size() > MAX_CHECKPOINTS
                || (checkpoints.size() > MIN_CHECKPOINTS && checkpoints.size() * each > MAX_CHECKPOINT_BYTES)) {
            interval *= 2;
            checkpoints.keySet().removeIf(k -> k % interval != 0);
        }
    }

    public int checkpointCount() {
        return checkpoints.size();
    }
}
