package goroutinelab.web;

import goroutinelab.lesson.Budget;
import goroutinelab.lesson.Player;

import java.util.function.LongSupplier;
import java.util.function.ToLongFunction;

/**
 * One message's budget: the {@link Player} reports to it every few hundred
 * engine steps (its own and the lesson's map's). It counts the steps against
 * the per-message limit, the CPU since the last report against the socket's
 * share ({@link CpuBudget}; a rebuild, which cannot stop half-way, owes what
 * it overruns instead), the session's and the map's memory against the
 * server's ({@link MemoryBudget}), and offers the engine thread to a client
 * that has used less ({@link EnginePool.Sharing}). When it says no, the move
 * stops where it got to and {@link #why} says so.
 */
final class Move implements Budget {

    /**
     * What a session's moves are measured with, the same for all of them.
     *
     * @param owner    the session, as the memory budget's key
     * @param client   the session's client (its address), whose sessions share one part of the memory budget
     * @param bytesOf  what the session holds with a given run (its worlds, checkpoints and recent events)
     */
    record Meter(Limits limits, LongSupplier cpuNs, LongSupplier clockMs, CpuBudget cpu, MemoryBudget memory,
                 EnginePool.Sharing sharing, Object owner, Object client, ToLongFunction<Player> bytesOf) {

        /**
         * Refuses a move that would run new steps while its client's sessions
         * hold their share, or while the server's memory budget is full and
         * this session already holds more than its share. An admitted move is
         * counted at one more world than its session holds until it reports,
         * so that many moves admitted at once (one address's many sockets, each
         * waiting for an engine thread) cannot all count on the same room.
         */
        void admitGrowth(Player p) {
            long now = bytesOf.applyAsLong(p);
            long more = MemoryBudget.worldBytes(p.engine().approximateBytes());
            MemoryBudget.Room room = memory.room(owner, client, now + more);
            if (room != MemoryBudget.Room.YES) {
                throw new Refused("limit", full(room, now));
            }
            memory.hold(owner, client, now + more);
        }

        /** Counts the session as holding what it holds with this run. */
        void hold(Player p) {
            memory.hold(owner, client, bytesOf.applyAsLong(p));
        }

        /** Why a session holding {@code bytes} may not grow. */
        String full(MemoryBudget.Room room, long bytes) {
            if (room == MemoryBudget.Room.CLIENT_FULL) {
                return "the server is short of memory for the runs from your address: together they hold their share (about "
                        + mb(memory.heldByClient(client)) + " MB, this one " + mb(bytes)
                        + " MB): go back or reset here, or close other lab tabs, to go on";
            }
            return "the server is short of memory, and this run holds more than its share (about " + mb(bytes)
                    + " MB): go back or reset to go on, or try again later";
        }

        private static long mb(long bytes) {
            return Math.max(1, bytes >> 20);
        }
    }

    private final Meter m;
    private long maxSteps;
    private boolean mayOwe;
    private long steps;
    private long cpuAt;
    /** The player being moved or built (a load builds one aside). */
    private Player measured;
    private String stoppedBy;
    private boolean memoryStopped;

    Move(Meter m, Player measured) {
        this.m = m;
        this.maxSteps = m.limits().maxStepsPerMessage();
        this.measured = measured;
        this.cpuAt = m.cpuNs().getAsLong();
    }

    /** The move builds another run (a load): that is the one whose memory counts. */
    void measuring(Player p) {
        measured = p;
    }

    /** A rebuild: it may run {@code steps} in all, and owe its CPU rather than stop. */
    void rebuilding(long steps) {
        maxSteps = steps;
        mayOwe = true;
    }

    /** Before a frame is built: the CPU so far is charged, and a client that has used less may go first. */
    void breathe() {
        settle();
        m.sharing().pause();
    }

    @Override
    public long slice() {
        return Math.max(0, Math.min(Budget.EVERY, maxSteps - steps));
    }

    @Override
    public boolean spend(long n) {
        steps += n;
        settle();
        if (steps >= maxSteps) {
            stoppedBy = "one message runs at most " + maxSteps + " engine steps";
            return false;
        }
        if (!mayOwe && m.cpu().exhausted()) {
            stoppedBy = "this tab has had its share of the server's time (" + m.limits().maxCpuMsPerSecond() + " ms a second)";
            return false;
        }
        if (measured != null && !fits(measured)) {
            memoryStopped = true;
            return false;
        }
        m.sharing().pause(); // a thread waiting for its turn uses no CPU of its own
        return true;
    }

    /** Whether the session and its lesson's map may hold what they hold now; if so they are counted at it. */
    private boolean fits(Player p) {
        long bytes = m.bytesOf().applyAsLong(p);
        long mapBytes = p.map().approximateBytes() > 0 ? p.map().approximateBytes() : 2 * MemoryBudget.UNKNOWN_WORLD_BYTES;
        MemoryBudget.Room room = m.memory().room(m.owner(), m.client(), bytes);
        if (room == MemoryBudget.Room.YES && !m.memory().mayHold(p.map(), mapBytes)) {
            room = MemoryBudget.Room.SERVER_FULL;
        }
        if (room != MemoryBudget.Room.YES) {
            stoppedBy = m.full(room, bytes);
            return false;
        }
        m.memory().hold(m.owner(), m.client(), bytes);
        m.memory().hold(p.map(), mapBytes);
        return true;
    }

    /** Charges the CPU used since the last report to the socket and its client. */
    void settle() {
        long now = m.cpuNs().getAsLong();
        long used = Math.max(0, now - cpuAt);
        cpuAt = now;
        m.cpu().charge(used, m.clockMs().getAsLong());
        m.sharing().used(used);
    }

    /** Why the move stopped, and where. */
    String why(long step) {
        return "stopped at step " + step + ": " + (stoppedBy == null ? "it ran out of its budget" : stoppedBy);
    }

    boolean memoryStopped() {
        return memoryStopped;
    }
}
