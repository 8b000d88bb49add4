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
 * <p>One more thread, the light lane, serves only clients that have used
 * less than {@link #LIGHT_NS} lately (a tenth of a core over the last
 * second or so: a student stepping a lesson uses a few hundredths). Building
 * a frame cannot be cut into slices, and a large world's frame takes tens of
 * milliseconds; on the light lane a student's step does not wait for one. A
 * move on the light lane whose client grows heavy while it runs moves to the
 * others' lane at its next report, and one gives the light lane at its next
 * report to a light client that has used less (not only much less: light
 * moves are short, and an address whose many sockets' moves are refused
 * cheaply stays light while one of its moves runs long). So heavy clients
 * never have more than {@code threads} cores between them, and everybody
 * together at most one more.
 *
 * <p>A small move (one engine step: what a student stepping sends) may run
 * on the thread that received it ({@link #runHere}) when a lane is free for
 * it at once: the light lane if its client is light, else one of the shared
 * threads. Its round trip then costs no hand-off to an engine thread and
 * none back. Nobody is overtaken: a shared thread is free only when nobody
 * waits, and a free light lane has no light client waiting for it (the
 * lightest waiter would have been given it). On the receiving thread a move
 * never yields to a waiter (it is one step and its frame, shorter than the
 * slices moves yield at); it still leaves the light lane if its client grows
 * heavy, waiting for a shared thread there if none is free: the one case
 * where a receiving thread waits, at most for a slice of another move.
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
    /** A client that has used less than this lately (decayed as above) may take the light lane. */
    static final double LIGHT_NS = 100_000_000;

    /** Which of the pool's threads a move holds: one of the {@code threads}, or the light lane's. */
    enum Lane { SHARED, LIGHT }

    /** The lane the move on this thread holds (null on other threads). */
    private final ThreadLocal<Lane> lane = new ThreadLocal<>();
    /** Set while a move runs on the thread that received it ({@link #runHere}), not on an engine thread. */
    private final ThreadLocal<Boolean> onCaller = new ThreadLocal<>();

    private final int threads;
    private final LongSupplier clockMs;
    private final long originMs;
    private final ExecutorService executor;
    private final PriorityQueue<Waiter> waiting = new PriorityQueue<>(
            Comparator.comparingDouble(Waiter::key).thenComparingLong(Waiter::order));
    private int running;
    private boolean lightBusy;
    private long arrivals;

    /** Something waiting for a thread: a message not yet started, or a move paused between slices; started on a lane. */
    private record Waiter(double key, long order, java.util.function.Consumer<Lane> start) {
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
        Lane got;
        synchronized (this) {
            double key = c.key();
            if (running < threads) {
                running++;
                got = Lane.SHARED;
            } else if (!lightBusy && light(key)) {
                lightBusy = true;
                got = Lane.LIGHT;
            } else {
                waiting.add(new Waiter(key, arrivals++, l -> start(task, l)));
                return;
            }
        }
        start(task, got);
    }

    /**
     * Runs a small move here, on the calling thread, if a lane is free for its
     * client now (the light lane first for a light client, so the shared
     * threads stay free for the others); returns whether it ran (if not,
     * {@link #submit} it). The lane is handed on when the task ends.
     */
    boolean runHere(Client c, Runnable task) {
        if (lane.get() != null) {
            return false; // already a move's thread
        }
        Lane got;
        synchronized (this) {
            if (!lightBusy && light(c.key())) {
                lightBusy = true;
                got = Lane.LIGHT;
            } else if (running < threads) {
                running++;
                got = Lane.SHARED;
            } else {
                return false;
            }
        }
        lane.set(got);
        onCaller.set(Boolean.TRUE);
        try {
            task.run();
        } finally {
            Lane held = lane.get();
            lane.remove();
            onCaller.remove();
            handOn(held);
        }
        return true;
    }

    private void start(Runnable task, Lane l) {
        Runnable run = () -> {
            lane.set(l);
            try {
                task.run();
            } finally {
                Lane held = lane.get();
                lane.remove();
                handOn(held);
            }
        };
        try {
            executor.execute(run);
        } catch (RejectedExecutionException stopping) {
            handOn(l);
        }
    }

    /** Whether a client's key means it has used little enough lately for the light lane. */
    private boolean light(double key) {
        return key < Math.log(LIGHT_NS) + (clockMs.getAsLong() - originMs) / DECAY_MS;
    }

    /** The next waiter a lane may take: on the shared threads the first; on the light lane the first if it is light. */
    private Waiter next(Lane l) {
        Waiter first = waiting.peek();
        return first != null && (l == Lane.SHARED || light(first.key())) ? waiting.poll() : null;
    }

    /** A move ended (or paused) holding a lane: the next waiter for it gets it, or it is free. */
    private void handOn(Lane l) {
        Waiter next;
        synchronized (this) {
            next = next(l);
            if (next == null) {
                if (l == Lane.SHARED) {
                    running--;
                } else {
                    lightBusy = false;
                }
                return;
            }
        }
        next.start().accept(l);
    }

    /**
     * Called by a running move between slices: a waiter of a client that used
     * much less goes first (not to a small move on the thread that received
     * it); and a move on the light lane whose client is no longer light gives
     * it up and waits for one of the shared threads.
     */
    void pause(Client c) {
        Lane held = lane.get();
        if (held == null) {
            return; // not on an engine thread (a test, a benchmark)
        }
        CountDownLatch turn = new CountDownLatch(1);
        Lane[] given = new Lane[1];
        boolean moved = false;
        synchronized (this) {
            double key = c.key();
            boolean leave = held == Lane.LIGHT && !light(key);
            Waiter first = waiting.peek();
            // on the shared threads a waiter must have used much less (no ping-pong between two heavy clients); the
            // light lane goes to any light waiter that has used less, so a student's step waits for a slice of
            // another light client's move, not for all of it (an address whose many moves are refused stays light);
            // a small move on the thread that received it yields to nobody
            boolean yieldTo = first != null && onCaller.get() == null && (held == Lane.SHARED
                    ? first.key() <= key - YIELD_BELOW
                    : light(first.key()) && first.key() < key);
            if (!leave && !yieldTo) {
                return;
            }
            if (leave && !yieldTo && running < threads) {
                // a shared thread is free (so nobody waits for one): take it, and give up the light lane
                running++;
                lane.set(Lane.SHARED);
                moved = true;
            } else {
                waiting.add(new Waiter(key, arrivals++, l -> {
                    given[0] = l;
                    turn.countDown();
                }));
            }
        }
        handOn(held);
        if (moved) {
            return;
        }
        try {
            turn.await();
        } catch (InterruptedException e) {
            // stopping: finish without a turn
            Thread.currentThread().interrupt();
            given[0] = held;
        }
        lane.set(given[0]);
    }

    /** Moves running now on the shared threads and the light lane. */
    synchronized int running() {
        return running + (lightBusy ? 1 : 0);
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
