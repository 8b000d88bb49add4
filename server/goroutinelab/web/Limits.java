package goroutinelab.web;

/**
 * What one server allows (spec/protocol.md "Limits"): every refusal is a typed
 * {@code limit} error and the session goes on. Each is set from the command
 * line or the environment (see Main and docs/reliability.md).
 *
 * @param maxMessageBytes      a browser message larger than this (UTF-8 bytes) is refused with {@code limit}
 * @param maxMessagesPerSecond per socket; the rest of that second's messages are refused with {@code limit}
 * @param maxStepsPerSession   the engine step no session may reach or pass
 * @param maxSessions          sessions one server holds at once; the next socket is told so and closed (1013)
 * @param idleTimeoutMs        a session sent nothing for this long is closed (1001)
 * @param maxStepsPerMessage   engine steps one step or seek message may run (a script step is bounded by its own limit:)
 * @param maxCpuMsPerSecond    CPU time the server may spend on one socket's messages, a second on average: a
 *                             socket earns this much a second (up to a second's worth), a move stops where it
 *                             got to when its socket has none left, what a move overran is owed, and a socket
 *                             that owes is refused until it has earned it back
 * @param maxOutboxBytes       frames (UTF-8 bytes) one socket may have waiting for its peer to take them; the
 *                             socket stops being read once a sixteenth of this waits, and is closed (1008) past it
 * @param maxUnreadMs          a socket whose reading is stopped because its peer takes none of its frames is
 *                             closed (1008) after this long without progress
 * @param maxSocketsPerClient  sockets one client address (an IPv6 /64) may hold at once; the next is told so and
 *                             closed (1008)
 * @param maxPreviewsPerClient previews one client address may keep; its next preview forgets its oldest
 * @param loadTimeoutMs        a socket that has not loaded a lesson this long after it opened is closed (1008)
 * @param sessionMemoryPercent the share of the heap (its maximum) that sessions and the lessons' maps may hold
 *                             by the engine's estimate; a move that would take them past it stops, unless its
 *                             session holds less than an equal share
 * @param clientMemoryPercent  the share of the heap that the sessions of one client address (as the socket limit
 *                             counts it) may hold together by the same estimate, at most the sessions' own share;
 *                             a move that would take them past it stops, however small its session
 * @param engineThreads        sessions' moves run on a pool of this many threads at once (by default the cores
 *                             less one, at least one), so that many sockets cannot take every core
 */
