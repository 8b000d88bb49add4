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

    private static String referenceBytes(long b) {
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

    @Test
    void bytesWritesWhatTheFormatterWrote() {
        long[] fixed = {0, 1, 1023, 1024, 1025, 1536, 4L << 20, 4_000_000, 3_999_744, 64 * 1024, (1L << 30) + 1, 1L << 40};
        for (long b : fixed) {
            assertThat(Fmt.bytes(b)).as("%d B", b).isEqualTo(referenceBytes(b));
        }
        SplittableRandom r = new SplittableRandom(5);
        for (int i = 0; i < 200_000; i++) {
            long b = r.nextLong(1L << (1 + r.nextInt(41)));
            assertThat(Fmt.bytes(b)).as("%d B", b).isEqualTo(referenceBytes(b));
        }
    }

    /** The whole-number scaling is exact where a double is not: checked against BigInteger up to the largest long. */
    @Test
    void scaledIsExactForEveryLong() {
        long[] fixed = {0, 1, (1L << 30) - 1, 1L << 30, Long.MAX_VALUE, Long.MAX_VALUE - 1, (1L << 62) + 12345, 1L << 50};
        SplittableRandom r = new SplittableRandom(7);
        for (int i = 0; i < 200_000 + fixed.length; i++) {
            long b = i < fixed.length ? fixed[i] : r.nextLong(Long.MAX_VALUE);
            for (int shift : new int[] {10, 20, 30}) {
                long expected = java.math.BigInteger.valueOf(b).multiply(java.math.BigInteger.valueOf(2000))
                        .shiftRight(shift).add(java.math.BigInteger.ONE).shiftRight(1).longValueExact();
                if (shift < 30 && b >= 1L << 52) {
                    continue;
                }
                assertThat(Fmt.scaled(b, shift)).as("%d >> %d", b, shift).isEqualTo(expected);
            }
        }
    }
}
