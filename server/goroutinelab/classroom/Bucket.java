package goroutinelab.classroom;

/**
 * A token bucket: up to {@code burst} actions at once, refilled at
 * {@code perSecond}. The caller passes the clock, so tests need no waiting.
 */
final class Bucket {
    private final double burst;
    private final double perMs;
    private double tokens;
    private long lastMs;

    Bucket(int burst, double perSecond, long nowMs) {
        this.burst = burst;
        this.perMs = perSecond / 1000.0;
        this.tokens = burst;
        this.lastMs = nowMs;
    }

    /** Takes one token if there is one. */
    synchronized boolean take(long nowMs) {
        if (nowMs > lastMs) {
            tokens = Math.min(burst, tokens + (nowMs - lastMs) * perMs);
            lastMs = nowMs;
        }
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }

    /** Whether the bucket is full again (nothing to remember about its owner). */
    synchronized boolean full(long nowMs) {
        return tokens + Math.max(0, nowMs - lastMs) * perMs >= burst;
    }
}
