package goroutinelab.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A growable ring of ints: run queues, wait queues and free lists of ids.
 * Unboxed, so copying a world with thousands of queued goroutines is a few
 * array copies.
 */
public final class IntDeque {
    private int[] items;
    private int head;
    private int size;

    public IntDeque() {
        this(8);
    }

    public IntDeque(int capacity) {
        items = new int[Math.max(2, capacity)];
    }

    private IntDeque(int[] items, int head, int size) {
        this.items = items;
        this.head = head;
        this.size = size;
    }

    public IntDeque copy() {
        return new IntDeque(items.clone(), head, size);
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    public int get(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException("IntDeque.get: " + i + " of " + size);
        }
        return items[(head + i) % items.length];
    }

    public void addLast(int v) {
        grow();
        items[(head + size) % items.length] = v;
        size++;
    }

    public void addFirst(int v) {
        grow();
        head = (head - 1 + items.length) % items.length;
        items[head] = v;
        size++;
    }

    public int peekFirst() {
        if (size == 0) {
            throw new IllegalStateException("IntDeque.peekFirst: empty");
        }
        return items[head];
    }

    public int pollFirst() {
        int v = peekFirst();
        head = (head + 1) % items.length;
        size--;
        return v;
    }

    public int pollLast() {
        if (size == 0) {
            throw new IllegalStateException("IntDeque.pollLast: empty");
        }
        size--;
        return items[(head + size) % items.length];
    }

    public boolean contains(int v) {
        return indexOf(v) >= 0;
    }

    public int indexOf(int v) {
        for (int i = 0; i < size; i++) {
            if (items[(head + i) % items.length] == v) {
                return i;
            }
        }
        return -1;
    }

    /** Removes the first occurrence of v; returns whether it was there. */
    public boolean remove(int v) {
        int at = indexOf(v);
        if (at < 0) {
            return false;
        }
        for (int i = at; i < size - 1; i++) {
            items[(head + i) % items.length] = items[(head + i + 1) % items.length];
        }
        size--;
        return true;
    }

    public void clear() {
        head = 0;
        size = 0;
    }

    public List<Integer> toList() {
        List<Integer> out = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            out.add(items[(head + i) % items.length]);
        }
        return out;
    }

    public int[] toArray() {
        int[] out = new int[size];
        for (int i = 0; i < size; i++) {
            out[i] = items[(head + i) % items.length];
        }
        return out;
    }

    private void grow() {
        if (size < items.length) {
            return;
        }
        int[] bigger = new int[items.length * 2];
        for (int i = 0; i < size; i++) {
            bigger[i] = items[(head + i) % items.length];
        }
        items = bigger;
        head = 0;
    }

    @Override
    public String toString() {
        return Arrays.toString(toArray());
    }
}
