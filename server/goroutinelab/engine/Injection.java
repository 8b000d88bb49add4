package goroutinelab.engine;

/**
 * Something from outside the program: the kernel delivering a signal, the
 * learner forcing a GC or starting a goroutine, or a runtime switch flipped.
 */
public sealed interface Injection {

    /** The kernel sends {@code name} (SIGUSR1, SIGINT, ...) to the process. */
    record Signal(String name) implements Injection {}

    /** A runtime.GC() requested from outside the program (as a debugger would). */
    record ForceGc() implements Injection {}

    /** A new goroutine running {@code fn}, started by the runtime on behalf of the learner. */
    record StartGoroutine(String fn) implements Injection {}

    /** A runtime switch changed mid-run, e.g. {@code asyncPreemption=false}. */
    record SetSwitch(String name, Object value) implements Injection {}
}
