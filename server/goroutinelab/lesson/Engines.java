package goroutinelab.lesson;

import goroutinelab.engine.Engine;
import goroutinelab.engine.RuntimeConfig;
import goroutinelab.engine.compare.CompareEngine;
import goroutinelab.engine.cpython.Interpreter;
import goroutinelab.engine.runtime.GoRuntime;

/** Builds the engine a lesson's model asks for. */
public final class Engines {
    private Engines() {
    }

    public static Engine create(Lesson lesson, RuntimeConfig cfg) {
        return switch (lesson.model()) {
            case GO -> new GoRuntime(lesson.program(), cfg);
            case CPYTHON -> new Interpreter(lesson.program(), cfg);
            case COMPARE -> new CompareEngine(lesson.program(), cfg);
        };
    }
}
