package goroutinelab.engine.runtime;

import goroutinelab.engine.Program;

/**
 * A heap object: its size, its pointer fields (field name to object id, null
 * for nil), how many of its words may hold pointers, its colour in the
 * current cycle, and whether the sweeper freed it.
 *
 * <p>The pointer words are the object's type's pointer prefix (Go's
 * {@code ptrdata}, which heapBitsSetType records as the heap bits' "no more
 * pointers" mark, mbitmap.go): scanobject reads up to there and no further.
 * An object with none is {@code noscan} (mallocgc gives it a noscan span):
 * greyobject marks it black without queueing it. The named fields are the
 * first words. An object whose layout the lesson did not give follows its
 * fields: one pointer word per field, and a store of a new field adds one,
 * as if its type had that field (Go fixes the layout when it allocates; the
 * lab lets a lesson leave it unsaid).
 *
 * <p>Inside the engine an object is its ref, its slot in the collector's
 * table of objects ({@link Collector#byRef}); its id is the name a lesson, an
 * event and the snapshot use, and its seq its place in allocation order (a
 * slot a freed object left may be given to a later one, as the runtime reuses
 * freed memory; see {@link Collector#reusableSlot}). A grey queue entry is a
 * long: the ref, and the oblet's index above it.
 */
final class Obj {
    /** White: not marked. Grey: marked and queued for scanning (itself or an oblet of it). Black: marked and scanned. */
    enum Color { white, grey, black }

    /** The ref of nil. */
    static final int NIL = -1;

    final String id;
    final int ref;
    /** Its place in allocation order (the lesson's objects first): the snapshot lists objects in this order. */
    final long seq;
    final long size;
    /** Its pointer fields: field name to ref. */
    final Refs fields;
    /** How many words, from the start, may hold pointers; 0: noscan. */
    long pointerWords;
    /** The lesson gave the layout ({@code pointers}); otherwise it follows the fields. */
    final boolean fixedLayout;
    /** Oblets of this object still in the grey queue: it stays grey until they are scanned. */
    int obletsLeft;
    Color color = Color.white;
    boolean freed;
    /** Freed while still reachable: the bug a missing write barrier causes. */
    boolean lost;

    Obj(String id, int ref, long seq, long size, long pointerWords) {
        this.id = id;
        this.ref = ref;
        this.seq = seq;
        this.fields = new Refs();
        this.size = size;
        this.fixedLayout = pointerWords != Program.ObjectSpec.FOLLOW_FIELDS;
        this.pointerWords = fixedLayout ? pointerWords : 0;
    }

    private Obj(Obj o) {
        this.id = o.id;
        this.ref = o.ref;
        this.seq = o.seq;
        this.size = o.size;
        this.fixedLayout = o.fixedLayout;
        this.fields = o.fields.copy();
        this.pointerWords = o.pointerWords;
        this.obletsLeft = o.obletsLeft;
        this.color = o.color;
        this.freed = o.freed;
        this.lost = o.lost;
    }

    Obj copy() {
        return new Obj(this);
    }

    /** It holds no pointers: greyobject blackens it, scanobject never reads it. */
    boolean noscan() {
        return pointerWords == 0;
    }

    /** The bytes scanobject reads: up to the end of its last pointer word. */
    long scanBytes() {
        return Math.min(size, pointerWords * 8);
    }

    /** The pieces scanobject reads it in: one, or one per 128 KB oblet. */
    long oblets() {
        return size <= GcCosts.MAX_OBLET_BYTES ? 1 : (size + GcCosts.MAX_OBLET_BYTES - 1) / GcCosts.MAX_OBLET_BYTES;
    }

    /** The grey queue's entry for the oblet at {@code offset} (0 is the object itself). */
    long obletEntry(long offset) {
        return (offset / GcCosts.MAX_OBLET_BYTES) << 32 | ref;
    }

    /** The object ref of a grey queue entry. */
    static int refOf(long entry) {
        return (int) entry;
    }

    /** The byte offset of a grey queue entry in its object. */
    static long offsetOf(long entry) {
        return (entry >>> 32) * GcCosts.MAX_OBLET_BYTES;
    }

    /** A grey queue entry as the snapshot names it: the object's id, with "+128KB" for a later oblet. */
    String entryName(long entry) {
        long offset = offsetOf(entry);
        return offset == 0 ? id : id + "+" + (offset >> 10) + "KB";
    }
}
