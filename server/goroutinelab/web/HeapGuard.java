package goroutinelab.web;

import com.sun.management.GcInfo;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Whether the server has room for one more session: the heap still in use
 * at the end of the JVM's latest collection, of any kind, against the heap's
 * maximum. Sessions of large lessons hold megabytes each
 * (docs/performance.md), so a server full of them refuses the next socket
 * instead of running out of memory.
 *
 * <p>The latest collection, not the old generation's latest: with G1 the old
 * generation's own figure moves only when a mixed or full collection runs,
 * which a server with room to spare may not see for hours, so it read a few
 * per cent while hundreds of megabytes of sessions were live. After a young
 * collection the young space is empty and what is left is what survived plus
 * the old generation (with any garbage there not yet reclaimed): an upper
 * bound on what sessions hold, so the guard errs on the side of refusing.
 */
final class HeapGuard {
    private final double maxFraction;
    private final List<com.sun.management.GarbageCollectorMXBean> collectors;
    private final Set<String> heapPools;
    private final long max;

    /** Refuses new sessions above {@code maxFraction} (0..1) of the heap in use after a collection. */
    HeapGuard(double maxFraction) {
        this.maxFraction = maxFraction;
        List<GarbageCollectorMXBean> all = ManagementFactory.getGarbageCollectorMXBeans();
        this.collectors = all.stream()
                .filter(com.sun.management.GarbageCollectorMXBean.class::isInstance)
                .map(com.sun.management.GarbageCollectorMXBean.class::cast)
                .toList();
        this.heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP)
                .map(MemoryPoolMXBean::getName)
                .collect(Collectors.toUnmodifiableSet());
        this.max = Runtime.getRuntime().maxMemory();
    }

    /** The fraction of the heap in use at the end of the latest collection (0 before any). */
    double used() {
        GcInfo latest = null;
        for (com.sun.management.GarbageCollectorMXBean c : collectors) {
            GcInfo info = c.getLastGcInfo();
            if (info != null && (latest == null || info.getEndTime() > latest.getEndTime())) {
                latest = info;
            }
        }
        if (latest == null || max <= 0) {
            return 0;
        }
        long used = 0;
        for (Map.Entry<String, MemoryUsage> e : latest.getMemoryUsageAfterGc().entrySet()) {
            if (heapPools.contains(e.getKey())) {
                used += e.getValue().getUsed();
            }
        }
        return Math.min(1.0, (double) used / max);
    }

    boolean full() {
        return used() > maxFraction;
    }
}
