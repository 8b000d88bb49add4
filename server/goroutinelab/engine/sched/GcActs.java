package goroutinelab.engine.sched;

/** The sub-actions of {@link Act.Do#GC_STEP}; the collector interprets them. */
public final class GcActs {
    private GcActs() {
    }

    /** preemptPark: a G stopped for a GC stack scan parks as _Gpreempted. */
    public static final int PREEMPT_PARK = 1;
}
