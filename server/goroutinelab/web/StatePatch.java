package goroutinelab.web;

import goroutinelab.engine.SnapshotMap;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The changes between two snapshots as an RFC 6902 JSON Patch: {@code add} and
 * {@code remove} for keys that appear or go, {@code replace} for values that
 * change; a list that changes is replaced whole (run queues are short). A
 * forward move of a large world changes a few goroutines, so its patch is a
 * few hundred bytes where the state is a few hundred kilobytes.
 */
final class StatePatch {
    private StatePatch() {
    }

    /** The operations that turn {@code from} into {@code to} (both snapshot trees of maps, lists and scalars). */
    static List<Map<String, Object>> diff(Map<String, Object> from, Map<String, Object> to) {
        List<Map<String, Object>> ops = new ArrayList<>();
        diffMaps(from, to, null, ops);
        return ops;
    }

    private static void diffMaps(Map<?, ?> from, Map<?, ?> to, Path path, List<Map<String, Object>> ops) {
        if (from instanceof SnapshotMap f && to instanceof SnapshotMap t && sameKeysInOrder(f, t)) {
            // the same, without an entry made for each key
            for (int i = 0; i < t.size(); i++) {
                changed(f.valueAt(i), t.valueAt(i), t.keyAt(i), path, ops);
            }
            return;
        }
        if (sameKeysInOrder(from, to)) {
            // the common case (two snapshots of one world): walk both side by side, no key looked up
            Iterator<? extends Map.Entry<?, ?>> fi = from.entrySet().iterator();
            for (Map.Entry<?, ?> e : to.entrySet()) {
                changed(fi.next().getValue(), e.getValue(), e.getKey(), path, ops);
            }
            return;
        }
        for (Map.Entry<?, ?> e : from.entrySet()) {
            if (!to.containsKey(e.getKey())) {
                ops.add(op("remove", at(path, e.getKey()), null, false));
            }
        }
        for (Map.Entry<?, ?> e : to.entrySet()) {
            Object a = from.get(e.getKey());
            if (a == null && !from.containsKey(e.getKey())) {
                ops.add(op("add", at(path, e.getKey()), e.getValue(), true));
            } else {
                changed(a, e.getValue(), e.getKey(), path, ops);
            }
        }
    }

    /** The operations for a key both maps hold; a path is written out only for a key that changes. */
    private static void changed(Object a, Object b, Object key, Path path, List<Map<String, Object>> ops) {
        if (a instanceof Map<?, ?> ma && b instanceof Map<?, ?> mb) {
            diffMaps(ma, mb, new Path(path, key), ops);
        } else if (!same(a, b)) {
            ops.add(op("replace", at(path, key), b, true));
        }
    }

    private static boolean sameKeysInOrder(SnapshotMap from, SnapshotMap to) {
        if (from.size() != to.size()) {
            return false;
        }
        for (int i = 0; i < to.size(); i++) {
            String a = from.keyAt(i);
            String b = to.keyAt(i);
            // the keys of two snapshots are mostly the same strings: most compare by reference
            if (a != b && !a.equals(b)) {
                return false;
            }
        }
        return true;
    }

    /** Whether both maps hold the same keys in the same order (then nothing is added or removed). */
    private static boolean sameKeysInOrder(Map<?, ?> from, Map<?, ?> to) {
        if (from.size() != to.size()) {
            return false;
        }
        Iterator<?> fi = from.keySet().iterator();
        for (Object k : to.keySet()) {
            if (!fi.hasNext() || !Objects.equals(fi.next(), k)) {
                return false;
            }
        }
        return true;
    }

    /** A key's JSON Pointer under a map's (RFC 6901). */
    private static String at(Path path, Object key) {
        StringBuilder b = new StringBuilder(32);
        if (path != null) {
            path.write(b);
        }
        return b.append('/').append(escape(String.valueOf(key))).toString();
    }

    /** Where a map is in the state: its key under its parent's (null at the top); written out only for an operation. */
    private record Path(Path parent, Object key) {
        void write(StringBuilder b) {
            if (parent != null) {
                parent.write(b);
            }
            b.append('/').append(escape(String.valueOf(key)));
        }
    }

    /** Equal as JSON: numbers by value (an Integer 3 and a Long 3 write the same). */
    private static boolean same(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y && !(a instanceof Double) && !(b instanceof Double)) {
            return x.longValue() == y.longValue();
        }
        return Objects.equals(a, b);
    }

    private static Map<String, Object> op(String name, String path, Object value, boolean withValue) {
        Map<String, Object> m = new LinkedHashMap<>(4);
        m.put("op", name);
        m.put("path", path);
        if (withValue) {
            m.put("value", value);
        }
        return m;
    }

    /** RFC 6901: '~' is written ~0 and '/' is written ~1 in a path segment. */
    static String escape(String key) {
        return key.indexOf('~') < 0 && key.indexOf('/') < 0 ? key : key.replace("~", "~0").replace("/", "~1");
    }
}
