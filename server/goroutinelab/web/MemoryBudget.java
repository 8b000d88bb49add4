package goroutinelab.web;

import goroutinelab.lesson.Player;

import java.util.Map;
import java.util.WeakHashMap;

/**
 * The heap that sessions and the lessons' shared maps may hold together, by
 * the engine's own estimate: every world a run keeps (the current one, the
 * initial one, each checkpoint) counted at the current world's size.
 *
 * <p>Each holder's figure is updated after every move and at every report
 * of a long move ({@link Session}). A holder may grow while the total stays
 * within the budget, or while it holds no more than an equal share of it
 * (the budget divided among the holders), so sessions of classroom lessons
 * keep stepping while a few large ones have filled it. The total can
 * therefore pass the budget only by what holders under their share add: at
 * most the budget again, which is why the default is 40% of the heap.
 *
 * <p>The heap guard ({@link HeapGuard}) still refuses new sockets when the
 * heap itself is full; this is what stops sessions admitted while the heap
 * was empty from growing until it runs out.
 *
 * <p>Holders are weak keys: a map the lessons' cache dropped leaves the
 * total once it is collected; sessions are released when their socket closes.
 */
final class MemoryBudget {
    /** A world whose engine gives no estimate (the interpreter models) counts as this much. */
    static final long UNKNOWN_WORLD_BYTES = 32 * 1024;
    /** What one of a session's recent events is counted as (the browser's log is rebuilt from them). */
    static final long EVENT_BYTES = 512;

    private final long maxBytes;
    private final Map<Object, Long> held = new WeakHashMap<>();
    private long total;
    /** How many holders the total counts: when the weak map holds fewer, some were collected. */
    private int counted;

    MemoryBudget(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** No budget at all: sessions made outside a server (tests, benchmarks). */
    static MemoryBudget unlimited() {
        return new MemoryBudget(Long.MAX_VALUE);
    }

    long maxBytes() {
        return maxBytes;
    }

    /** The bytes held by every holder together. */
    synchronized long totalBytes() {
        expunge();
        return total;
    }

    /** What one holder is counted as holding (0 if it is not counted). */
    synchronized long heldBy(Object holder) {
        return held.getOrDefault(holder, 0L);
    }

    /** Whether the holder may grow to {@code bytes}: it is not growing, the total stays within the budget, or it keeps to its share. */
    synchronized boolean mayHold(Object holder, long bytes) {
        expunge();
        long old = held.getOrDefault(holder, 0L);
        if (bytes <= old || total - old + bytes <= maxBytes) {
            return true;
        }
        return bytes <= share(old == 0 && !held.containsKey(holder) ? 1 : 0);
    }

    /** An equal share of the budget among the holders (and {@code extra} more). */
    private long share(int extra) {
        return maxBytes / Math.max(1, held.size() + extra);
    }

    /** Counts the holder as holding {@code bytes} now (whatever the budget says: it is in use). */
    synchronized void hold(Object holder, long bytes) {
        expunge();
        Long old = held.put(holder, bytes);
        if (old == null) {
            counted++;
            total += bytes;
        } else {
            total += bytes - old;
        }
    }

    /** The holder holds nothing any more (its socket closed). */
    synchronized void release(Object holder) {
        expunge();
        Long old = held.remove(holder);
        if (old != null) {
            counted--;
            total -= old;
        }
    }

    /** A holder was collected (a map the cache dropped): sum again. */
    private void expunge() {
        if (held.size() != counted) {
            total = 0;
            for (long b : held.values()) {
                total += b;
            }
            counted = held.size();
        }
    }

    /** A session's run: its worlds (current, initial, checkpoints, and the last frame's state when patching) and its recent events. */
    static long sessionBytes(Player p, boolean patching, int recentEvents) {
        long worlds = p.timeline().checkpointCount() + 2L + (patching ? 1 : 0);
        return worlds * worldBytes(p.engine().approximateBytes()) + recentEvents * EVENT_BYTES;
    }

    /** A world's estimate, or what a world of an engine that gives none counts as. */
    static long worldBytes(long estimate) {
        return estimate > 0 ? estimate : UNKNOWN_WORLD_BYTES;
    }
}
