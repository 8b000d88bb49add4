package goroutinelab.lesson;

/**
 * What a long move may spend. A {@link Player} (and the {@link ScriptMap} it
 * plays on the move's behalf) reports every few hundred engine steps it has
 * run; when the budget says no, the move stops where it got to and says so
 * ({@link Player.Stop#BUDGET}). The server's budget counts the steps, the
 * CPU time and the memory of the session behind it; the lesson package only
 * knows that it may be told to stop.
 */
@FunctionalInterface
public interface Budget {
    /** Engine steps a long move runs between two reports. */
    int EVERY = 256;

    /** No limit: the {@code check} command, tests, and moves that only undo. */
    Budget UNLIMITED = steps -> true;

    /** Called after {@code steps} more engine steps; false: stop the move here. */
    boolean spend(long steps);

    /** How many engine steps to run before the next report: {@link #EVERY}, or fewer to end exactly at a limit. */
    default long slice() {
        return EVERY;
    }
}
