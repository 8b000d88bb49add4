package goroutinelab.classroom;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * The broker of a single server (the embedded database): events go through one
 * thread of this process, in the order they were published.
 */
final class LocalBroker implements Broker {
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "classroom-events");
        t.setDaemon(true);
        return t;
    });
    private volatile Consumer<String> onEvent;

    @Override
    public void start(Consumer<String> onEvent, Runnable onResync) {
        this.onEvent = onEvent;
    }

    @Override
    public void publish(String event) {
        Consumer<String> to = onEvent;
        if (to != null && !thread.isShutdown()) {
            thread.execute(() -> to.accept(event));
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
