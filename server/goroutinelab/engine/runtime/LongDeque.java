package goroutinelab.engine.runtime;

import java.util.Arrays;

/**
 * A growable ring of longs, first in, first out: the grey queue's entries (an
 * object's ref and an oblet index, see {@link Obj#obletEntry}). Unboxed, so a
 * push allocates nothing and a copy is one array copy.
 */
final class LongDeque {
    private long[] items;
    private int head;
    private int size;

    LongDeque() {
        items = new long[16];
    }

    private LongDeque(long[] items, int head, int size) {
        this.items = items;
        this.head = head;
        this.size = size;
    }

    LongDeque copy() {
        return new LongDeque(items.clone(), head, size);
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** The i-th entry from the head. */
    long get(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException("LongDeque.get: " + i + " of " + size);
        }
        return items[(head + i) & (items.length - 1)];
    }

    void addLast(long v) {
        if (size == items.length) {
            long[] bigger = new long[items.length * 2];
            for (int i = 0; i < size; i++) {
                bigger[i] = items[(head + i) & (items.length - 1)];
            }
            items = bigger;
            head = 0;
        }
        items[(head + size) & (items.length - 1)] = v;
        size++;
    }

    long pollFirst() {
        if (size == 0) {
            throw new IllegalStateException("LongDeque.pollFirst: empty");
        }
        long v = items[head];
        head = (head + 1) & (items.length - 1);
        size--;
        return v;
    }

    /** Removes the first occurrence of v, keeping the others' order; whether it was there. */
    boolean remove(long v) {
        int mask = items.length - 1;
        for (int i = 0; i < size; i++) {
            if (items[(head + i) & mask] == v) {
                for (int j = i; j < size - 1; j++) {
                    items[(head + j) & mask] = items[(head + j + 1) & mask];
                }
                size--;
                return true;
            }
        }
        return false;
    }

    void clear() {
        head = 0;
        size = 0;
    }

    @Override
    public String toString() {
        long[] out = new long[size];
        for (int i = 0; i < size; i++) {
            out[i] = get(i);
        }
        return Arrays.toString(out);
    }
}
