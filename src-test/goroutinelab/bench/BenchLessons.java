package goroutinelab.bench;

import goroutinelab.lesson.Lesson;
import goroutinelab.lesson.LessonError;
import goroutinelab.lesson.LessonLoader;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The lessons the benchmarks play, from src-test/resources/bench/. */
final class BenchLessons {
    private BenchLessons() {
    }

    /** 1,000 goroutines on 8 Ps, running for millions of steps. */
    static Lesson thousandGoroutines() {
        return load("thousand-goroutines");
    }

    static Lesson load(String id) {
        try (InputStream in = BenchLessons.class.getResourceAsStream("/bench/" + id + ".yaml")) {
            if (in == null) {
                throw new IllegalStateException("no bench lesson " + id + " on the classpath");
            }
            return LessonLoader.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "bench/" + id + ".yaml", id);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (LessonError e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
