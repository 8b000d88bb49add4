package goroutinelab.web;

import goroutinelab.lesson.Player;

import java.util.HashMap;
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
 * <p>A session also belongs to a client (an address, as the per-client
 * socket limit counts it), and the sessions of one client may hold at most
 * {@link #maxClientBytes} together, whatever the total and the equal shares
 * say: one visitor's many sockets cannot fill the budget with grown runs
 * (80 sockets of one address, each under its equal share, held most of
 * 700 MB), which then refuses every other visitor's session over its equal
 * share and keeps the collector copying those worlds. The lessons' maps
 * belong to no client.
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

    /** Whether a holder may grow: yes, or no because of the whole server's budget, or because of its client's share. */
    enum Room { YES, SERVER_FULL, CLIENT_FULL }

    /** What one holder holds, and whose it is (null: nobody's, a lesson's map). */
    private record Held(Object client, long bytes) {
    }

    private final long maxBytes;
    private final long maxClientBytes;
    private final Map<Object, Held> held = new WeakHashMap<>();
    /** The bytes each client's holders hold together (a client leaves when it holds nothing). */
    private final Map<Object, Long> byClient = new HashMap<>();
    private long total;
    /** How many holders the total counts: when the weak map holds fewer, some were collected. */
    private int counted;

    /** A budget with no separate bound per client. */
    MemoryBudget(long maxBytes) {
        this(maxBytes, maxBytes);
    }

    /** At most {@code maxBytes} in all, and {@code maxClientBytes} for one client's holders together. */
    MemoryBudget(long maxBytes, long maxClientBytes) {
        if (maxBytes < 0 || maxClientBytes < 0) {
            throw new IllegalArgumentException("MemoryBudget: budgets must not be negative, got " + maxBytes + " and " + maxClientBytes);
        }
        this.maxBytes = maxBytes;
        this.maxClientBytes = Math.min(maxBytes, maxClientBytes);
    }

    /** No budget at all: sessions made outside a server (tests, benchmarks). */
    static MemoryBudget unlimited() {
        return new MemoryBudget(Long.MAX_VALUE);
    }

    long maxBytes() {
        return maxBytes;
    }

    long maxClientBytes() {
        return maxClientBytes;
    }

    /** The bytes held by every holder together. */
    synchronized long totalBytes() {
        expunge();
        return total;
    }

    /** What one holder is counted as holding (0 if it is not counted). */
    synchronized long heldBy(Object holder) {
        Held h = held.get(holder);
        return h == null ? 0 : h.bytes();
    }

    /** What one client's holders are counted as holding together. */
    synchronized long heldByClient(Object client) {
        expunge();
        return byClient.getOrDefault(client, 0L);
    }

    /** The most one client's holders hold together (for /health; 0 when no client holds anything). */
    synchronized long largestClientBytes() {
        expunge();
        return byClient.values().stream().mapToLong(Long::longValue).max().orElse(0);
    }

    /** Whether a holder of no client (a lesson's map) may grow to {@code bytes}. */
    boolean mayHold(Object holder, long bytes) {
        return room(holder, null, bytes) == Room.YES;
    }

    /**
     * Whether the holder may grow to {@code bytes}: yes if it is not growing;
     * otherwise its client's holders together must stay within the client's
     * bound, and then the total within the budget, or the holder within an
     * equal share of it.
     */
    synchronized Room room(Object holder, Object client, long bytes) {
        expunge();
        Held h = held.get(holder);
        long old = h == null ? 0 : h.bytes();
        if (bytes <= old) {
            return Room.YES;
        }
        if (client != null && byClient.getOrDefault(client, 0L) - old + bytes > maxClientBytes) {
            return Room.CLIENT_FULL;
        }
        if (total - old + bytes <= maxBytes) {
            return Room.YES;
        }
        return bytes <= share(h == null ? 1 : 0) ? Room.YES : Room.SERVER_FULL;
    }

    /** An equal share of the budget among the holders (and {@code extra} more). */
    private long share(int extra) {
        return maxBytes / Math.max(1, held.size() + extra);
    }

    /** Counts a holder of no client (a lesson's map) as holding {@code bytes} now. */
    void hold(Object holder, long bytes) {
        hold(holder, null, bytes);
    }

    /** Counts the holder of {@code client} as holding {@code bytes} now (whatever the budget says: it is in use). */
    synchronized void hold(Object holder, Object client, long bytes) {
        expunge();
        Held old = held.put(holder, new Held(client, bytes));
        if (old == null) {
            counted++;
            total += bytes;
        } else {
            total += bytes - old.bytes();
            unclient(old);
        }
        if (client != null) {
            byClient.merge(client, bytes, Long::sum);
        }
    }

    /** The holder holds nothing any more (its socket closed). */
    synchronized void release(Object holder) {
        expunge();
        Held old = held.remove(holder);
        if (old != null) {
            counted--;
            total -= old.bytes();
            unclient(old);
        }
    }

    private void unclient(Held old) {
        if (old.client() != null) {
            byClient.computeIfPresent(old.client(), (k, b) -> b - old.bytes() <= 0 ? null : b - old.bytes());
        }
    }

    /** A holder was collected (a map the cache dropped, a session never released): sum again. */
    private void expunge() {
        if (held.size() != counted) {
            total = 0;
            byClient.clear();
            for (Held h : held.values()) {
                total += h.bytes();
                if (h.client() != null) {
                    byClient.merge(h.client(), h.bytes(), Long::sum);
                }
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
