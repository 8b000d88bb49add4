package goroutinelab.engine;

/** Plain, language-neutral renderings of simulated quantities for event texts. */
public final class Fmt {
    private Fmt() {
    }

    /** 1500000 → "1.5ms", 20000 → "20µs", 300 → "300ns". */
    public static String time(long ns) {
        if (ns >= 1_000_000_000L && ns % 1_000_000L == 0) {
            return trim(ns / 1e9) + "s";
        }
        if (ns >= 1_000_000L) {
            return trim(ns / 1e6) + "ms";
        }
        if (ns >= 1_000L) {
            return trim(ns / 1e3) + "µs";
        }
        return ns + "ns";
    }

    /** 4194304 → "4MB", 1536 → "1.5KB". */
    public static String bytes(long b) {
        if (b >= 1L << 30) {
            return trim(b / (double) (1L << 30)) + "GB";
        }
        if (b >= 1L << 20) {
            return trim(b / (double) (1L << 20)) + "MB";
        }
        if (b >= 1L << 10) {
            return trim(b / 1024.0) + "KB";
        }
        return b + "B";
    }

    private static String trim(double v) {
        String s = String.format(java.util.Locale.ROOT, "%.3f", v);
        s = s.replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }
}
