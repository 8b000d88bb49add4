package goroutinelab.bench;

import com.fasterxml.jackson.databind.JsonNode;
import goroutinelab.lesson.LessonStore;
import goroutinelab.web.App;
import goroutinelab.web.Limits;
import goroutinelab.web.WsClient;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A lessons folder of 3,000 lessons: how long a {@code load} over the socket
 * takes alone, and while 8 clients fetch the catalogue (/api/lessons) over and
 * over (docs/reliability.md, "A hostile visitor"). With a store that scans the
 * folder under a lock on every request, each load waited for the scans.
 *
 * <p>{@code mvn -B -q -Pbench test-compile exec:exec -Dbench.main=goroutinelab.bench.CatalogueLoad -Dbench.args=}
 */
public final class CatalogueLoad {
    private static final String LESSON = """
            format: 1
            id: ID
            title: Lesson ID
            functions:
              main:
                - go: worker
                - compute: 50us
              worker:
                - compute: 20us
            steps:
              - say: Run.
                run: {until: end}
            """;

    public static void main(String[] args) throws Exception {
        int lessons = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
        Path dir = Files.createTempDirectory("catalogue-load");
        for (int i = 0; i < lessons; i++) {
            String id = String.format("lesson-%04d", i);
            Files.writeString(dir.resolve(id + ".yaml"), LESSON.replace("ID", id));
        }
        App app = App.start(LessonStore.folder(dir), "127.0.0.1", 0, Limits.defaults());
        try (WsClient c = WsClient.connect(app.port())) {
            System.out.printf("CatalogueLoad: %d lessons; load alone: %s%n", lessons, loads(c, 100));
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong fetches = new AtomicLong();
            List<Thread> fetchers = new ArrayList<>();
            HttpClient http = HttpClient.newHttpClient();
            for (int i = 0; i < 8; i++) {
                Thread t = new Thread(() -> {
                    while (!stop.get()) {
                        try {
                            http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/api/lessons")).build(),
                                    HttpResponse.BodyHandlers.discarding());
                            fetches.incrementAndGet();
                        } catch (Exception e) {
                            return;
                        }
                    }
                }, "catalogue-" + i);
                t.start();
                fetchers.add(t);
            }
            Thread.sleep(1000);
            long f0 = fetches.get();
            long t0 = System.nanoTime();
            String during = loads(c, 100);
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf("CatalogueLoad: load while 8 clients fetch the catalogue (%.0f fetches/s): %s%n",
                    (fetches.get() - f0) / seconds, during);
            stop.set(true);
            for (Thread t : fetchers) {
                t.join(30_000);
            }
        } finally {
            app.stop();
        }
        System.exit(0);
    }

    private static String loads(WsClient c, int n) {
        long[] ns = new long[n];
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            c.send("{\"op\":\"load\",\"lesson\":\"lesson-" + String.format("%04d", i % 3000) + "\"}");
            JsonNode m;
            do {
                m = c.next();
            } while (!m.path("type").asText().equals("frame") && !m.path("type").asText().equals("error"));
            ns[i] = System.nanoTime() - t0;
            if (m.path("type").asText().equals("error")) {
                throw new IllegalStateException("load refused: " + m);
            }
            try {
                Thread.sleep(40); // within the socket's 50 messages a second
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Arrays.sort(ns);
        return String.format("p50 %.1f ms, p99 %.1f ms (%d loads)", ns[n / 2] / 1e6, ns[(int) Math.ceil(n * 0.99) - 1] / 1e6, n);
    }
}
