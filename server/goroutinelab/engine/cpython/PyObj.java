package goroutinelab.engine.cpython;

import java.util.LinkedHashMap;

/** A heap object under reference counting: ob_refcnt, its reference fields, and whether _Py_Dealloc freed it. */
final class PyObj {
    final String id;
    final long sizeBytes;
    final LinkedHashMap<String, String> fields = new LinkedHashMap<>();
    long refcount;
    /** Its count reached 0 and _Py_Dealloc is about to run (within the same bytecode). */
    boolean dying;
    boolean freed;

    PyObj(String id, long sizeBytes) {
        this.id = id;
        this.sizeBytes = sizeBytes;
    }

    PyObj copy() {
        PyObj o = new PyObj(id, sizeBytes);
        o.fields.putAll(fields);
        o.refcount = refcount;
        o.dying = dying;
        o.freed = freed;
        return o;
    }
}
