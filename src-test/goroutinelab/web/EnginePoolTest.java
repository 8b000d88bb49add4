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
import static org.assertj.core.api.Assertions.fail;

/**
 * The sessions' moves share a bounded pool: heavy clients never have more
 * moves running than it has threads (everybody together one more, on the
 * light lane), a waiting client that has used less goes first, and a long
 * move gives its thread to such a client at its next report instead of
 * finishing first. Ordered by latches and the pool's own counts, never by
 * time (the clock is a fake; the 30-second bounds only keep a broken pool
 * from hanging the build).
 */
class EnginePoolTest {
    private static final long HEAVY_NS = 2_000_000_000L;
    private final AtomicLong clock = new AtomicLong(1_000);
    private final EnginePool pool = new EnginePool(1, clock::get);

    @AfterEach
    void stop() {
        pool.stop();
    }

    private static void await(CountDownLatch l) throws InterruptedException {
        assertThat(l.await(30, TimeUnit.SECONDS)).as("the pool ran it").isTrue();
    }

    private static void awaitWaiting(EnginePool p, int n) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (p.waiting() < n) {
            if (System.nanoTime() > deadline) {
                fail("nothing came to wait in the pool");
            }
            Thread.onSpinWait();
        }
    }

    /** Submits a move for this client that runs until the returned latch opens, and waits until it runs. */
    private CountDownLatch holdTheSharedThread(EnginePool.Client c) throws InterruptedException {
        CountDownLatch hold = new CountDownLatch(1);
        CountDownLatch running = new CountDownLatch(1);
        pool.submit(c, () -> {
            running.countDown();
            try {
                hold.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        await(running);
        return hold;
    }

    private EnginePool.Client client(EnginePool p, long usedNs) {
        EnginePool.Client c = p.client();
        c.used(usedNs);
        return c;
    }

    private static int mostAtOnce(EnginePool p, List<EnginePool.Client> clients) throws InterruptedException {
        AtomicInteger now = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(clients.size());
        for (EnginePool.Client c : clients) {
            p.submit(c, () -> {
                most.accumulateAndGet(now.incrementAndGet(), Math::max);
                for (int k = 0; k < 200_000; k++) {
                    Thread.onSpinWait();
                }
                now.decrementAndGet();
                done.countDown();
            });
        }
        await(done);
        return most.get();
    }

    @Test
    void heavyClientsNeverRunMoreMovesAtOnceThanThePoolHasThreadsAndLightOnesOneMore() throws Exception {
        EnginePool two = new EnginePool(2, clock::get);
        try {
            List<EnginePool.Client> heavy = java.util.stream.Stream.generate(() -> client(two, HEAVY_NS)).limit(12).toList();
            assertThat(mostAtOnce(two, heavy)).isBetween(1, 2);
            List<EnginePool.Client> light = java.util.stream.Stream.generate(two::client).limit(12).toList();
            assertThat(mostAtOnce(two, light)).isBetween(1, 3);
        } finally {
            two.stop();
        }
    }

    @Test
    void aWaitingClientThatHasUsedLessGoesFirst() throws Exception {
        EnginePool.Client heavier = client(pool, 5 * HEAVY_NS);
        EnginePool.Client heavy = client(pool, HEAVY_NS);
        CountDownLatch hold = new CountDownLatch(1);
        CountDownLatch running = new CountDownLatch(1);
        List<String> order = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(3);
        pool.submit(client(pool, HEAVY_NS), () -> {
            running.countDown();
            try {
                hold.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            done.countDown();
        });
        await(running);
        pool.submit(heavier, () -> {
            order.add("heavier");
            done.countDown();
        });
        pool.submit(heavy, () -> {
            order.add("heavy");
            done.countDown();
        });
        assertThat(pool.waiting()).as("neither is light: both wait for the one thread").isEqualTo(2);
        hold.countDown();
        await(done);
        assertThat(order).containsExactly("heavy", "heavier");
    }

    @Test
    void aLongMoveGivesItsThreadToAClientThatHasUsedMuchLessAtItsNextReport() throws Exception {
        EnginePool.Client heavier = client(pool, 5 * HEAVY_NS);
        EnginePool.Client heavy = client(pool, HEAVY_NS);
        CountDownLatch lessRan = new CountDownLatch(1);
        CountDownLatch longDone = new CountDownLatch(1);
        List<String> seen = new CopyOnWriteArrayList<>();
        pool.submit(heavier, () -> {
            // a long move: computes until the other is queued, then reports
            awaitWaiting(pool, 1);
            heavier.used(10_000_000);
            heavier.pause();
            seen.add("long move resumed; the other ran first: " + (lessRan.getCount() == 0));
            longDone.countDown();
        });
        pool.submit(heavy, () -> {
            seen.add("other");
            lessRan.countDown();
        });
        await(longDone);
        assertThat(seen).containsExactly("other", "long move resumed; the other ran first: true");
        awaitIdle(pool); // the long move's thread is handed back just after its last line
        assertThat(pool.waiting()).isZero();
    }

    @Test
    void aMoveDoesNotPauseForAClientThatHasUsedNearlyAsMuch() throws Exception {
        EnginePool.Client a = client(pool, HEAVY_NS);
        EnginePool.Client b = client(pool, HEAVY_NS * 8 / 10);
        CountDownLatch done = new CountDownLatch(2);
        List<String> seen = new CopyOnWriteArrayList<>();
        pool.submit(a, () -> {
            awaitWaiting(pool, 1);
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

    @Test
    void aLightClientsMoveRunsAtOnceBesideAHeavyOneThatHoldsTheThread() throws Exception {
        CountDownLatch hold = holdTheSharedThread(client(pool, HEAVY_NS)); // a frame being built: no report to pause at
        CountDownLatch lightRan = new CountDownLatch(1);
        CountDownLatch lightHold = new CountDownLatch(1);
        pool.submit(pool.client(), () -> {
            lightRan.countDown();
            try {
                lightHold.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        await(lightRan);
        CountDownLatch heavyRan = new CountDownLatch(1);
        CountDownLatch secondLightRan = new CountDownLatch(1);
        pool.submit(client(pool, HEAVY_NS), heavyRan::countDown);
        pool.submit(pool.client(), secondLightRan::countDown);
        assertThat(pool.waiting()).as("a heavy client never takes the light lane; it holds one light move at a time").isEqualTo(2);
        lightHold.countDown();
        await(secondLightRan);
        assertThat(heavyRan.getCount()).as("the heavy one still waits for the shared thread").isEqualTo(1);
        hold.countDown();
        await(heavyRan);
    }

    @Test
    void aMoveOnTheLightLaneWhoseClientGrowsHeavyMovesToTheSharedThreadAtItsNextReport() throws Exception {
        CountDownLatch hold = holdTheSharedThread(client(pool, HEAVY_NS));
        EnginePool.Client growing = pool.client();
        CountDownLatch reported = new CountDownLatch(1);
        CountDownLatch resumed = new CountDownLatch(1);
        pool.submit(growing, () -> {
            growing.used(HEAVY_NS); // a move that turned out long
            reported.countDown();
            growing.pause();
            resumed.countDown();
        });
        await(reported);
        awaitWaiting(pool, 1);
        CountDownLatch lightRan = new CountDownLatch(1);
        pool.submit(pool.client(), lightRan::countDown);
        await(lightRan);
        assertThat(resumed.getCount()).as("it waits for the shared thread").isEqualTo(1);
        hold.countDown();
        await(resumed);
    }

    @Test
    void aMoveOnTheLightLaneGivesItAtItsNextReportToALightClientThatHasUsedLess() throws Exception {
        CountDownLatch hold = holdTheSharedThread(client(pool, HEAVY_NS)); // the shared thread is busy throughout
        // a light client (many cheap moves, one long one), and a student that has used a little less
        EnginePool.Client many = client(pool, 40_000_000);
        EnginePool.Client student = client(pool, 30_000_000);
        List<String> seen = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(2);
        pool.submit(many, () -> {
            awaitWaiting(pool, 1);
            many.used(1_000_000);
            many.pause();
            seen.add("long move resumed");
            done.countDown();
        });
        pool.submit(student, () -> {
            seen.add("student");
            done.countDown();
        });
        await(done);
        assertThat(seen).as("not half as much, but less, and both light").containsExactly("student", "long move resumed");
        hold.countDown();
        awaitIdle(pool);
    }

    @Test
    void aMoveLeavingTheLightLaneTakesASharedThreadThatIsFreeInsteadOfWaitingForOne() throws Exception {
        CountDownLatch hold = new CountDownLatch(1);
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch heavyDone = new CountDownLatch(1);
        pool.submit(client(pool, HEAVY_NS), () -> {
            running.countDown();
            try {
                hold.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            heavyDone.countDown();
        });
        await(running);
        EnginePool.Client growing = pool.client();
        CountDownLatch onLight = new CountDownLatch(1);
        CountDownLatch sharedFree = new CountDownLatch(1);
        CountDownLatch resumed = new CountDownLatch(1);
        pool.submit(growing, () -> {
            onLight.countDown();
            try {
                sharedFree.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            growing.used(HEAVY_NS);
            growing.pause(); // heavy now, and the shared thread is idle: nothing else will ever hand it on
            resumed.countDown();
        });
        await(onLight);
        hold.countDown();
        await(heavyDone);
        while (pool.running() > 1) {
            Thread.onSpinWait(); // the heavy move's thread has handed its place back
        }
        sharedFree.countDown();
        await(resumed);
        awaitIdle(pool);
        assertThat(pool.waiting()).isZero();
    }

    @Test
    void aLightClientsSmallMoveRunsOnTheCallingThreadHoldingTheLightLaneWhenItIsFree() {
        Thread caller = Thread.currentThread();
        List<String> seen = new CopyOnWriteArrayList<>();
        boolean ran = pool.runHere(pool.client(), () -> seen.add("on the caller: " + (Thread.currentThread() == caller)
                + ", holding a lane: " + pool.running()));
        assertThat(ran).isTrue();
        assertThat(seen).containsExactly("on the caller: true, holding a lane: 1");
        assertThat(pool.running()).as("the lane is free again").isZero();
    }

    @Test
    void aHeavyClientsSmallMoveRunsHereOnlyOnAFreeSharedThreadNeverOnTheLightLane() throws Exception {
        EnginePool.Client heavy = client(pool, HEAVY_NS);
        List<String> seen = new CopyOnWriteArrayList<>();
        assertThat(pool.runHere(heavy, () -> seen.add("ran here holding " + pool.running()))).isTrue();
        assertThat(seen).containsExactly("ran here holding 1");
        CountDownLatch hold = holdTheSharedThread(client(pool, HEAVY_NS));
        AtomicInteger ran = new AtomicInteger();
        assertThat(pool.runHere(heavy, ran::incrementAndGet)).as("the shared thread is taken; the light lane is not for it").isFalse();
        assertThat(ran.get()).isZero();
        hold.countDown();
        awaitIdle(pool);
    }

    @Test
    void aLightClientsSmallMoveTakesAFreeSharedThreadWhenTheLightLaneIsBusyAndRunsHereNotAtAllWhenBothAre() throws Exception {
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread other = new Thread(() -> pool.runHere(pool.client(), () -> {
            holding.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        other.start();
        await(holding);
        List<String> seen = new CopyOnWriteArrayList<>();
        AtomicInteger ran = new AtomicInteger();
        assertThat(pool.runHere(pool.client(), () -> {
            seen.add("beside the other: " + pool.running());
            // both lanes held now: a third small move, received on another thread, is not run there
            Thread third = new Thread(() -> seen.add("a third runs here: " + pool.runHere(pool.client(), ran::incrementAndGet)));
            third.start();
            try {
                third.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        })).isTrue();
        assertThat(seen).containsExactly("beside the other: 2", "a third runs here: false");
        assertThat(ran.get()).isZero();
        release.countDown();
        other.join(30_000);
        awaitIdle(pool);
    }

    @Test
    void aSmallMoveOnTheCallingThreadDoesNotYieldToALighterWaiter() throws Exception {
        CountDownLatch hold = holdTheSharedThread(client(pool, HEAVY_NS));
        EnginePool.Client busy = client(pool, 50_000_000); // light, but much more than the waiter
        CountDownLatch waiterRan = new CountDownLatch(1);
        List<String> seen = new CopyOnWriteArrayList<>();
        boolean ran = pool.runHere(busy, () -> {
            pool.submit(pool.client(), waiterRan::countDown);
            busy.pause();
            seen.add("went on; the lighter one still waits: " + (pool.waiting() == 1));
        });
        assertThat(ran).isTrue();
        assertThat(seen).containsExactly("went on; the lighter one still waits: true");
        await(waiterRan); // and it got the light lane when the small move ended
        hold.countDown();
        awaitIdle(pool);
    }

    @Test
    void aSmallMoveOnTheCallingThreadWhoseClientGrowsHeavyMovesToAFreeSharedThread() throws Exception {
        EnginePool.Client growing = pool.client();
        List<String> seen = new CopyOnWriteArrayList<>();
        boolean ran = pool.runHere(growing, () -> {
            growing.used(HEAVY_NS);
            growing.pause();
            // the light lane is free for another light client now; this move holds the one shared thread
            CountDownLatch lightRan = new CountDownLatch(1);
            Thread other = new Thread(() -> {
                if (pool.runHere(pool.client(), () -> {
                })) {
                    lightRan.countDown();
                }
            });
            other.start();
            try {
                seen.add("another light move ran here: " + lightRan.await(30, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            CountDownLatch heavyRan = new CountDownLatch(1);
            pool.submit(client(pool, HEAVY_NS), heavyRan::countDown);
            seen.add("a heavy one waits for the shared thread: " + (pool.waiting() == 1));
        });
        assertThat(ran).isTrue();
        assertThat(seen).containsExactly("another light move ran here: true", "a heavy one waits for the shared thread: true");
        awaitIdle(pool);
        assertThat(pool.waiting()).isZero();
    }

    @Test
    void aSmallMoveOnTheCallingThreadWhoseClientGrowsHeavyWaitsForTheSharedThreadWhenItIsBusy() throws Exception {
        CountDownLatch hold = holdTheSharedThread(client(pool, HEAVY_NS));
        EnginePool.Client growing = pool.client();
        CountDownLatch resumed = new CountDownLatch(1);
        Thread caller = new Thread(() -> pool.runHere(growing, () -> {
            growing.used(HEAVY_NS);
            growing.pause();
            resumed.countDown();
        }));
        caller.start();
        awaitWaiting(pool, 1);
        CountDownLatch lightRan = new CountDownLatch(1);
        pool.submit(pool.client(), lightRan::countDown);
        await(lightRan); // the light lane it left serves others meanwhile
        assertThat(resumed.getCount()).as("it waits for the shared thread").isEqualTo(1);
        hold.countDown();
        await(resumed);
        caller.join(30_000);
        awaitIdle(pool);
    }

    private static void awaitIdle(EnginePool p) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (p.running() > 0) {
            if (System.nanoTime() > deadline) {
                fail("the pool never went idle: " + p.running() + " running");
            }
            Thread.onSpinWait();
        }
    }
}
