package goroutinelab.lesson;

import goroutinelab.engine.Engine;
import goroutinelab.engine.RuntimeConfig;
import goroutinelab.engine.sched.GoRuntime;

/** Builds the engine a lesson's model asks for. */
public final class Engines {
    private Engines() {
    }

    public static Engine create(Lesson lesson, RuntimeConfig cfg) {
        return switch (lesson.model()) {
            case GO -> new GoRuntime(lesson.program(), cfg);
            case CPYTHON, COMPARE -> throw new UnsupportedOperationException(
                    "model " + lesson.model().name().toLowerCase() + " is not available yet");
        };
    }
}
