package goroutinelab.engine.runtime;

/**
 * What the collector's work costs in simulated time, and the runtime's own
 * constants that bound it (runtime/mgcmark.go, mgcpacer.go, malloc.go).
 *
 * <p>The costs are calibrated against Go 1.19 on a 2-CPU Linux x86-64
 * virtual machine (docs/fidelity.md, "The collector's cost model"; the
 * programs in fidelity/go/gcmark, gcstw and alloc). They hold of this order
 * on a typical Linux machine, not to the nanosecond: a lesson should say
 * "of this order", never promise a figure.
 *
 * <p>The model: scanobject costs a fixed part per object (or oblet), a
 * little per word it reads up to the object's last pointer word, and more
 * per non-nil pointer, which greyobject must look up; an object without
 * pointers is never scanned (greyobject blackens it). Allocation costs a
 * fixed part and the zeroing of its bytes. The scheduler's own costs (a
 * step, a thread wake) are {@link Costs}'.
 */
final class GcCosts {
    private GcCosts() {
    }

    // ---- scanobject (mgcmark.go), measured by fidelity/go/gcmark ----

    /**
     * scanobject's fixed part, for an object or one oblet: find its span and
     * heap bits. Measured: 17 ns per 64 B object whose one pointer is its
     * first word (a 160,000-object list).
     */
    static final long SCAN_OBJECT_NS = 15;
    /**
     * Reading one word of an object up to its last pointer word, in
     * half-nanoseconds (1.5 ns). Measured: 1.3 ns per nil pointer word (a
     * 10 MB slice of nil pointers).
     */
    static final long SCAN_WORD_HALF_NS = 3;
    /**
     * A non-nil pointer: findObject and greyobject (the mark bit, and the
     * work buffer unless the target holds no pointers). Measured: 14-16 ns
     * per live pointer word (a random graph of 160,000 objects).
     */
    static final long GREY_POINTER_NS = 15;
    /** maxObletBytes: an object larger than this is scanned in pieces of this size, each queued on its own. */
    static final long MAX_OBLET_BYTES = 128 << 10;

    // ---- roots (markroot), not measured one by one ----

    /** markroot of the data and BSS segments: a fixed part, and one global's pointer. */
    static final long MARKROOT_GLOBALS_NS = 300;
    static final long MARKROOT_PER_GLOBAL_NS = 50;
    /** scanstack: suspendG, the frames, and one stack slot's pointer. */
    static final long SCANSTACK_NS = 1_000;
    static final long SCANSTACK_PER_SLOT_NS = 100;
    /** Scan work (bytes) the lab counts for a root: one global, or a stack's frame and each of its slots. */
    static final long ROOT_SLOT_WORK = 64;

    // ---- the pacer and the drain loop (mgcpacer.go, mgcmark.go) ----

    /** gcCreditSlack: a background worker flushes its scan work as credit once it has done this much. */
    static final long GC_CREDIT_SLACK = 2000;
    /** drainCheckThreshold: idle and fractional workers check whether to stop after this much scan work. */
    static final long DRAIN_CHECK_THRESHOLD = 100_000;
    /** gcOverAssistWork: an assist does at least this much scan work. */
    static final long GC_OVER_ASSIST_WORK = 64 << 10;
    /** gcBackgroundUtilization: the share of the CPU background marking aims at. */
    static final double GC_BACKGROUND_UTILIZATION = 0.25;
    /** pollFractionalWorkerExit's slack: a fractional worker stops past 1.2 × its goal. */
    static final double FRACTIONAL_EXIT_SLACK = 1.2;

    // ---- the stop-the-worlds (mgc.go gcStart, gcMarkTermination), measured by fidelity/go/gcstw ----

    /**
     * gcStart's work with the world stopped (finishsweep_m, clearpools,
     * gcController.startCycle, gcMarkRootPrepare, gcMarkTinyAllocs) and
     * startTheWorldWithSema, taken whole. Measured: the sweep-termination
     * pause of runtime.GC() with nothing else running, 25-62 µs (medians of
     * four runs; gctrace's first clock figure).
     */
    static final long SWEEP_TERMINATION_NS = 40_000;
    /** The same for mark termination (gcMarkTermination, gcSweep's set-up). Measured: 1-2 µs. */
    static final long MARK_TERMINATION_NS = 1_500;
    /** stopTheWorldWithSema: while Ps are still running, preempt them again every 100 µs. */
    static final long STW_REPREEMPT_NS = 100_000;

    // ---- mallocgc (malloc.go), measured by fidelity/go/alloc ----

    /** mallocgc's fixed part: a size class's slot from the P's mcache. Measured: 15-32 ns for 16 B. */
    static final long MALLOC_NS = 15;
    /** Zeroing (memclrNoHeapPointers): bytes per nanosecond. Measured: 1 KB 155-245 ns, 128 KB 17-31 µs. */
    static final long MALLOC_ZERO_BYTES_PER_NS = 7;

    /** scanobject's cost for {@code words} words read and {@code pointers} non-nil pointers found. */
    static long scan(long words, long pointers) {
        return SCAN_OBJECT_NS + words * SCAN_WORD_HALF_NS / 2 + pointers * GREY_POINTER_NS;
    }

    /** mallocgc's cost for an object of {@code size} bytes. */
    static long malloc(long size) {
        return MALLOC_NS + size / MALLOC_ZERO_BYTES_PER_NS;
    }
}
