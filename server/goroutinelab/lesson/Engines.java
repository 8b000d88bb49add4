package goroutinelab.lesson;

import goroutinelab.engine.CheckedEngine;
import goroutinelab.engine.Engine;
import goroutinelab.engine.RuntimeConfig;
import goroutinelab.engine.compare.CompareEngine;
import goroutinelab.engine.cpython.Interpreter;
import goroutinelab.engine.runtime.GoRuntime;

import java.util.function.Supplier;

/** Builds the engine a lesson's model asks for: the one place an engine is made. */
public final class Engines {
    /** Whether engines made on this thread check their invariants after every step (see {@link #withInvariantChecks}). */
    private static final ThreadLocal<Boolean> CHECKED = ThreadLocal.withInitial(() -> false);

    /**
     * How many steps a checked engine takes between checks of its invariants;
     * it still names the step that broke one ({@link CheckedEngine#every}).
     */
    static final int CHECK_EVERY = 1024;

    private Engines() {
    }

    public static Engine create(Lesson lesson, RuntimeConfig cfg) {
        Engine e = switch (lesson.model()) {
            case GO -> new GoRuntime(lesson.program(), cfg);
            case CPYTHON -> new Interpreter(lesson.program(), cfg);
            case COMPARE -> new CompareEngine(lesson.program(), cfg);
        };
        return CHECKED.get() ? CheckedEngine.every(e, CHECK_EVERY) : e;
    }

    /**
     * Runs {@code body} with every engine it makes on this thread checking the
     * engine's invariants after every step ({@link CheckedEngine}): how
     * {@code check} and the lesson tests play.
     */
    public static <T> T withInvariantChecks(Supplier<T> body) {
        boolean was = CHECKED.get();
        CHECKED.set(true);
        try {
            return body.get();
        } finally {
            CHECKED.set(was);
        }
    }
}
