package goroutinelab.e2e;

import goroutinelab.lesson.LessonStore;
import goroutinelab.web.App;
import goroutinelab.web.Limits;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** The app on 127.0.0.1 and a free port (or a given one), for one test class. */
public final class LabServer implements AutoCloseable {
    public final App app;
    private final LessonStore store;
    private final Limits limits;

    private LabServer(App app, LessonStore store, Limits limits) {
        this.app = app;
        this.store = store;
        this.limits = limits;
    }

    public static LabServer start() {
        return start(LessonStore.bundled(), Limits.defaults());
    }

    public static LabServer start(LessonStore store, Limits limits) {
        return new LabServer(App.start(store, "127.0.0.1", 0, limits), store, limits);
    }

    /** The bundled lessons plus the browser tests' own (src-test/resources/e2e-lessons), from one folder. */
    public static LabServer withTestLessons() {
        return start(LessonStore.folder(testLessons()), Limits.defaults());
    }

    /** A folder holding lessons/ and the test-only lessons together, with the bundled recordings of real runs in real/. */
    public static Path testLessons() {
        try {
            Path dir = Files.createTempDirectory("goroutine-lab-lessons");
            for (Path from : new Path[]{Path.of("lessons"), Path.of("src-test", "resources", "e2e-lessons")}) {
                try (Stream<Path> s = Files.list(from)) {
                    for (Path p : s.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                        Files.copy(p, dir.resolve(p.getFileName()));
                    }
                }
            }
            Path real = Files.createDirectories(dir.resolve("real"));
            try (Stream<Path> s = Files.list(Path.of("lessons", "real"))) {
                for (Path p : s.filter(f -> f.toString().endsWith(".json")).toList()) {
                    Files.copy(p, real.resolve(p.getFileName()));
                }
            }
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops this server and starts a new one, with the same lessons, on the same port (a restart). */
    public LabServer restart() {
        int port = app.port();
        app.stop();
        return new LabServer(App.start(store, "127.0.0.1", port, limits), store, limits);
    }

    public String url(String path) {
        return "http://127.0.0.1:" + app.port() + path;
    }

    @Override
    public void close() {
        app.stop();
    }
}
