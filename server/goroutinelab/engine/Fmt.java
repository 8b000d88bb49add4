package goroutinelab.engine;

/** Plain, language-neutral renderings of simulated quantities for event texts. */
public final class Fmt {
    private Fmt() {
    }

    /**
     * 1500000 → "1.5ms", 20000 → "20µs", 300 → "300ns". In whole-number arithmetic
     * (thousandths of the unit, rounded half up, trailing zeros dropped): event
     * texts are made millions of times a second, and String.format was a tenth
     * of the engine's time.
     */
    public static String time(long ns) {
        if (ns >= 1_000_000_000L && ns % 1_000_000L == 0) {
            return thousandths(ns / 1_000_000L) + "s";
        }
        if (ns >= 1_000_000L) {
            return thousandths(ns / 1_000L + (ns % 1_000L >= 500 ? 1 : 0)) + "ms";
        }
        if (ns >= 1_000L) {
            return thousandths(ns) + "µs";
        }
        return ns + "ns";
    }

    /** 1500 → "1.5", 2000 → "2", 1234 → "1.234" (a non-negative count of thousandths). */
    static String thousandths(long t) {
        long whole = t / 1000;
        int frac = (int) (t % 1000);
        if (frac == 0) {
            return Long.toString(whole);
        }
        StringBuilder sb = new StringBuilder(24).append(whole).append('.');
        sb.append((char) ('0' + frac / 100));
        if (frac % 100 != 0) {
            sb.append((char) ('0' + frac / 10 % 10));
            if (frac % 10 != 0) {
                sb.append((char) ('0' + frac % 10));
            }
        }
        return sb.toString();
    }

    /**
     * A byte count for a {@link Text}'s argument, written by {@link #bytes} when
     * the text is read rather than when the event is made (most events' texts
     * are never read).
     */
    public record Bytes(long b) {
        @Override
        public String toString() {
            return bytes(b);
        }
    }

    /** Ids for a {@link Text}'s argument, joined with ", " when the text is read; the list must not change afterwards. */
    public record Joined(java.util.List<String> ids) {
        @Override
        public String toString() {
            return String.join(", ", ids);
        }
    }

    /** 4194304 → "4MB", 1536 → "1.5KB", 4000000 → "3.815MB" (thousandths of the unit, rounded half up). */
    public static String bytes(long b) {
        if (b >= 1L << 30) {
            return thousandths(scaled(b, 30)) + "GB";
        }
        if (b >= 1L << 20) {
            return thousandths(scaled(b, 20)) + "MB";
        }
        if (b >= 1L << 10) {
            return thousandths(scaled(b, 10)) + "KB";
        }
        return b + "B";
    }

    /**
     * b / 2^shift in thousandths, rounded half up. b = q·2^shift + r, so
     * b·2000 / 2^shift = 2000·q + r·2000 / 2^shift, where 2000·q is whole. With
     * shift 30 (and {@link #bytes} uses smaller shifts only for smaller b) both
     * parts fit a long for any b: r < 2^30 and q < 2^33.
     */
    static long scaled(long b, int shift) {
        long q = b >>> shift;
        long r = b & ((1L << shift) - 1);
        long doubled = 2000 * q + (r * 2000 >>> shift);
        return (doubled + 1) >>> 1;
    }
}
