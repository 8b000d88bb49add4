package goroutinelab.web;

/**
 * One socket's share of the server's CPU: a bucket that fills at
 * {@code maxCpuMsPerSecond} per second of wall time, up to one second's
 * worth, and empties by the CPU its moves take, counted while they run (a
 * {@link Session}'s move reports every few hundred engine steps).
 *
 * <ul>
 * <li>A message is read only while the bucket holds something
 * ({@link #admit}); otherwise it is refused with a {@code limit} error.</li>
 * <li>A move stops where it got to once the bucket is empty
 * ({@link #exhausted}), so no message outruns its socket's share by more
 * than one report's worth, however long it would have run.</li>
 * <li>What a move took beyond the bucket (the last slice, its frame, a
 * rebuild that may not stop half-way) is owed: the bucket goes below
 * zero, and the socket's messages are refused until it has earned it back.
 * Nothing is forgiven when a second ends.</li>
 * </ul>
 *
 * Not thread-safe: a session reports from the one thread handling its message.
 */
final class CpuBudget {
    private final long nsPerMs;
    private final long capacityNs;
    private long balanceNs;
    private long earnedAtMs;

    CpuBudget(long maxCpuMsPerSecond, long nowMs) {
        this.nsPerMs = maxCpuMsPerSecond * 1_000L;
        this.capacityNs = maxCpuMsPerSecond * 1_000_000L;
        this.balanceNs = capacityNs;
        this.earnedAtMs = nowMs;
    }

    /** Whether a message may start: the bucket holds something. */
    boolean admit(long nowMs) {
        earn(nowMs);
        return balanceNs > 0;
    }

    /** CPU a move has just taken. */
    void charge(long cpuNs, long nowMs) {
        earn(nowMs);
        balanceNs -= Math.max(0, cpuNs);
    }

    /** The bucket is empty (or owes): a move stops at its next report. */
    boolean exhausted() {
        return balanceNs <= 0;
    }

    /** What the socket owes, in ms (0 if nothing). */
    long owedMs() {
        return balanceNs >= 0 ? 0 : -balanceNs / 1_000_000L;
    }

    /** How long until the socket may send again, in ms (0 if it may now). */
    long waitMs() {
        return balanceNs > 0 ? 0 : -balanceNs / nsPerMs + 1;
    }

    private void earn(long nowMs) {
        long elapsedMs = Math.max(0, nowMs - earnedAtMs);
        earnedAtMs = Math.max(earnedAtMs, nowMs);
        long toFullMs = (capacityNs - balanceNs) / nsPerMs + 1;
        // compared first, so that a long idle spell cannot overflow the product
        balanceNs = elapsedMs >= toFullMs ? capacityNs : Math.min(capacityNs, balanceNs + elapsedMs * nsPerMs);
    }
}
