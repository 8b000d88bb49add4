package goroutinelab.engine;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * A snapshot's {@code stats.events}: how many events of every kind the run
 * has had, 0 for a kind that has not happened, in {@link EventKind}'s order.
 * It models no Go file: the real runtime keeps no such table (its closest
 * relatives are the counters {@code runtime/metrics} and the execution
 * tracer derive from events); the lab counts so that a lesson can say "no
 * goroutine was preempted yet" as {@code stats.events.preemptone: 0}.
 *
 * <p>An immutable map over a copy of the loop's counts: a snapshot is taken
 * every move and a run uses a handful of the hundred or so kinds, so the
 * counts are not put one by one into a map that would be written, diffed and
 * mostly thrown away. It reads as any map (lesson paths, equality with other
 * maps, JSON), and {@link #nonZero()} gives what the wire carries.
 */
public final class EventCounts extends AbstractMap<String, Object> {
    private static final EventKind[] KINDS = EventKind.values();
    private static final Map<String, Integer> INDEX = new HashMap<>();

    static {
        for (EventKind k : KINDS) {
            INDEX.put(k.wire(), k.ordinal());
        }
    }

    private final long[] counts;

    /** The counts, copied: a snapshot does not change when the run goes on. */
    EventCounts(long[] counts) {
        if (counts.length != KINDS.length) {
            throw new IllegalArgumentException("EventCounts: " + counts.length + " counts for " + KINDS.length + " kinds");
        }
        this.counts = counts.clone();
    }

    @Override
    public Object get(Object key) {
        Integer i = INDEX.get(key);
        return i == null ? null : counts[i];
    }

    @Override
    public boolean containsKey(Object key) {
        return INDEX.containsKey(key);
    }

    @Override
    public int size() {
        return KINDS.length;
    }

    /** The kinds that have happened, with their counts, in the same order. */
    public Map<String, Object> nonZero() {
        SnapshotMap.Builder out = SnapshotMap.builder(8);
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] != 0) {
                out.put(KINDS[i].wire(), counts[i]);
            }
        }
        return out.build();
    }

    /** Whether some kind has not happened (almost always: then the wire leaves it out). */
    public boolean hasZero() {
        for (long c : counts) {
            if (c == 0) {
                return true;
            }
        }
        return false;
    }

    @Override
    public Set<Map.Entry<String, Object>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Map.Entry<String, Object>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < KINDS.length;
                    }

                    @Override
                    public Map.Entry<String, Object> next() {
                        if (next >= KINDS.length) {
                            throw new NoSuchElementException();
                        }
                        int i = next++;
                        return new AbstractMap.SimpleImmutableEntry<>(KINDS[i].wire(), counts[i]);
                    }
                };
            }

            @Override
            public int size() {
                return KINDS.length;
            }
        };
    }
}
