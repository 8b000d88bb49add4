package goroutinelab.web;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * What one socket has handed the transport and its peer has not yet taken:
 * a {@link Session} sends its frames through this, and the socket reads
 * its next message only while little is waiting.
 *
 * <p>Each frame's bytes (UTF-8) count from the moment it is handed to the
 * transport until the transport reports it written (or failed). Then:
 * <ul>
 * <li>at a sixteenth of {@code maxBytes} waiting the socket is
 * {@link #backedUp() backed up}: the caller stops reading it (no more
 * messages, so no more frames) until the peer takes enough to bring it back
 * under, when {@code drained} runs;</li>
 * <li>a frame that would take it past {@code maxBytes} while something still
 * waits closes the socket (1008). (A frame to an empty outbox always goes,
 * however large: a reader that keeps up is never refused its frame.)</li>
 * <li>backed up with no byte taken for {@code maxUnreadMs}: {@link #stalled}
 * says so, and the caller closes it (1008).</li>
 * </ul>
 * Frames are never dropped or merged: a frame may be a patch against the one
 * before, and the narration's log is the sum of them all, so a socket that
 * cannot keep up is closed and its browser rebuilds its run from its last
 * history token, as after a restart.
 *
 * <p>A server-wide {@link Budget} counts every socket's waiting bytes; when a
 * frame would take the total past it, the budget's holder is told to close
 * the socket holding the most.
 */
final class Outbox implements Consumer<String> {
    /** A WebSocket close code: the peer broke a policy (here, it does not read what it asked for). */
    static final int CLOSE_POLICY = 1008;

    /** How a frame leaves: the transport calls back once it is written, or failed. */
    interface Transport {
        void send(String text, Runnable written, Consumer<Throwable> failed);

        void close(int code, String reason);
    }

    /** The server's total of waiting bytes, and what to do when a frame would pass it. */
    static final class Budget {
        private final long maxBytes;
        private final AtomicLong bytes = new AtomicLong();
        private final Runnable over;
        private final AtomicBoolean trimming = new AtomicBoolean();

        /** {@code over} runs (never twice at once) when a frame would take the total past {@code maxBytes}. */
        Budget(long maxBytes, Runnable over) {
            this.maxBytes = maxBytes;
            this.over = over;
        }

        long bytes() {
            return bytes.get();
        }

        long maxBytes() {
            return maxBytes;
        }

        private void add(long n) {
            if (bytes.addAndGet(n) > maxBytes && trimming.compareAndSet(false, true)) {
                try {
                    over.run();
                } finally {
                    trimming.set(false);
                }
            }
        }

        private void remove(long n) {
            bytes.addAndGet(-n);
        }
    }

    private final Transport transport;
    private final long maxBytes;
    private final long pauseBytes;
    private final long maxUnreadMs;
    private final LongSupplier clockMs;
    private final Runnable drained;
    private final Budget budget;
    private final AtomicLong waiting = new AtomicLong();
    private final AtomicBoolean closing = new AtomicBoolean();
    private volatile long lastProgressMs;

    Outbox(Transport transport, long maxBytes, long maxUnreadMs, LongSupplier clockMs, Runnable drained, Budget budget) {
        this.transport = transport;
        this.maxBytes = maxBytes;
        this.pauseBytes = Math.max(1, maxBytes / 16);
        this.maxUnreadMs = maxUnreadMs;
        this.clockMs = clockMs;
        this.drained = drained;
        this.budget = budget;
        this.lastProgressMs = clockMs.getAsLong();
    }

    /** Hands one text frame to the transport, or closes the socket if it would pass the bound. */
    @Override
    public void accept(String text) {
        if (closing.get()) {
            return;
        }
        long n = utf8Length(text);
        long before = waiting.get();
        if (before > 0 && before + n > maxBytes) {
            close("too many frames unread (" + (before + n) / 1024 + " KiB waiting; at most " + maxBytes / 1024
                    + " KiB): reload to continue where you were");
            return;
        }
        if (before == 0) {
            lastProgressMs = clockMs.getAsLong();
        }
        waiting.addAndGet(n);
        budget.add(n);
        transport.send(text, () -> taken(n), failure -> taken(n));
    }

    private void taken(long n) {
        long left = waiting.addAndGet(-n);
        budget.remove(n);
        lastProgressMs = clockMs.getAsLong();
        if (left < pauseBytes) {
            drained.run();
        }
    }

    /** Whether so much waits that the socket should not be read. */
    boolean backedUp() {
        return waiting.get() >= pauseBytes;
    }

    /** Backed up, and the peer has taken nothing for maxUnreadMs. */
    boolean stalled(long nowMs) {
        return backedUp() && nowMs - lastProgressMs >= maxUnreadMs;
    }

    /** Bytes handed to the transport and not yet written. */
    long waitingBytes() {
        return waiting.get();
    }

    boolean closing() {
        return closing.get();
    }

    /** Closes the socket with 1008 and the reason (once); later frames are dropped. */
    void close(String reason) {
        if (closing.compareAndSet(false, true)) {
            transport.close(CLOSE_POLICY, reason);
        }
    }

    /** UTF-8 bytes of a text, counted without encoding it. */
    static long utf8Length(String s) {
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }
}
