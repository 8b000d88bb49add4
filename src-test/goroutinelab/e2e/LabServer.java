package goroutinelab.e2e;

import goroutinelab.lesson.LessonStore;
import goroutinelab.web.App;
import goroutinelab.web.Limits;

/** The app on 127.0.0.1 and a free port, for one test class. */
public final class LabServer implements AutoCloseable {
    public final App app;

    private LabServer(App app) {
        this.app = app;
    }

    public static LabServer start() {
        return start(LessonStore.bundled(), Limits.defaults());
    }

    public static LabServer start(LessonStore store, Limits limits) {
        return new LabServer(App.start(store, "127.0.0.1", 0, limits));
    }

    public String url(String path) {
        return "http://127.0.0.1:" + app.port() + path;
    }

    @Override
    public void close() {
        app.stop();
    }
}
