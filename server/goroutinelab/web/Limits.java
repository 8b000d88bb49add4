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
 * @param maxCpuMsPerSecond    CPU time the server may spend on one socket's messages in a second; past it the
 *                             rest of that second's messages are refused, so one tab cannot take a core
 */
public record Limits(int maxMessageBytes, int maxMessagesPerSecond, long maxStepsPerSession,
                     int maxSessions, long idleTimeoutMs, long maxStepsPerMessage, long maxCpuMsPerSecond) {

    /**
     * Jetty's own ceiling for one WebSocket message, above which it closes the
     * socket (1009) without reading the message: a client can make the server
     * buffer at most this much. Between {@link #maxMessageBytes} and this, our
     * own check answers with a {@code limit} error and the session goes on.
     */
    public static final int TRANSPORT_MAX_BYTES = 1024 * 1024;

    public Limits {
        positive("maxMessageBytes", maxMessageBytes);
        positive("maxMessagesPerSecond", maxMessagesPerSecond);
        positive("maxStepsPerSession", maxStepsPerSession);
        positive("maxSessions", maxSessions);
        positive("idleTimeoutMs", idleTimeoutMs);
        positive("maxStepsPerMessage", maxStepsPerMessage);
        positive("maxCpuMsPerSecond", maxCpuMsPerSecond);
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
        return new Limits(16 * 1024, 50, 1_000_000, 2_000, 30 * 60 * 1000L, 200_000, 250);
    }

    public Limits withMaxMessageBytes(int n) {
        return new Limits(n, maxMessagesPerSecond, maxStepsPerSession, maxSessions, idleTimeoutMs, maxStepsPerMessage, maxCpuMsPerSecond);
    }

    public Limits withMaxSessions(int n) {
        return new Limits(maxMessageBytes, maxMessagesPerSecond, maxStepsPerSession, n, idleTimeoutMs, maxStepsPerMessage, maxCpuMsPerSecond);
    }

    public Limits withIdleTimeoutMs(long ms) {
        return new Limits(maxMessageBytes, maxMessagesPerSecond, maxStepsPerSession, maxSessions, ms, maxStepsPerMessage, maxCpuMsPerSecond);
    }

    public Limits withMaxMessagesPerSecond(int n) {
        return new Limits(maxMessageBytes, n, maxStepsPerSession, maxSessions, idleTimeoutMs, maxStepsPerMessage, maxCpuMsPerSecond);
    }

    public Limits withMaxStepsPerSession(long n) {
        return new Limits(maxMessageBytes, maxMessagesPerSecond, n, maxSessions, idleTimeoutMs, maxStepsPerMessage, maxCpuMsPerSecond);
    }

    public Limits withMaxStepsPerMessage(long n) {
        return new Limits(maxMessageBytes, maxMessagesPerSecond, maxStepsPerSession, maxSessions, idleTimeoutMs, n, maxCpuMsPerSecond);
    }

    public Limits withMaxCpuMsPerSecond(long ms) {
        return new Limits(maxMessageBytes, maxMessagesPerSecond, maxStepsPerSession, maxSessions, idleTimeoutMs, maxStepsPerMessage, ms);
    }

    /** One line for the start-up log. */
    public String describe() {
        return "limits: message " + maxMessageBytes + " B, " + maxMessagesPerSecond + " msg/s per socket, "
                + maxStepsPerSession + " steps per session, " + maxStepsPerMessage + " steps per message, "
                + maxCpuMsPerSecond + " ms CPU a second per socket, " + maxSessions + " sessions, idle " + idleTimeoutMs / 1000 + " s";
    }
}
