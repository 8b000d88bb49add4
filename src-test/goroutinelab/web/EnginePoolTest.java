package goroutinelab.web;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sessions' moves share a bounded pool: no more run at once than it has
 * threads, a waiting client that has used less goes first, and a long move
 * gives its thread to such a client at its next report instead of finishing
 * first. Ordered by latches and the pool's own counts, never by time.
 */
class EnginePoolTest {
    private final AtomicLong clock = new AtomicLong(1_000);
    private final EnginePool pool = new EnginePool(1, clock::get);

    @AfterEach
    void stop() {
        pool.stop();
    }

    private static void await(CountDownLatch l) throws InterruptedException {
        assertThat(l.await(30, TimeUnit.SECONDS)).as("the pool ran it").isTrue();
    }

    @Test
    void noMoreMovesRunAtOnceThanThePoolHasThreads() throws Exception {
        EnginePool two = new EnginePool(2, clock::get);
        try {
            AtomicInteger now = new AtomicInteger();
            AtomicInteger most = new AtomicInteger();
            CountDownLatch done = new CountDownLatch(12);
            for (int i = 0; i < 12; i++) {
                two.submit(two.client(), () -> {
                    most.accumulateAndGet(now.incrementAndGet(), Math::max);
                    for (int k = 0; k < 200_000; k++) {
                        Thread.onSpinWait();
                    }
                    now.decrementAndGet();
                    done.countDown();
                });
            }
            await(done);
            assertThat(most.get()).isBetween(1, 2);
        } finally {
            two.stop();
        }
    }

    @Test
    void aWaitingClientThatHasUsedLessGoesFirst() throws Exception {
        EnginePool.Client heavy = pool.client();
        EnginePool.Client light = pool.client();
        heavy.used(500_000_000);
        light.used(1_000_000);
        CountDownLatch hold = new CountDownLatch(1);
        CountDownLatch running = new CountDownLatch(1);
        List<String> order = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(3);
        pool.submit(pool.client(), () -> {
            running.countDown();
            try {
                hold.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            done.countDown();
        });
        await(running);
        pool.submit(heavy, () -> {
            order.add("heavy");
            done.countDown();
        });
        pool.submit(light, () -> {
            order.add("light");
            done.countDown();
        });
        assertThat(pool.waiting()).isEqualTo(2);
        hold.countDown();
        await(done);
        assertThat(order).containsExactly("light", "heavy");
    }

    @Test
    void aLongMoveGivesItsThreadToALighterClientAtItsNextReport() throws Exception {
        EnginePool.Client heavy = pool.client();
        EnginePool.Client light = pool.client();
        heavy.used(500_000_000);
        CountDownLatch lightRan = new CountDownLatch(1);
        CountDownLatch heavyDone = new CountDownLatch(1);
        List<String> seen = new CopyOnWriteArrayList<>();
        pool.submit(heavy, () -> {
            // a long move: waits (as if computing) until the light one is queued, then reports
            while (pool.waiting() == 0) {
                Thread.onSpinWait();
            }
            heavy.used(10_000_000);
            heavy.pause();
            seen.add("heavy resumed; light ran first: " + (lightRan.getCount() == 0));
            heavyDone.countDown();
        });
        pool.submit(light, () -> {
            seen.add("light");
            lightRan.countDown();
        });
        await(heavyDone);
        assertThat(seen).containsExactly("light", "heavy resumed; light ran first: true");
        assertThat(pool.running()).isZero();
    }

    @Test
    void aMoveDoesNotPauseForAClientThatHasUsedAsMuch() throws Exception {
        EnginePool.Client a = pool.client();
        EnginePool.Client b = pool.client();
        a.used(100_000_000);
        b.used(80_000_000);
        CountDownLatch done = new CountDownLatch(2);
        List<String> seen = new CopyOnWriteArrayList<>();
        pool.submit(a, () -> {
            while (pool.waiting() == 0) {
                Thread.onSpinWait();
            }
            a.pause();
            seen.add("a");
            done.countDown();
        });
        pool.submit(b, () -> {
            seen.add("b");
            done.countDown();
        });
        await(done);
        assertThat(seen).containsExactly("a", "b");
    }
}
