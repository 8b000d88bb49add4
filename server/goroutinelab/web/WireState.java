package goroutinelab.web;

import goroutinelab.engine.EventCounts;
import goroutinelab.engine.SnapshotMap;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The state as a frame carries it (docs/spec/frame.md): the engine's snapshot
 * with every {@code stats.events} count of 0 left out, so an absent kind
 * reads 0. A snapshot counts every event kind the engine knows, about a
 * hundred, and a run uses a handful: the zeros were half of a whole state's
 * bytes and of its map entries, written, patched and sent every move.
 *
 * <p>Only the wire changes. The snapshot itself keeps every kind, so lesson
 * {@code expect} paths, the checker and the script still read 0 for a kind
 * that has not happened. The snapshot is not copied: the maps on the path to
 * each {@code stats.events} are (the top, {@code go} and {@code cpython}
 * under model compare, {@code stats}), and everything else is shared.
 */
final class WireState {
    private WireState() {
    }

    /** The snapshot as the wire carries it: every stats.events count of 0 left out; null stays null. */
    static Map<String, Object> of(Map<String, Object> snapshot) {
        return snapshot == null ? null : trimmed(snapshot, 0);
    }

    /**
     * The map with its own {@code stats.events} and those of the sides it
     * holds ({@code go}, {@code cpython}) trimmed; the same map when nothing
     * is left out.
     */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> trimmed(Map<String, Object> m, int depth) {
        Map<String, Object> out = m;
        if (m.get("stats") instanceof Map<?, ?> stats && stats.get("events") instanceof Map<?, ?> events) {
            Map<String, Object> counts = nonZero((Map<String, Object>) events);
            if (counts != null) {
                out = with(m, "stats", with((Map<String, Object>) stats, "events", counts));
            }
        }
        if (depth == 0) {
            for (String side : new String[] {"go", "cpython"}) {
                if (m.get(side) instanceof Map<?, ?> inner) {
                    Map<String, Object> t = trimmed((Map<String, Object>) inner, 1);
                    if (t != inner) {
                        out = with(out, side, t);
                    }
                }
            }
        }
        return out;
    }

    /** The map with one key's value changed, in the same order; the map itself is not changed. */
    private static Map<String, Object> with(Map<String, Object> m, String key, Object value) {
        if (m instanceof SnapshotMap sm) {
            return sm.with(key, value);
        }
        Map<String, Object> out = new LinkedHashMap<>(m);
        out.put(key, value);
        return out;
    }

    /** The counts above 0, in the snapshot's order; null when there is no 0 to leave out. */
    private static Map<String, Object> nonZero(Map<String, Object> events) {
        if (events instanceof EventCounts c) {
            return c.hasZero() ? c.nonZero() : null;
        }
        int zeros = 0;
        for (Object v : events.values()) {
            if (isZero(v)) {
                zeros++;
            }
        }
        if (zeros == 0) {
            return null;
        }
        Map<String, Object> out = new LinkedHashMap<>(Math.max(4, (events.size() - zeros) * 2));
        events.forEach((k, v) -> {
            if (!isZero(v)) {
                out.put(k, v);
            }
        });
        return out;
    }

    private static boolean isZero(Object v) {
        return v instanceof Number n && !(v instanceof Double) && !(v instanceof Float) && n.longValue() == 0;
    }
}
