package goroutinelab.web;

/**
 * What one server allows (spec/protocol.md "Limits"): every refusal is a typed
 * {@code limit} error and the session goes on.
 *
 * @param maxMessageBytes     a browser message larger than this is refused
 * @param maxMessagesPerSecond per socket
 * @param maxStepsPerSession  engine steps one session may reach
 * @param maxSessions         sessions one server holds at once
 * @param idleTimeoutMs       a session idle this long is closed
 * @param maxStepsPerMessage  engine steps one step/next/seek message may run
 */
public record Limits(int maxMessageBytes, int maxMessagesPerSecond, long maxStepsPerSession,
                     int maxSessions, long idleTimeoutMs, long maxStepsPerMessage) {

    public static Limits defaults() {
        return new Limits(16 * 1024, 50, 1_000_000, 2_000, 30 * 60 * 1000L, 200_000);
    }

    public Limits withMaxSessions(int n) {
        return new Limits(maxMessageBytes, maxMessagesPerSecond, maxStepsPerSession, n, idleTimeoutMs, maxStepsPerMessage);
    }

    public Limits withIdleTimeoutMs(long ms) {
        return new Limits(maxMessageBytes, maxMessagesPerSecond, maxStepsPerSession, maxSessions, ms, maxStepsPerMessage);
    }

    public Limits withMaxMessagesPerSecond(int n) {
        return new Limits(maxMessageBytes, n, maxStepsPerSession, maxSessions, idleTimeoutMs, maxStepsPerMessage);
    }

    public Limits withMaxStepsPerSession(long n) {
        return new Limits(maxMessageBytes, maxMessagesPerSecond, n, maxSessions, idleTimeoutMs, maxStepsPerMessage);
    }
}
