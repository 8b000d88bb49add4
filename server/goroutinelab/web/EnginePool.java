package goroutinelab.web;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * Where the sessions' moves run: at most {@code threads} at once (by default
 * the cores less one), so that however many sockets send heavy moves, they
 * share those threads and the rest of the machine still serves the other
 * sockets, the pages and the collector. The classroom's room sockets and HTTP
 * never come here.
 *
 * <p>Turns go to clients, not sockets: each client address has a
 * {@link Client} that counts the CPU its sessions used lately, decaying by
 * {@code e} every {@link #DECAY_MS}. A message waits for a thread in the
 * order of its client's use (least first, then first come), and a move that
 * runs long offers its thread at every report ({@link Sharing#pause}): if a
 * client that has used less than half as much is waiting, that one runs and
 * the long move waits its turn again. So a student stepping a lesson waits
 * for at most a slice of somebody else's move (a few hundred engine steps),
 * not for the whole of it, and one address with many sockets gets no more
 * than another with one.
 *
 * <p>The order is kept on a key that does not change while a waiter waits:
 * with use {@code u} at time {@code t}, decaying as {@code exp(-t/DECAY_MS)},
 * {@code ln(u) + t/DECAY_MS} orders clients as their use now would.
 *
 * <p>Threads are made as needed: one per running move and per paused one
 * (a paused move keeps its thread while it waits).
 */
final class EnginePool {
    private static final Logger LOG = LoggerFactory.getLogger(EnginePool.class);
    /** How fast a client's use is forgotten: by a factor e every second. */
    static final double DECAY_MS = 1000;
    /** A waiter takes a running move's thread only if its client's use is under half the runner's. */
    static final double YIELD_BELOW = Math.log(2);
    /** Use below this counts as none (a key needs a logarithm). */
    private static final double NONE_NS = 1_000;

    private final int threads;
    private final LongSupplier clockMs;
    private final long originMs;
    private final ExecutorService executor;
    private final PriorityQueue<Waiter> waiting = new PriorityQueue<>(
            Comparator.comparingDouble(Waiter::key).thenComparingLong(Waiter::order));
    private int running;
    private long arrivals;

    /** Something waiting for a thread: a message not yet started, or a move paused between slices. */
    private record Waiter(double key, long order, Runnable start) {
    }

    /** How a session's moves share the engine threads (App gives each its client's; tests and benchmarks none). */
    interface Sharing {
        /** The session's client has just used this much CPU on an engine thread. */
        void used(long cpuNs);

        /** Between two slices of a move: wait here while a client that has used much less waits. */
        void pause();

        Sharing NONE = new Sharing() {
            @Override
            public void used(long cpuNs) {
            }

            @Override
            public void pause() {
            }
        };
    }

    EnginePool(int threads, LongSupplier clockMs) {
        if (threads < 1) {
            throw new IllegalArgumentException("EnginePool: at least one thread, got " + threads);
        }
        this.threads = threads;
        this.clockMs = clockMs;
        this.originMs = clockMs.getAsLong();
        AtomicInteger n = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "engine-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** One client address's recent use of the engine threads. */
    final class Client implements Sharing {
        private double usedNs;
        private long atMs = originMs;

        @Override
        public synchronized void used(long cpuNs) {
            long now = clockMs.getAsLong();
            usedNs = usedNs * Math.exp(-(now - atMs) / DECAY_MS) + Math.max(0, cpuNs);
            atMs = Math.max(atMs, now);
        }

        /** Orders waiters as their clients' use would compare now, whenever now is. */
        synchronized double key() {
            return Math.log(Math.max(usedNs, NONE_NS)) + (atMs - originMs) / DECAY_MS;
        }

        @Override
        public void pause() {
            EnginePool.this.pause(this);
        }
    }

    Client client() {
        return new Client();
    }

    /** Runs the task on an engine thread once one is free for its client; the thread is freed when it ends. */
    void submit(Client c, Runnable task) {
        Runnable run = () -> {
            try {
                task.run();
            } finally {
                handOn();
            }
        };
        synchronized (this) {
            if (running >= threads) {
                waiting.add(new Waiter(c.key(), arrivals++, () -> start(run)));
                return;
            }
            running++;
        }
        start(run);
    }

    private void start(Runnable run) {
        try {
            executor.execute(run);
        } catch (RejectedExecutionException stopping) {
            handOn();
        }
    }

    /** A move ended (or paused): the first waiter gets its thread, or the thread is free. */
    private void handOn() {
        Waiter next;
        synchronized (this) {
            next = waiting.poll();
            if (next == null) {
                running--;
                return;
            }
        }
        next.start().run();
    }

    /** Called by a running move between slices: a waiter of a client that used much less goes first. */
    void pause(Client c) {
        CountDownLatch turn;
        synchronized (this) {
            Waiter first = waiting.peek();
            if (first == null) {
                return;
            }
            double key = c.key();
            if (first.key() > key - YIELD_BELOW) {
                return;
            }
            turn = new CountDownLatch(1);
            waiting.add(new Waiter(key, arrivals++, turn::countDown));
        }
        handOn();
        try {
            turn.await();
        } catch (InterruptedException e) {
            // stopping: finish without a turn
            Thread.currentThread().interrupt();
        }
    }

    /** Moves running now (at most the pool's threads) and waiting. */
    synchronized int running() {
        return running;
    }

    synchronized int waiting() {
        return waiting.size();
    }

    int threads() {
        return threads;
    }

    /** Stops taking moves; those running are interrupted where they wait. */
    void stop() {
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(2, TimeUnit.SECONDS)) {
                LOG.warn("engine threads still running after stop");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
