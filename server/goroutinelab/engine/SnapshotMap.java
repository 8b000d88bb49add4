package goroutinelab.engine;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * One map of a snapshot: immutable, in the order its keys were written, its
 * keys and values side by side in one array. A session keeps the last state
 * it sent (the next frame is a patch against it) and every session takes one
 * every step, so the snapshot's maps are what a busy server's young
 * collections copy most: as hash maps they cost an entry object and a table
 * slot a key, here two array slots.
 *
 * <p>It reads as any map (lesson paths, equality with other maps, JSON).
 * Looking a key up walks the array; a map with many keys (a thousand
 * goroutines) builds an index the first time it is asked, so the frames,
 * which only walk it, never pay for one.
 */
public final class SnapshotMap extends AbstractMap<String, Object> {
    /** Up to this many keys a lookup walks the array. */
    private static final int WALK = 12;
    private static final SnapshotMap EMPTY = new SnapshotMap(new Object[0], 0);
    /** The keys of the numbers 0 to 16383, made as first asked for. */
    private static final String[] KEYS = new String[1 << 14];

    /** key 0, value 0, key 1, value 1, ... */
    private final Object[] kv;
    private final int size;
    /** Key to slot, for a map with more than {@link #WALK} keys, made when first needed. */
    private volatile Map<Object, Integer> index;

    private SnapshotMap(Object[] kv, int size) {
        this.kv = kv;
        this.size = size;
    }

    /** The key of a numbered thing (a goroutine, a P, an M), shared between snapshots for small numbers. */
    public static String key(int id) {
        if (id < 0 || id >= KEYS.length) {
            return Integer.toString(id);
        }
        String k = KEYS[id];
        if (k == null) {
            // a String is immutable, so a racing thread sees either null or the whole key
            k = Integer.toString(id);
            KEYS[id] = k;
        }
        return k;
    }

    /** A builder for about {@code keys} keys (it grows past that). */
    public static Builder builder(int keys) {
        return new Builder(keys);
    }

    /** A copy of a map, in its order (a map that a snapshot must not share with the running engine). */
    public static SnapshotMap copyOf(Map<String, ?> m) {
        if (m instanceof SnapshotMap sm) {
            return sm;
        }
        Builder b = new Builder(m.size());
        m.forEach(b::put);
        return b.build();
    }

    /** The same map but for {@code key}'s value, which must be one of its keys. */
    public SnapshotMap with(String key, Object value) {
        int i = slot(key);
        if (i < 0) {
            throw new IllegalArgumentException("SnapshotMap.with: no key " + key);
        }
        Object[] copy = kv.clone();
        copy[i + 1] = value;
        return new SnapshotMap(copy, size);
    }

    @Override
    public int size() {
        return size;
    }

    /** The i-th key written (0 is the first). */
    public String keyAt(int i) {
        return (String) kv[2 * i];
    }

    /** The i-th key's value. */
    public Object valueAt(int i) {
        return kv[2 * i + 1];
    }

    @Override
    public Object get(Object key) {
        int i = slot(key);
        return i < 0 ? null : kv[i + 1];
    }

    @Override
    public boolean containsKey(Object key) {
        return slot(key) >= 0;
    }

    @Override
    public void forEach(BiConsumer<? super String, ? super Object> action) {
        for (int i = 0; i < 2 * size; i += 2) {
            action.accept((String) kv[i], kv[i + 1]);
        }
    }

    /** The key's slot in the array (its value is at the next), or -1. */
    private int slot(Object key) {
        if (key == null) {
            return -1;
        }
        if (size > WALK) {
            Map<Object, Integer> idx = index;
            if (idx == null) {
                idx = new HashMap<>(2 * size);
                for (int i = 0; i < 2 * size; i += 2) {
                    idx.put(kv[i], i);
                }
                index = idx;
            }
            Integer i = idx.get(key);
            return i == null ? -1 : i;
        }
        for (int i = 0; i < 2 * size; i += 2) {
            if (key.equals(kv[i])) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<String, Object>> iterator() {
                return new Iterator<>() {
                    private int i;

                    @Override
                    public boolean hasNext() {
                        return i < 2 * size;
                    }

                    @Override
                    public Entry<String, Object> next() {
                        if (i >= 2 * size) {
                            throw new NoSuchElementException();
                        }
                        Entry<String, Object> e = new SimpleImmutableEntry<>((String) kv[i], kv[i + 1]);
                        i += 2;
                        return e;
                    }
                };
            }

            @Override
            public int size() {
                return size;
            }
        };
    }

    /** Writes a map key by key, in order; a key written twice is an error (a snapshot names each thing once). */
    public static final class Builder {
        private Object[] kv;
        private int size;
        private boolean built;

        private Builder(int keys) {
            kv = new Object[2 * Math.max(1, keys)];
        }

        public void put(String key, Object value) {
            if (built) {
                throw new IllegalStateException("SnapshotMap.Builder: already built");
            }
            if (key == null) {
                throw new IllegalArgumentException("SnapshotMap.Builder: a null key");
            }
            assert size > WALK || !written(key) : "SnapshotMap.Builder: " + key + " written twice";
            if (2 * size == kv.length) {
                kv = Arrays.copyOf(kv, 2 * kv.length);
            }
            kv[2 * size] = key;
            kv[2 * size + 1] = value;
            size++;
        }

        private boolean written(String key) {
            for (int i = 0; i < 2 * size; i += 2) {
                if (key.equals(kv[i])) {
                    return true;
                }
            }
            return false;
        }

        public SnapshotMap build() {
            built = true;
            return size == 0 ? EMPTY : new SnapshotMap(2 * size == kv.length ? kv : Arrays.copyOf(kv, 2 * size), size);
        }
    }
}
