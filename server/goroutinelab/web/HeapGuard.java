package goroutinelab.web;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.List;

/**
 * Whether the server has room for one more session: the heap still in use
 * after the last collection of the longest-lived pool (what sessions hold),
 * against its maximum. Sessions of large lessons hold megabytes each
 * (docs/performance.md), so a server full of them refuses the next socket
 * instead of running out of memory.
 */
final class HeapGuard {
    private final double maxFraction;
    private final List<MemoryPoolMXBean> pools;

    /** Refuses new sessions above {@code maxFraction} (0..1) of the heap in use after a collection. */
    HeapGuard(double maxFraction) {
        this.maxFraction = maxFraction;
        this.pools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP && p.isCollectionUsageThresholdSupported())
                .toList();
    }

    /** The fraction of the tenured heap in use after the last collection (0 before any). */
    double used() {
        double worst = 0;
        for (MemoryPoolMXBean p : pools) {
            MemoryUsage u = p.getCollectionUsage();
            if (u != null && u.getMax() > 0 && isTenured(p)) {
                worst = Math.max(worst, (double) u.getUsed() / u.getMax());
            }
        }
        return worst;
    }

    boolean full() {
        return used() > maxFraction;
    }

    private static boolean isTenured(MemoryPoolMXBean p) {
        String n = p.getName();
        return n.contains("Old") || n.contains("Tenured");
    }
}