public record Limits(int maxMessageBytes, int maxMessagesPerSecond, long maxStepsPerSession, int maxSessions,
                     long idleTimeoutMs, long maxStepsPerMessage, long maxCpuMsPerSecond, long maxOutboxBytes,
                     long maxUnreadMs, int maxSocketsPerClient, int maxPreviewsPerClient, long loadTimeoutMs,
                     int sessionMemoryPercent, int clientMemoryPercent, int engineThreads) {

    /**
     * Jetty's own ceiling for one WebSocket message, above which it closes the
     * socket (1009) without reading the message: a client can make the server
     * buffer at most this much. Between {@link #maxMessageBytes} and this, our
     * own check answers with a {@code limit} error and the session goes on.
     */
    public static final int TRANSPORT_MAX_BYTES = 1024 * 1024;
    /** The smallest outbox: a sixteenth of it (when reading stops) must hold a few ordinary frames. */
    public static final long MIN_OUTBOX_BYTES = 64 * 1024;

    public Limits {
        positive("maxMessageBytes", maxMessageBytes);
        positive("maxMessagesPerSecond", maxMessagesPerSecond);
        positive("maxStepsPerSession", maxStepsPerSession);
        positive("maxSessions", maxSessions);
        positive("idleTimeoutMs", idleTimeoutMs);
        positive("maxStepsPerMessage", maxStepsPerMessage);
        positive("maxCpuMsPerSecond", maxCpuMsPerSecond);
        positive("maxUnreadMs", maxUnreadMs);
        positive("maxSocketsPerClient", maxSocketsPerClient);
        positive("maxPreviewsPerClient", maxPreviewsPerClient);
        positive("loadTimeoutMs", loadTimeoutMs);
        positive("engineThreads", engineThreads);
        if (sessionMemoryPercent < 1 || sessionMemoryPercent > 90) {
            throw new IllegalArgumentException("sessionMemoryPercent must be from 1 to 90, got " + sessionMemoryPercent);
        }
        if (clientMemoryPercent < 1 || clientMemoryPercent > 90) {
            throw new IllegalArgumentException("clientMemoryPercent must be from 1 to 90, got " + clientMemoryPercent);
        }
        if (maxOutboxBytes < MIN_OUTBOX_BYTES) {
            throw new IllegalArgumentException("maxOutboxBytes must be at least " + MIN_OUTBOX_BYTES + ", got " + maxOutboxBytes);
        }
        if (maxMessageBytes >= TRANSPORT_MAX_BYTES) {
            throw new IllegalArgumentException("maxMessageBytes must be below " + TRANSPORT_MAX_BYTES
                    + " (the transport's own ceiling), got " + maxMessageBytes);
        }
    }

    private static void positive(String name, long v) {
        if (v < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, got " + v);
        }
    }

    public static Limits defaults() {
        return new Limits(16 * 1024, 50, 1_000_000, 2_000, 30 * 60 * 1000L, 200_000, 250,
                4L * 1024 * 1024, 30_000, 100, 5, 10_000, 40, 5, defaultEngineThreads());
    }

    /** The cores less one (the rest serve the sockets, the pages and the collector), at least one. */
    public static int defaultEngineThreads() {
        return Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
    }

    public Limits withMaxMessageBytes(int n) {
        return new Limits(n, maxMessagesPerSecond, maxStepsPerSession, maxSessions, idleTimeoutMs, maxStepsPerMessage, maxCpuMsPerSecond,
                maxOutboxBytes, maxUnreadMs, maxSocketsPerClient, maxPreviewsPerClient, loadTimeoutMs, sessionMemoryPercent, clientMemoryPercent, engineThreads);
    }

    public Limits withMaxMessagesPerSecond(int n) {
        return new Limits(maxMessageBytes, n, maxStepsPerSession, maxSessions, idleTimeoutMs, maxStepsPerMessage, maxCpuMsPerSecond,
                maxOutboxBytes, maxUnreadMs, maxSocketsPerClient, maxPreviewsPerClient, loadTimeoutMs, sessionMemoryPercent, clientMemoryPercent, engineThreads);
    }

    public Limits withMaxStepsPerSession(long n) {
        return new Limits(maxMessageBytes, maxMessagesPerSecond, n, maxSessions, idleTimeoutMs, maxStepsPerMessage, maxCpuMsPerSecond,
                maxOutboxBytes, maxUnreadMs, maxSocketsPerClient, maxPreviewsPerClient, loadTimeoutMs, sessionMemoryPercent, clientMemoryPercent, engineThreads);
    }

    public Limits withMaxSessions(int n) {
        return new Limits(maxMessageBytes, maxMessagesPerSecond, maxStepsPerSession, n, idleTimeoutMs, maxStepsPerMessage, maxCpuMsPerSecond,
                maxOutboxBytes, maxUnreadMs, maxSocketsPerClient, maxPreviewsPerClient, loadTimeoutMs, sessionMemoryPercent, clientMemoryPercent, engineThreads);
    }

    public Limits withIdleTimeoutMs(long ms) {
        return new Limits(maxMessageBytes, maxMessagesPerSecond, maxStepsPerSession, maxSessions, ms, maxStepsPerMessage, maxCpuMsPerSecond,
                maxOutboxBytes, maxUnreadMs, maxSocketsPerClient, maxPreviewsPerClient, loadTimeoutMs, sessionMemoryPercent, clientMemoryPercent, engineThreads);
    }

    public Limits withMaxStepsPerMessage(long n) {
        return new Limits(maxMessageBytes, maxMessagesPerSecond, maxStepsPerSession, maxSessions, idleTimeoutMs, n, maxCpuMsPerSecond,
                maxOutboxBytes, maxUnreadMs, maxSocketsPerClient, maxPreviewsPerClient, loadTimeoutMs, sessionMemoryPercent, clientMemoryPercent, engineThreads);
    }

    public Limits withMaxCpuMsPerSecond(long ms) {
        return new Limits(maxMessageBytes, maxMessagesPerSecond, maxStepsPerSession, maxSessions, idleTimeoutMs, maxStepsPerMessage, ms,
                maxOutboxBytes, maxUnreadMs, maxSocketsPerClient, maxPreviewsPerClient, loadTimeoutMs, sessionMemoryPercent, clientMemoryPercent, engineThreads);
    }

    public Limits withMaxOutboxBytes(long bytes) {
        return new Limits(maxMessageBytes, maxMessagesPerSecond, maxStepsPerSession, maxSessions, idleTimeoutMs, maxStepsPerMessage, maxCpuMsPerSecond,
                bytes, maxUnreadMs, maxSocketsPerClient, maxPreviewsPerClient, loadTimeoutMs, sessionMemoryPercent, clientMemoryPercent, engineThreads);
    }

    public Limits withMaxUnreadMs(long ms) {
        return new Limits(maxMessageBytes, maxMessagesPerSecond, maxStepsPerSession, maxSessions, idleTimeoutMs, maxStepsPerMessage, maxCpuMsPerSecond,
                maxOutboxBytes, ms, maxSocketsPerClient, maxPreviewsPerClient, loadTimeoutMs, sessionMemoryPercent, clientMemoryPercent, engineThreads);
    }

    public Limits withMaxSocketsPerClient(int n) {
        return new Limits(maxMessageBytes, maxMessagesPerSecond, maxStepsPerSession, maxSessions, idleTimeoutMs, maxStepsPerMessage, maxCpuMsPerSecond,
                maxOutboxBytes, maxUnreadMs, n, maxPreviewsPerClient, loadTimeoutMs, sessionMemoryPercent, clientMemoryPercent, engineThreads);
    }

    public Limits withMaxPreviewsPerClient(int n) {
        return new Limits(maxMessageBytes, maxMessagesPerSecond, maxStepsPerSession, maxSessions, idleTimeoutMs, maxStepsPerMessage, maxCpuMsPerSecond,
                maxOutboxBytes, maxUnreadMs, maxSocketsPerClient, n, loadTimeoutMs, sessionMemoryPercent, clientMemoryPercent, engineThreads);
    }

    public Limits withLoadTimeoutMs(long ms) {
        return new Limits(maxMessageBytes, maxMessagesPerSecond, maxStepsPerSession, maxSessions, idleTimeoutMs, maxStepsPerMessage, maxCpuMsPerSecond,
                maxOutboxBytes, maxUnreadMs, maxSocketsPerClient, maxPreviewsPerClient, ms, sessionMemoryPercent, clientMemoryPercent, engineThreads);
    }

    public Limits withSessionMemoryPercent(int percent) {
        return new Limits(maxMessageBytes, maxMessagesPerSecond, maxStepsPerSession, maxSessions, idleTimeoutMs, maxStepsPerMessage, maxCpuMsPerSecond,
                maxOutboxBytes, maxUnreadMs, maxSocketsPerClient, maxPreviewsPerClient, loadTimeoutMs, percent, clientMemoryPercent, engineThreads);
    }

    public Limits withClientMemoryPercent(int percent) {
        return new Limits(maxMessageBytes, maxMessagesPerSecond, maxStepsPerSession, maxSessions, idleTimeoutMs, maxStepsPerMessage, maxCpuMsPerSecond,
                maxOutboxBytes, maxUnreadMs, maxSocketsPerClient, maxPreviewsPerClient, loadTimeoutMs, sessionMemoryPercent, percent, engineThreads);
    }

    public Limits withEngineThreads(int n) {
        return new Limits(maxMessageBytes, maxMessagesPerSecond, maxStepsPerSession, maxSessions, idleTimeoutMs, maxStepsPerMessage, maxCpuMsPerSecond,
                maxOutboxBytes, maxUnreadMs, maxSocketsPerClient, maxPreviewsPerClient, loadTimeoutMs, sessionMemoryPercent, clientMemoryPercent, n);
    }

    /** The bytes sessions and maps may hold together on a heap of {@code maxHeapBytes}. */
    public long sessionMemoryBytes(long maxHeapBytes) {
        return maxHeapBytes / 100 * sessionMemoryPercent;
    }

    /** The bytes the sessions of one client address may hold together on a heap of {@code maxHeapBytes}. */
    public long clientMemoryBytes(long maxHeapBytes) {
        return maxHeapBytes / 100 * Math.min(clientMemoryPercent, sessionMemoryPercent);
    }

    /** One line for the start-up log. */
    public String describe() {
        return "limits: message " + maxMessageBytes + " B, " + maxMessagesPerSecond + " msg/s per socket, "
                + maxStepsPerSession + " steps per session, " + maxStepsPerMessage + " steps per message, "
                + maxCpuMsPerSecond + " ms CPU a second per socket, " + maxSessions + " sessions, idle " + idleTimeoutMs / 1000 + " s, "
                + maxSocketsPerClient + " sockets and " + maxPreviewsPerClient + " previews per client, outbox "
                + maxOutboxBytes / 1024 + " KiB, unread " + maxUnreadMs / 1000 + " s, load within " + loadTimeoutMs / 1000 + " s, sessions' memory "
                + sessionMemoryPercent + "% of the heap (" + (sessionMemoryBytes(Runtime.getRuntime().maxMemory()) >> 20) + " MiB), "
                + (clientMemoryBytes(Runtime.getRuntime().maxMemory()) >> 20) + " MiB of it per client, "
                + engineThreads + " engine thread" + (engineThreads == 1 ? "" : "s");
    }
}
