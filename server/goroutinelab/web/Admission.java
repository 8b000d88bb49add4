package goroutinelab.web;

/**
 * Whether a socket's next message may be handled at all: at most so many
 * messages a second, only while its share of the CPU is not spent
 * ({@link CpuBudget}), and so many bytes each. Called by {@link Session}
 * before it reads a message.
 */
final class Admission {
    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

    private final Limits limits;
    private final CpuBudget cpu;
    private long windowStartMs;
    private int windowCount;

    Admission(Limits limits, CpuBudget cpu) {
        this.limits = limits;
        this.cpu = cpu;
    }

    /** Refuses (with a limit error) the message that would pass a limit. */
    void admit(String text, long nowMs) {
        if (nowMs - windowStartMs >= 1000) {
            windowStartMs = nowMs;
            windowCount = 0;
        }
        if (++windowCount > limits.maxMessagesPerSecond()) {
            throw new Refused("limit", "too many messages: at most " + limits.maxMessagesPerSecond() + " a second");
        }
        if (!cpu.admit(nowMs)) {
            throw new Refused("limit", "too much work at once: this tab has had its " + limits.maxCpuMsPerSecond()
                    + " ms of the server's time a second" + (cpu.owedMs() > 0 ? " and " + cpu.owedMs() + " ms more" : "")
                    + "; wait " + (cpu.waitMs() >= 1000 ? cpu.waitMs() / 1000 + " s" : "a moment"));
        }
        if (utf8Length(text, limits.maxMessageBytes()) > limits.maxMessageBytes()) {
            throw new Refused("limit", "message too large: at most " + limits.maxMessageBytes() + " bytes (UTF-8) are accepted");
        }
    }

    /** This thread's CPU time in ns, or 0 where the JVM cannot tell (then the CPU limit never applies). */
    static long threadCpuNs() {
        return THREADS.isCurrentThreadCpuTimeSupported() ? Math.max(0, THREADS.getCurrentThreadCpuTime()) : 0;
    }

    /** The UTF-8 length of text, or any number over {@code max} once it is known to be over. */
    static long utf8Length(String text, int max) {
        if (text.length() > max) {
            return (long) text.length();
        }
        long n = 0;
        for (int i = 0; i < text.length() && n <= max; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c)) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }
}
