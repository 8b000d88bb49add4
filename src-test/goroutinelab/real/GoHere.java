package goroutinelab.real;

import goroutinelab.lesson.Lesson;
import goroutinelab.lesson.LessonLoader;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The Go toolchain for the tests that build and run: found once, with a
 * build cache of the tests' own under target/. A test that needs it is
 * skipped, saying so, on a machine without Go (CI installs golang-go).
 */
final class GoHere {
    static final Path CACHE = Path.of("target", "real-test-cache").toAbsolutePath();
    private static GoToolchain go;
    private static String missing;

    private GoHere() {
    }

    static synchronized GoToolchain go() {
        if (go == null && missing == null) {
            try {
                Files.createDirectories(CACHE.resolve("home"));
                go = GoToolchain.find(null, CACHE);
            } catch (RealError | IOException e) {
                missing = e.getMessage();
            }
        }
        Assumptions.assumeTrue(go != null, () -> "skipped: no Go toolchain here (" + missing + "); CI installs golang-go");
        return go;
    }

    static RealRunner runner(boolean cache) throws RealError {
        go();
        return new RealRunner(RealRunner.Options.defaults().withCache(CACHE, cache).withMaxRunSeconds(30));
    }

    /** The bundled lessons that have a Go program (model go or compare). */
    static List<Path> goLessons() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("lessons"))) {
            return s.filter(goroutinelab.lesson.Course::isLessonFile).sorted().filter(p -> {
                try {
                    return LessonLoader.load(p).model() != Lesson.Model.CPYTHON;
                } catch (Exception e) {
                    throw new IllegalStateException(p + " does not load", e);
                }
            }).toList();
        }
    }

    static String lessonText(String id) throws IOException {
        return Files.readString(Path.of("lessons", id + ".yaml"));
    }

    static Lesson lesson(String id) throws Exception {
        return LessonLoader.parse(lessonText(id), "lessons/" + id + ".yaml", id);
    }
}
