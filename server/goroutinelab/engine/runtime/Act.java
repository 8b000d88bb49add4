package goroutinelab.engine.runtime;

/**
 * One pending runtime action of an M (or of sysmon): what it does next, with
 * up to two int arguments (ids, flags). Immutable, so an M's queue of acts
 * copies shallowly.
 */
public record Act(Do what, int a, int b) {

    public static Act of(Do what) {
        return new Act(what, 0, 0);
    }

    public static Act of(Do what, int a) {
        return new Act(what, a, 0);
    }

    /** The actions. Each names the runtime function it stands for where there is one. */
    public enum Do {
        // the scheduler loop
        SCHEDULE, STEAL, STEAL_RUNNEXT, STOP, EXECUTE, RESETSPINNING, WAKEP, WAKE_NETPOLLER,
        STARTM, M_START, NETPOLL_WAKE, STOPM, RUNQPUT, GOREADY,
        // running a goroutine
        RUN, OP_END, GOPREEMPT, SYSCALL_END,
        // sysmon
        SYSMON_TICK, SYSMON_BODY, SYSMON_SLEEP, RETAKE, PREEMPTONE, PREEMPTM, HANDOFFP,
        // garbage collector
        GC_STEP,
        // signals
        SIG_STEP
    }
}
