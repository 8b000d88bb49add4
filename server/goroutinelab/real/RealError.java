package goroutinelab.real;

/**
 * A real run that could not be made or did not finish: no Go toolchain, no C
 * compiler for a cgo lesson, a lesson that is not on the server's disk, a
 * build that failed, a run past its time limit. The message says what and
 * what would fix it, without paths of the machine or tool internals.
 */
public final class RealError extends Exception {
    /** What kind of refusal or failure, for a caller that answers differently (HTTP status, exit code). */
    public enum Kind { NO_TOOLCHAIN, NEEDS_C_COMPILER, NOT_RUNNABLE, REFUSED, BUILD_FAILED, RUN_FAILED, LIMIT }

    private final Kind kind;

    public RealError(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
