package goroutinelab.engine;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** Fmt.time's whole-number arithmetic writes what String.format("%.3f") did. */
class FmtTest {

    /** The former implementation, kept as the reference. */
    private static String reference(long ns) {
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

    private static String trim(double v) {
        String s = String.format(java.util.Locale.ROOT, "%.3f", v);
        s = s.replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }

    @Test
    void timeWritesWhatTheFormatterWrote() {
        long[] fixed = {0, 1, 999, 1000, 1001, 1500, 20_000, 999_999, 1_000_000, 1_000_499, 1_000_500, 1_234_500, 1_500_000,
                999_999_999, 1_000_000_000, 1_500_000_000, 3_600_000_000_000L, 1_000_000_001, 12_345_678_901L, -5};
        for (long ns : fixed) {
            assertThat(Fmt.time(ns)).as("%d ns", ns).isEqualTo(reference(ns));
        }
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < 200_000; i++) {
            long ns = switch (i % 4) {
                case 0 -> r.nextLong(10_000);
                case 1 -> r.nextLong(10_000_000);
                case 2 -> r.nextLong(100_000_000_000L);
                default -> r.nextLong(3_600) * 1_000_000_000L + r.nextLong(2) * r.nextLong(1_000_000_000L);
            };
            assertThat(Fmt.time(ns)).as("%d ns", ns).isEqualTo(reference(ns));
        }
    }
}
