package goroutinelab.engine;

import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole state of an engine as text, field by field: every goroutine and
 * thread, every queue of pending actions, interrupts and outside events, the
 * random generator's state, the collector's and the signals' bookkeeping, and
 * whatever a part of the engine keeps between actions. Two engines with the
 * same digest do the same from now on; two snapshots can agree while their
 * engines do not (the snapshot leaves most of this out).
 *
 * <p>Walks the objects by reflection, so a field added later is in the digest
 * without anyone remembering to add it: the lab's own objects field by field
 * (and their superclasses'), collections and maps in their iteration order
 * (the engine iterates only ordered ones), arrays element by element, and
 * strings, numbers, booleans and enums as values. A reference back up the
 * path being walked (a part's pointer to its engine) is written as such;
 * {@code transient} fields are bookkeeping (what a copy shares), not state.
 */
public final class StateDigest {
    private final StringBuilder out = new StringBuilder();
    private final IdentityHashMap<Object, Boolean> onPath = new IdentityHashMap<>();

    private StateDigest() {
    }

    /** The engine's whole state, one line per value. */
    public static String of(Object engine) {
        StateDigest d = new StateDigest();
        d.walk("", engine);
        return d.out.toString();
    }

    private void walk(String path, Object o) {
        if (o == null || o instanceof String || o instanceof Number || o instanceof Boolean
                || o instanceof Character || o instanceof Enum<?>) {
            out.append(path).append(" = ").append(o instanceof Enum<?> e ? e.name() : o).append('\n');
            return;
        }
        if (onPath.containsKey(o)) {
            out.append(path).append(" = <up to ").append(o.getClass().getSimpleName()).append(">\n");
            return;
        }
        onPath.put(o, true);
        try {
            if (o.getClass().isArray()) {
                int n = Array.getLength(o);
                out.append(path).append(" = [").append(n).append("]\n");
                for (int i = 0; i < n; i++) {
                    walk(path + "[" + i + "]", Array.get(o, i));
                }
            } else if (o instanceof java.util.BitSet b) {
                out.append(path).append(" = ").append(b).append('\n');
            } else if (o instanceof Map<?, ?> m) {
                out.append(path).append(" = {").append(m.size()).append("}\n");
                int i = 0;
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    walk(path + "{" + i + "}.key", e.getKey());
                    walk(path + "{" + i + "}.value", e.getValue());
                    i++;
                }
            } else if (o instanceof Collection<?> c) {
                out.append(path).append(" = (").append(c.size()).append(")\n");
                int i = 0;
                for (Object x : c) {
                    walk(path + "(" + i++ + ")", x);
                }
            } else if (o.getClass().getName().startsWith("goroutinelab.")) {
                out.append(path).append(" : ").append(o.getClass().getSimpleName()).append('\n');
                for (Field f : fields(o.getClass())) {
                    f.setAccessible(true);
                    walk(path + "." + f.getName(), f.get(o));
                }
            } else {
                throw new IllegalStateException("StateDigest: cannot walk a " + o.getClass().getName() + " at " + path
                        + " (an engine keeps the lab's objects, collections, arrays and plain values)");
            }
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("StateDigest: " + path + ": " + e, e);
        } finally {
            onPath.remove(o);
        }
    }

    private static List<Field> fields(Class<?> c) {
        List<Field> out = new ArrayList<>();
        for (Class<?> k = c; k != null && k != Object.class; k = k.getSuperclass()) {
            for (Field f : k.getDeclaredFields()) {
                if (!Modifier.isStatic(f.getModifiers()) && !Modifier.isTransient(f.getModifiers()) && !f.isSynthetic()) {
                    out.add(f);
                }
            }
        }
        return out;
    }
}
