package goroutinelab.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The step loop every engine shares: the Go runtime, the interpreter model and
 * compare mode each say how to perform their earliest due action
 * ({@link #act(long)}); this class turns those actions into engine steps.
 *
 * <p>An action may be pure bookkeeping, which emits nothing and is not a step,
 * or it records exactly one event ({@link #record}); {@link #step(long)}
 * performs actions until one has recorded its event, then stamps it with the
 * step number and counts it (per kind, and per goroutine or thread id, for
 * lesson conditions such as {@code until: {event: gopark, g: 2}}). It owns the
 * clock, the queue of outside events (I/O completing, a lesson's timed
 * injections, a signal on its way: anything due at a time regardless of the
 * threads, ordered by time and then by arrival) and the one limit every loop
 * needs: {@link #SILENT_LIMIT} actions in a row without an event end the run
 * with a {@code throw} event that says so (a lesson can ask for that, with
 * repeat blocks nested around nothing), so no lesson can keep a server busy.
 *
 * <p>Replaying a {@code step(deadline)} that found nothing ({@link #advanceTo})
 * is the same call again: its silent actions run at their own times, and an
 * event there means the recorded run was not this one.
 *
 * @param <X> the engine's own kind of outside event
 */
public abstract class EventLoop<X> implements Engine {
    /** Actions in a row without an event before the lab stops a run. Not a limit of any real runtime. */
    public static final int SILENT_LIMIT = 10_000_000;
    /** A time that never comes: nothing is due. */
    protected static final long NEVER = Long.MAX_VALUE;

    /** Something due at a time regardless of the threads; {@code seq} orders arrivals at the same time. */
    private record External<X>(long at, long seq, X what) {
    }

    private final long seed;
    private Event pending;
    private long steps;
    private long now;
    private final long[] kindCounts = new long[EventKind.values().length];
    /** Events naming each goroutine or thread, by id and then kind (a row is made on the id's first event). */
    private int[][] idCounts = new int[16][];
    /**
     * Rows of {@link #idCounts} this loop shares with a copy of it (or with the
     * engine it was copied from): cloned before their first change, so a copy
     * (a checkpoint) does not clone a thousand goroutines' counts most of which
     * will not change before the next one. Bookkeeping, not state.
     */
    private transient boolean[] rowShared = new boolean[16];
    private final ArrayList<External<X>> externals = new ArrayList<>();
    private long externalSeq;

    /** A fresh loop at time 0; {@code seed} is named when the run is stopped, to reproduce it. */
    protected EventLoop(long seed) {
        this.seed = seed;
    }

    /** A copy of another engine's loop (between steps: nothing pending). */
    protected EventLoop(EventLoop<X> o) {
        if (o.pending != null) {
            throw new IllegalStateException("EventLoop: copied in the middle of an action (" + o.pending + " pending)");
        }
        this.seed = o.seed;
        this.steps = o.steps;
        this.now = o.now;
        System.arraycopy(o.kindCounts, 0, kindCounts, 0, kindCounts.length);
        this.idCounts = o.idCounts.clone();
        this.rowShared = new boolean[idCounts.length];
        Arrays.fill(rowShared, true);
        Arrays.fill(o.rowShared, true);
        this.externals.addAll(o.externals);
        this.externalSeq = o.externalSeq;
    }

    // ---- what an engine supplies ----

    /**
     * Performs the earliest action due at or before {@code deadline}, moving the
     * clock to it ({@link #moveClockTo}); returns false, having done nothing, if
     * none is due by then. The action records at most one event.
     */
    protected abstract boolean act(long deadline);

    /** Ends the process (the run stops here): {@link #ended()} is true from now on. */
    protected abstract void halt(String reason, int exitCode);

    // ---- the loop ----

    @Override
    public final Event step(long deadline) {
        for (int silent = 0; ; silent++) {
            if (pending == null) {
                if (ended()) {
                    return null;
                }
                if (silent > SILENT_LIMIT) {
                    stopAtSilentLimit();
                } else if (!act(deadline)) {
                    if (deadline != NEVER) {
                        now = Math.max(now, deadline);
                    }
                    return null;
                }
            }
            if (pending != null) {
                Event e = pending;
                pending = null;
                steps++;
                kindCounts[e.kind().ordinal()]++;
                if (e.g() != null) {
                    countFor(e.g(), e.kind().ordinal());
                }
                return e;
            }
        }
    }

    /** The run made no event for SILENT_LIMIT actions: it ends, with a throw that says why and how to reproduce it. */
    private void stopAtSilentLimit() {
        halt("the lab's limit of " + SILENT_LIMIT + " runtime actions without an event", 2);
        record(EventKind.THROW, null, null, null, new Text(
                "the lab stops the run: {0} runtime actions in a row showed nothing at t={1}ns (a repeat of nothing?) (seed={2})",
                "实验室停止运行：连续 {0} 个运行时动作没有产生任何事件，t={1}ns（是否在重复空的代码块？）（seed={2}）",
                SILENT_LIMIT, now, seed), new Object[0]);
    }

    @Override
    public final void advanceTo(long t) {
        Event e = step(t);
        if (e != null) {
            throw new IllegalStateException(getClass().getSimpleName() + ".advanceTo: an event (" + e + ") before " + t
                    + " where the recorded run had none (reproduce with seed=" + seed + ")");
        }
    }

    /**
     * Records the event of the action being performed, stamped with the next
     * step number and the clock. An action records at most one: a second is an
     * engine bug, and throws.
     */
    protected final void record(EventKind kind, Integer g, Integer m, Integer p, Text text, Object[] detail) {
        if (pending != null) {
            throw new IllegalStateException(getClass().getSimpleName() + ".emit: a second event (" + kind.wire()
                    + ") in one action after " + pending.kind().wire());
        }
        pending = new Event(kind, steps + 1, now, g, m, p, text, detail);
    }

    /** Whether the action being performed has recorded its event. */
    protected final boolean recorded() {
        return pending != null;
    }

    // ---- the clock ----

    @Override
    public final long now() {
        return now;
    }

    /** The action being performed happens at t (the clock never goes back). */
    protected final void moveClockTo(long t) {
        now = Math.max(now, t);
    }

    @Override
    public final long steps() {
        return steps;
    }

    // ---- event counts ----

    private void countFor(int id, int kind) {
        if (id < 0) {
            return;
        }
        if (id >= idCounts.length) {
            int n = Math.max(id + 1, idCounts.length * 2);
            idCounts = Arrays.copyOf(idCounts, n);
            rowShared = Arrays.copyOf(rowShared, n);
        }
        int[] row = idCounts[id];
        if (row == null) {
            row = idCounts[id] = new int[kindCounts.length];
            rowShared[id] = false;
        } else if (rowShared[id]) {
            row = idCounts[id] = row.clone();
            rowShared[id] = false;
        }
        row[kind]++;
    }

    @Override
    public long eventCount(String kind, Integer id) {
        EventKind k = EventKind.byWire(kind);
        if (k == null) {
            return 0;
        }
        if (id == null) {
            return kindCounts[k.ordinal()];
        }
        return id < 0 || id >= idCounts.length || idCounts[id] == null ? 0 : idCounts[id][k.ordinal()];
    }

    /** Events so far of every kind, by {@link EventKind#ordinal()} (read only). */
    protected final long kindCount(EventKind k) {
        return kindCounts[k.ordinal()];
    }

    /** Every kind's count so far, as a snapshot's {@code stats.events} (a copy: it stays as it is). */
    protected final EventCounts kindCounts() {
        return new EventCounts(kindCounts);
    }

    /** A goroutine or thread has left the world: its counts go with it. */
    protected final void forgetCounts(int id) {
        if (id >= 0 && id < idCounts.length) {
            idCounts[id] = null;
            rowShared[id] = false;
        }
    }

    // ---- outside events ----

    /** Queues an outside event for time {@code at}, after any already queued for that time. */
    protected final void addExternal(long at, X what) {
        External<X> e = new External<>(at, externalSeq++, what);
        int i = 0;
        while (i < externals.size() && (externals.get(i).at() < at
                || (externals.get(i).at() == at && externals.get(i).seq() < e.seq()))) {
            i++;
        }
        externals.add(i, e);
    }

    /** When the first outside event is due, or {@link #NEVER}. */
    protected final long nextExternalTime() {
        return externals.isEmpty() ? NEVER : externals.get(0).at();
    }

    /** Takes the first outside event off the queue. */
    protected final X pollExternal() {
        return externals.remove(0).what();
    }

    protected final boolean hasExternals() {
        return !externals.isEmpty();
    }

    /** The outside events still to come, in order (for the snapshot and the invariants). */
    protected final List<X> externals() {
        List<X> out = new ArrayList<>(externals.size());
        externals.forEach(e -> out.add(e.what()));
        return out;
    }

    /** Drops every outside event still to come (the process has exited). */
    protected final void clearExternals() {
        externals.clear();
    }

    /** The seed this run reproduces from. */
    protected final long seed() {
        return seed;
    }
}
