package goroutinelab.lesson;

import java.math.BigDecimal;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations ("200us", "1.5ms") and sizes ("64KB") as lessons write them. */
public final class Units {
    private static final Pattern DURATION = Pattern.compile("^([0-9]+(?:\\.[0-9]+)?)(ns|us|µs|ms|s)$");
    private static final Pattern SIZE = Pattern.compile("^([0-9]+(?:\\.[0-9]+)?)(B|KB|MB|GB)$");
    /** An hour of simulated time is far beyond any lesson. */
    public static final long MAX_DURATION_NS = 3_600_000_000_000L;
    public static final long MAX_SIZE_BYTES = 1L << 40;

    private Units() {
    }

    /** Nanoseconds, or -1 if the text is not a duration with a unit. */
    public static long durationNs(String text) {
        Matcher m = DURATION.matcher(text.trim());
        if (!m.matches()) {
            return -1;
        }
        long unit = switch (m.group(2)) {
            case "ns" -> 1L;
            case "us", "µs" -> 1_000L;
            case "ms" -> 1_000_000L;
            default -> 1_000_000_000L;
        };
        BigDecimal v = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unit));
        if (v.compareTo(BigDecimal.valueOf(MAX_DURATION_NS)) > 0) {
            return -2;
        }
        return v.longValue();
    }

    /** Bytes, or -1 if the text is not a size with a unit. */
    public static long sizeBytes(String text) {
        Matcher m = SIZE.matcher(text.trim());
        if (!m.matches()) {
            return -1;
        }
        long unit = switch (m.group(2)) {
            case "B" -> 1L;
            case "KB" -> 1L << 10;
            case "MB" -> 1L << 20;
            default -> 1L << 30;
        };
        BigDecimal v = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unit));
        if (v.compareTo(BigDecimal.valueOf(MAX_SIZE_BYTES)) > 0) {
            return -2;
        }
        return v.longValue();
    }
}
