package goroutinelab.engine.runtime;

import goroutinelab.engine.SnapshotMap;

import java.util.Arrays;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Named pointer slots: an object's pointer fields, a goroutine's stack slots,
 * the globals. Each name holds an object's ref (its index in
 * {@link Collector#byRef}) or {@link Obj#NIL}, in the order the names were
 * first stored. The names a lesson uses stay strings; the objects are ints, so
 * following a pointer is an array index rather than a string lookup (the
 * runtime follows a pointer by address, the lab by ref).
 *
 * <p>A handful of names per object or stack: a linear search over them beats
 * hashing, and a copy is two array copies.
 */
final class Refs {
    private static final String[] NO_NAMES = new String[0];
    private static final int[] NO_REFS = new int[0];

    private String[] names = NO_NAMES;
    private int[] refs = NO_REFS;
    private int size;

    Refs() {
    }

    Refs copy() {
        Refs r = new Refs();
        r.assign(this);
        return r;
    }

    /** Becomes a copy of o, spare room included (so a copied engine's state is the same to the last array slot). */
    void assign(Refs o) {
        names = o.names.clone();
        refs = o.refs.clone();
        size = o.size;
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** The i-th name, in the order names were first stored. */
    String name(int i) {
        return names[i];
    }

    /** The ref the i-th name holds. */
    int ref(int i) {
        return refs[i];
    }

    private int indexOf(String name) {
        for (int i = 0; i < size; i++) {
            String n = names[i];
            if (n == name || n.equals(name)) {
                return i;
            }
        }
        return -1;
    }

    boolean has(String name) {
        return indexOf(name) >= 0;
    }

    /** The ref the name holds; {@link Obj#NIL} if it holds nil or is not there (a missing slot reads as nil). */
    int get(String name) {
        int i = indexOf(name);
        return i < 0 ? Obj.NIL : refs[i];
    }

    /** Stores ref under name (a new name goes last); returns what it held before, {@link Obj#NIL} if nothing. */
    int put(String name, int ref) {
        int i = indexOf(name);
        if (i >= 0) {
            int old = refs[i];
            refs[i] = ref;
            return old;
        }
        if (size == names.length) {
            int n = Math.max(2, size * 2);
            names = Arrays.copyOf(names, n);
            refs = Arrays.copyOf(refs, n);
        }
        names[size] = name;
        refs[size] = ref;
        size++;
        return Obj.NIL;
    }

    void putAll(Refs o) {
        for (int i = 0; i < o.size; i++) {
            put(o.names[i], o.refs[i]);
        }
    }

    void clear() {
        Arrays.fill(names, 0, size, null);
        size = 0;
    }

    /** The names in order, as a comma-separated list (for an event's text). */
    String namesText() {
        return String.join(", ", Arrays.asList(names).subList(0, size));
    }

    /** Name to object id (null for nil), for the snapshot: the edge where refs become the lesson's names again. */
    Map<String, Object> toMap(IntFunction<String> idOf) {
        SnapshotMap.Builder m = SnapshotMap.builder(size);
        for (int i = 0; i < size; i++) {
            m.put(names[i], idOf.apply(refs[i]));
        }
        return m.build();
    }
}
