package goroutinelab.engine;

import java.util.List;
import java.util.Map;

/**
 * A deterministic, step-executable model of a runtime. One {@link #step()} is
 * one runtime action and returns the event describing it; the same program,
 * configuration and injections always give the same run.
 */
public interface Engine {

    /** Performs the next runtime action; returns its event, or null once the run has ended. */
    default Event step() {
        return step(Long.MAX_VALUE);
    }

    /**
     * Performs the next runtime action if it happens at or before {@code deadline}
     * (simulated ns) and returns its event; otherwise moves the clock to the
     * deadline and returns null.
     */
    Event step(long deadline);

    /** Moves the clock forward to t if nothing happens before then (used to replay a step(deadline) that found nothing). */
    void advanceTo(long t);

    /** Engine steps taken so far. */
    long steps();

    /** Simulated nanoseconds since the start of the run. */
    long now();

    /**
     * When the next action is due (simulated ns): at most {@link #now()} if one is due
     * at once, {@code Long.MAX_VALUE} if nothing will happen without an injection.
     * Lets two engines share one clock (compare mode).
     */
    long nextTime();

    /** How many events of a kind (wire name) have happened since the start, for goroutine g if g is not null. */
    long eventCount(String kind, Integer g);

    /** Whether nothing more can happen (the process exited). */
    boolean ended();

    /** Applies an injection now, between two steps. */
    void inject(Injection injection);

    /** The state as a tree of ordered maps, lists, strings, numbers, booleans and nulls. */
    Map<String, Object> snapshot();

    /** A deep copy that runs on independently. */
    Engine copy();

    /**
     * Roughly how many bytes of heap a {@link #copy()} takes: the Timeline keeps
     * fewer checkpoints of a large world. 0 when unknown (then only the count bounds them).
     */
    default long approximateBytes() {
        return 0;
    }

    /** Broken invariants, each a sentence naming what is wrong; empty when all hold. */
    List<String> checkInvariants();
}
