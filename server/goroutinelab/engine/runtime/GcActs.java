package goroutinelab.engine.runtime;

/** The sub-actions of {@link Act.Do#GC_STEP}; the collector (engine/gc) performs them. */
public final class GcActs {
    private GcActs() {
    }

    /** preemptPark: a G stopped for a GC stack scan parks as _Gpreempted. */
    public static final int PREEMPT_PARK = 1;
    /** gcStart, on the G that triggered the cycle. */
    public static final int GC_START = 2;
    /** stopTheWorldWithSema: ask every P to stop. */
    public static final int STW_BEGIN = 3;
    /** The stop-the-world waits; every 100µs it preempts again. */
    public static final int STW_WAIT = 4;
    /** Every P has stopped. */
    public static final int STW_DONE = 5;
    /** Sweep termination done: setGCPhase(_GCmark), queue the roots, start the world. */
    public static final int MARK_BEGIN = 6;
    /** gcMarkDone: no mark work left: stop the world for mark termination. */
    public static final int MARK_DONE = 7;
    /** gcMarkTermination: phase off, barrier off, pacer, then start the world. */
    public static final int MARK_TERM = 8;
    /** One step of a mark assist (gcAssistAlloc). */
    public static final int ASSIST = 9;
    /** runtime.GC's caller waits for the cycle to end. */
    public static final int CYCLE_WAIT = 10;
    /** gcFlushBgCredit: background credit pays a parked assist's debt. */
    public static final int FLUSH = 11;
    /** startTheWorld after mark termination; bgsweep readied. */
    public static final int START_AFTER_TERM = 12;
}
