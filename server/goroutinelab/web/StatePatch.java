package goroutinelab.web;

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
        diffMaps(from, to, "", ops);
        return ops;
    }

    private static void diffMaps(Map<?, ?> from, Map<?, ?> to, String path, List<Map<String, Object>> ops) {
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

    /** The operations for a key both maps hold; a path is written only for a key that changes or holds a map. */
    private static void changed(Object a, Object b, Object key, String path, List<Map<String, Object>> ops) {
        if (a instanceof Map<?, ?> ma && b instanceof Map<?, ?> mb) {
            diffMaps(ma, mb, at(path, key), ops);
        } else if (!same(a, b)) {
            ops.add(op("replace", at(path, key), b, true));
        }
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

    private static String at(String path, Object key) {
        return path + "/" + escape(String.valueOf(key));
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
