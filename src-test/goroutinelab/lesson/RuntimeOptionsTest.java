package goroutinelab.lesson;

import goroutinelab.engine.Engine;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The runtime section's backgroundGoroutines and startup options reach the engine. */
class RuntimeOptionsTest {

    private static Lesson lesson(String runtime) throws LessonError {
        return LessonLoader.parse("""
                format: 1
                id: demo
                title: Demo
                runtime: %s
                functions:
                  main:
                    - compute: 1us
                steps:
                  - say: Go.
                    run: {until: end}
                """.formatted(runtime), "lessons/demo.yaml", "demo");
    }

    @Test
    void backgroundGoroutinesTrueStartsTheProgramWithTheRuntimesOwnGoroutines() throws LessonError {
        Lesson l = lesson("{gomaxprocs: 1, backgroundGoroutines: true}");
        assertThat(l.runtime().backgroundGoroutines()).isTrue();
        Engine e = Engines.create(l, l.runtime());
        assertThat(((Map<?, ?>) e.snapshot().get("stats")).get("goroutines")).isEqualTo(5L);
        assertThat(((Map<?, ?>) ((Map<?, ?>) e.snapshot().get("g")).get("1004")).get("fn")).isEqualTo("runfinq");
    }

    @Test
    void withoutTheKeyMainIsAlone() throws LessonError {
        Lesson l = lesson("{gomaxprocs: 1}");
        assertThat(l.runtime().backgroundGoroutines()).isFalse();
        assertThat(((Map<?, ?>) Engines.create(l, l.runtime()).snapshot().get("stats")).get("goroutines")).isEqualTo(1L);
    }

    @Test
    void startupTrueBeginsTheRunBeforeAnyGoroutineAndImpliesTheBackgroundGoroutines() throws LessonError {
        Lesson l = lesson("{gomaxprocs: 1, startup: true}");
        assertThat(l.runtime().startup()).isTrue();
        assertThat(l.runtime().backgroundGoroutines()).isTrue();
        assertThat(((Map<?, ?>) Engines.create(l, l.runtime()).snapshot().get("stats")).get("goroutines")).isEqualTo(0L);
    }

    @Test
    void startupWithTheBackgroundGoroutinesTurnedOffIsRefusedAtTheKey() {
        assertThatThrownBy(() -> lesson("{gomaxprocs: 1, startup: true, backgroundGoroutines: false}"))
                .isInstanceOf(LessonError.class)
                .hasMessageContaining("backgroundGoroutines cannot be false");
    }
}
