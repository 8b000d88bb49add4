package goroutinelab.web;

import org.junit.jupiter.api.Test;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;

import static org.assertj.core.api.Assertions.assertThat;

/** The heap guard reads the heap in use after the latest collection, and refuses above its fraction. */
class HeapGuardTest {

    @Test
    void itRefusesAboveItsFraction() {
        System.gc();
        double used = new HeapGuard(0.85).used();
        assertThat(used).isBetween(0.0, 1.0);
        assertThat(new HeapGuard(1.0).full()).isFalse();
        assertThat(new HeapGuard(-0.01).full()).isTrue();
    }

    @Test
    void aYoungCollectionAloneShowsWhatIsStillHeld() {
        long max = Runtime.getRuntime().maxMemory();
        // a tenth of the heap held in small objects, as sessions hold it
        int chunks = (int) (max / 10 / 4096);
        byte[][] held = new byte[chunks][];
        for (int i = 0; i < chunks; i++) {
            held[i] = new byte[4096];
        }
        long before = collections();
        // garbage until at least one more collection has run (a young one, on any collector the JVM picks)
        long sink = 0;
        while (collections() == before) {
            sink += new byte[64 * 1024].length;
        }
        assertThat(sink).isPositive();
        assertThat(new HeapGuard(0.85).used()).isGreaterThanOrEqualTo(0.09);
        assertThat(held[chunks - 1]).hasSize(4096);
    }

    private static long collections() {
        long n = 0;
        for (GarbageCollectorMXBean c : ManagementFactory.getGarbageCollectorMXBeans()) {
            n += Math.max(0, c.getCollectionCount());
        }
        return n;
    }
}
