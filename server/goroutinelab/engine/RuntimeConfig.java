package goroutinelab.engine;

/**
 * The simulated machine: the knobs a lesson's {@code runtime:} block sets.
 *
 * @param gomaxprocs      number of Ps (1..64)
 * @param runqSize        local run queue capacity (the runtime's is 256; lessons may shrink it to show overflow)
 * @param asyncPreemption false is GODEBUG=asyncpreemptoff=1
 * @param writeBarrier    teaching switch: false lets the collector lose objects
 * @param gogc            GOGC percent; negative means "off"
 * @param heapMinimumBytes the first GC trigger (the runtime's defaultHeapMinimum is 4 MB)
 * @param switchIntervalNs cpython model: sys.setswitchinterval
 * @param seed            every random choice comes from this seed
 * @param backgroundGoroutines the runtime's own goroutines (forcegchelper, bgsweep, bgscavenge, the finalizer
 *                        goroutine) exist from the start, as in a real program, and have moved schedtick and
 *                        the run queues; off, the lab starts with main alone
 * @param startup         the run begins at the process's first instruction (rt0_go) and plays the start
 *                        step by step up to main.main; it implies backgroundGoroutines. Off, it begins at
 *                        main.main's first line, the start already done
 * @param gcWorkBuffers   the collector keeps grey objects in per-P work buffers (wbuf1, wbuf2) and a global
 *                        list of full buffers, as runtime/mgcwork.go does; off, one FIFO grey queue (the
 *                        simple view)
 */
public record RuntimeConfig(
        int gomaxprocs,
        int runqSize,
        boolean asyncPreemption,
        boolean writeBarrier,
        int gogc,
        long heapMinimumBytes,
        long switchIntervalNs,
        long seed,
        boolean backgroundGoroutines,
        boolean startup,
        boolean gcWorkBuffers) {

    public static final int MAX_PROCS = 64;

    public static final RuntimeConfig DEFAULT =
            new RuntimeConfig(1, 256, true, true, 100, 4L << 20, 5_000_000L, 1, false, false, false);

    /** A machine without the runtime's background goroutines (the lab's default). */
    public RuntimeConfig(int gomaxprocs, int runqSize, boolean asyncPreemption, boolean writeBarrier, int gogc,
                         long heapMinimumBytes, long switchIntervalNs, long seed) {
        this(gomaxprocs, runqSize, asyncPreemption, writeBarrier, gogc, heapMinimumBytes, switchIntervalNs, seed, false, false, false);
    }

    /**
     * A machine that starts at main.main's first line, with or without the runtime's background goroutines,
     * and marks with the simple view (one grey queue, no per-P work buffers).
     */
    public RuntimeConfig(int gomaxprocs, int runqSize, boolean asyncPreemption, boolean writeBarrier, int gogc,
                         long heapMinimumBytes, long switchIntervalNs, long seed, boolean backgroundGoroutines) {
        this(gomaxprocs, runqSize, asyncPreemption, writeBarrier, gogc, heapMinimumBytes, switchIntervalNs, seed,
                backgroundGoroutines, false, false);
    }

    public RuntimeConfig {
        if (gomaxprocs < 1 || gomaxprocs > MAX_PROCS) {
            throw new IllegalArgumentException("gomaxprocs must be 1.." + MAX_PROCS + ", got " + gomaxprocs);
        }
        if (runqSize < 2 || runqSize > 256) {
            throw new IllegalArgumentException("runqSize must be 2..256, got " + runqSize);
        }
        if (heapMinimumBytes < 1) {
            throw new IllegalArgumentException("heapMinimum must be positive");
        }
        if (switchIntervalNs < 1) {
            throw new IllegalArgumentException("switchInterval must be positive");
        }
        if (startup && !backgroundGoroutines) {
            throw new IllegalArgumentException("startup plays the start of the runtime's own goroutines: it needs backgroundGoroutines");
        }
    }

    public RuntimeConfig withAsyncPreemption(boolean on) {
        return new RuntimeConfig(gomaxprocs, runqSize, on, writeBarrier, gogc, heapMinimumBytes, switchIntervalNs, seed, backgroundGoroutines, startup, gcWorkBuffers);
    }

    public RuntimeConfig withWriteBarrier(boolean on) {
        return new RuntimeConfig(gomaxprocs, runqSize, asyncPreemption, on, gogc, heapMinimumBytes, switchIntervalNs, seed, backgroundGoroutines, startup, gcWorkBuffers);
    }

    public RuntimeConfig withGomaxprocs(int n) {
        return new RuntimeConfig(n, runqSize, asyncPreemption, writeBarrier, gogc, heapMinimumBytes, switchIntervalNs, seed, backgroundGoroutines, startup, gcWorkBuffers);
    }

    public RuntimeConfig withSeed(long s) {
        return new RuntimeConfig(gomaxprocs, runqSize, asyncPreemption, writeBarrier, gogc, heapMinimumBytes, switchIntervalNs, s, backgroundGoroutines, startup, gcWorkBuffers);
    }

    public RuntimeConfig withRunqSize(int n) {
        return new RuntimeConfig(gomaxprocs, n, asyncPreemption, writeBarrier, gogc, heapMinimumBytes, switchIntervalNs, seed, backgroundGoroutines, startup, gcWorkBuffers);
    }

    public RuntimeConfig withBackgroundGoroutines(boolean on) {
        return new RuntimeConfig(gomaxprocs, runqSize, asyncPreemption, writeBarrier, gogc, heapMinimumBytes, switchIntervalNs, seed, on, startup && on, gcWorkBuffers);
    }

    public RuntimeConfig withStartup(boolean on) {
        return new RuntimeConfig(gomaxprocs, runqSize, asyncPreemption, writeBarrier, gogc, heapMinimumBytes, switchIntervalNs, seed,
                backgroundGoroutines || on, on, gcWorkBuffers);
    }

    public RuntimeConfig withGcWorkBuffers(boolean on) {
        return new RuntimeConfig(gomaxprocs, runqSize, asyncPreemption, writeBarrier, gogc, heapMinimumBytes, switchIntervalNs, seed, backgroundGoroutines, startup, on);
    }

    public boolean gcOff() {
        return gogc < 0;
    }
}
