package goroutinelab.web;

import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The per-socket outbox with a transport that completes sends only when the
 * test says so (the peer "reads"): when the socket stops being read, when it
 * is read again, when it is closed, and the server-wide budget.
 */
class OutboxTest {
    /** A transport whose sends wait until {@link #take} completes them, oldest first. */
    static final class Peer implements Outbox.Transport {
        final Deque<Runnable> unread = new ArrayDeque<>();
        final List<String> sent = new ArrayList<>();
        int closeCode = -1;
        String closeReason;

        @Override
        public void send(String text, Runnable written, Consumer<Throwable> failed) {
            sent.add(text);
            unread.addLast(written);
        }

        @Override
        public void close(int code, String reason) {
            closeCode = code;
            closeReason = reason;
        }

        void take(int frames) {
            for (int i = 0; i < frames && !unread.isEmpty(); i++) {
                unread.pollFirst().run();
            }
        }
    }

    private final AtomicLong now = new AtomicLong(1_000);
    private final AtomicInteger drained = new AtomicInteger();
    private final Peer peer = new Peer();

    private Outbox outbox(long maxBytes, Outbox.Budget budget) {
        return new Outbox(peer, maxBytes, 5_000, now::get, drained::incrementAndGet, budget);
    }

    private static Outbox.Budget roomy() {
        return new Outbox.Budget(Long.MAX_VALUE, () -> { });
    }

    @Test
    void readingStopsAtASixteenthOfTheBoundAndResumesWhenThePeerTakesItsFrames() {
        Outbox o = outbox(1600, roomy()); // backed up at 100 bytes
        o.accept("x".repeat(60));
        assertThat(o.backedUp()).isFalse();
        o.accept("x".repeat(60));
        assertThat(o.backedUp()).isTrue();
        assertThat(o.waitingBytes()).isEqualTo(120);
        peer.take(1);
        assertThat(o.backedUp()).isFalse();
        assertThat(drained.get()).isEqualTo(1);
        peer.take(1);
        assertThat(o.waitingBytes()).isZero();
        assertThat(peer.closeCode).isEqualTo(-1);
    }

    @Test
    void aFrameThatWouldPassTheBoundClosesTheSocketButOneToAnEmptyOutboxAlwaysGoes() {
        Outbox o = outbox(1000, roomy());
        o.accept("x".repeat(5000)); // one large frame to a reader that keeps up
        assertThat(peer.sent).hasSize(1);
        assertThat(peer.closeCode).isEqualTo(-1);
        peer.take(1);
        o.accept("x".repeat(600));
        o.accept("x".repeat(600));
        assertThat(peer.closeCode).isEqualTo(Outbox.CLOSE_POLICY);
        assertThat(peer.closeReason).startsWith("too many frames unread (1 KiB waiting; at most 0 KiB)");
        assertThat(peer.sent).as("the frame past the bound, and all after it, are not sent").hasSize(2);
        o.accept("later");
        assertThat(peer.sent).hasSize(2);
    }

    @Test
    void backedUpWithNothingTakenForTheUnreadTimeIsStalledAndProgressResetsTheClock() {
        Outbox o = outbox(1600, roomy());
        o.accept("x".repeat(200));
        o.accept("x".repeat(200));
        now.addAndGet(4_999);
        assertThat(o.stalled(now.get())).isFalse();
        now.addAndGet(1);
        assertThat(o.stalled(now.get())).isTrue();
        peer.take(1); // some progress, still backed up
        assertThat(o.backedUp()).isTrue();
        assertThat(o.stalled(now.get())).isFalse();
        now.addAndGet(5_000);
        assertThat(o.stalled(now.get())).isTrue();
    }

    @Test
    void bytesCountAsUtf8() {
        Outbox o = outbox(1 << 20, roomy());
        o.accept("a\u00e9\u8fd0\uD83D\uDE00");
        assertThat(o.waitingBytes()).isEqualTo(1 + 2 + 3 + 4);
        assertThat(Outbox.utf8Length("\uD83D")).as("a lone surrogate").isEqualTo(3);
    }

    @Test
    void passingTheServersBudgetAsksItsHolderToTrimAndTakenFramesGiveBytesBack() {
        AtomicInteger trims = new AtomicInteger();
        Outbox.Budget budget = new Outbox.Budget(250, trims::incrementAndGet);
        Outbox a = outbox(1 << 20, budget);
        Outbox b = outbox(1 << 20, budget);
        a.accept("x".repeat(200));
        assertThat(trims.get()).isZero();
        b.accept("x".repeat(100));
        assertThat(trims.get()).isEqualTo(1);
        assertThat(budget.bytes()).isEqualTo(300);
        peer.take(2);
        assertThat(budget.bytes()).isZero();
    }
}
