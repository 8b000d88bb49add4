package goroutinelab.engine.runtime;

import java.util.LinkedHashMap;

/**
 * A heap object: its size, its pointer fields (field name to object id, null
 * for nil), its colour in the current cycle, and whether the sweeper freed it.
 */
final class Obj {
    /** White: not marked. Grey: marked and queued for scanning. Black: marked and scanned. */
    enum Color { white, grey, black }

    final String id;
    final long size;
    final LinkedHashMap<String, String> fields = new LinkedHashMap<>();
    Color color = Color.white;
    boolean freed;
    /** Freed while still reachable: the bug a missing write barrier causes. */
    boolean lost;

    Obj(String id, long size) {
        this.id = id;
        this.size = size;
    }

    Obj copy() {
        Obj c = new Obj(id, size);
        c.fields.putAll(fields);
        c.color = color;
        c.freed = freed;
        c.lost = lost;
        return c;
    }
}
