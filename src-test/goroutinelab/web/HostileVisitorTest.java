package goroutinelab.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import goroutinelab.lesson.LessonStore;
import goroutinelab.lesson.Previews;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One visitor trying to take the server from everyone else, over real
 * sockets: a socket that never reads its frames, many sockets from one
 * address, sockets that never load a lesson, a page on another site opening
 * sockets, a flood of previews. Each is refused or bounded, and a neighbour
 * on another address goes on stepping. (Addresses: the loopback network is
 * 127.0.0.0/8, so 127.0.0.2 and 127.0.0.3 are other clients.)
 */
class HostileVisitorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String LESSON = "goroutines-and-run-queues";
    private static final String LOAD = "{\"op\":\"load\",\"lesson\":\"" + LESSON + "\"}";

    private static WsClient loaded(App app) {
        WsClient c = WsClient.connect(app.port());
        c.send(LOAD);
        c.next("lesson");
        c.next("frame");
        return c;
    }

    private static RawWs raw(App app, RawWs.Options o) throws IOException {
        return RawWs.open(app.port(), o);
    }

    /** A raw socket that has loaded the lesson and read its first frame. */
    private static RawWs rawLoaded(App app, RawWs.Options o) throws IOException {
        RawWs r = raw(app, o);
        assertThat(r.status).as("upgrade").isEqualTo(101);
        r.send(LOAD);
        assertThat(r.next().path("type").asText()).isEqualTo("lesson");
        assertThat(r.next().path("type").asText()).isEqualTo("frame");
        return r;
    }

    private static void stepsFine(WsClient c) {
        c.send("{\"op\":\"back\",\"n\":1}");
        assertThat(c.next().path("type").asText()).isEqualTo("frame");
    }

    private static HttpResponse<String> get(App app, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Waits (at most 20 s) for a condition the server reaches on its own time. */
    private static void await(String what, java.util.function.BooleanSupplier done, Runnable meanwhile) {
        long deadline = System.currentTimeMillis() + 20_000;
        while (!done.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("not within 20 s: " + what);
            }
            meanwhile.run();
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    // ---- a servlet session per connect ----

    @Test
    void aWebSocketUpgradeCreatesNoServletSessionAndSetsNoCookie() throws Exception {
        App app = App.start(LessonStore.bundled(), "127.0.0.1", 0, Limits.defaults());
        try (RawWs r = raw(app, RawWs.Options.plain())) {
            assertThat(r.status).isEqualTo(101);
            assertThat(r.headers).doesNotContainKey("set-cookie");
            r.send(LOAD);
            assertThat(r.next().path("type").asText()).isEqualTo("lesson");
            for (String path : List.of("/", "/lessons/" + LESSON, "/author", "/health")) {
                assertThat(get(app, path).headers().firstValue("Set-Cookie")).as(path).isEmpty();
            }
        } finally {
            app.stop();
        }
    }

    // ---- cross-site sockets ----

    @Test
    void aPageFromAnotherSiteCannotOpenASocketButTheLabsOwnPagesAndNonBrowsersCan() throws Exception {
        App app = App.start(LessonStore.bundled(), "127.0.0.1", 0, Limits.defaults());
        try {
            String self = "http://127.0.0.1:" + app.port();
            for (String foreign : List.of("https://evil.example", "null", "http://localhost:" + app.port(),
                    "http://127.0.0.1:" + (app.port() + 1), "http://127.0.0.1.evil.example:" + app.port(), "garbage")) {
                try (RawWs r = raw(app, RawWs.Options.plain().header("Origin", foreign))) {
                    assertThat(r.status).as("Origin " + foreign).isEqualTo(403);
                    SecurityTest.clean("refused upgrade", r.body);
                }
            }
            try (RawWs same = rawLoaded(app, RawWs.Options.plain().header("Origin", self));
                 RawWs none = rawLoaded(app, RawWs.Options.plain())) {
                assertThat(app.sessionCount()).isEqualTo(2);
            }
        } finally {
            app.stop();
        }
    }

    @Test
    void aCourseSiteOnTheAllowListMayOpenSockets() throws Exception {
        App app = App.start(LessonStore.bundled(), "127.0.0.1", 0, Limits.defaults(),
                Access.none().withAllowedOrigins("https://course.example.edu"), false);
        try (RawWs course = rawLoaded(app, RawWs.Options.plain().header("Origin", "https://course.example.edu"));
             RawWs port = raw(app, RawWs.Options.plain().header("Origin", "https://course.example.edu:8443"));
             RawWs other = raw(app, RawWs.Options.plain().header("Origin", "https://example.edu"))) {
            assertThat(port.status).isEqualTo(403);
            assertThat(other.status).isEqualTo(403);
        } finally {
            app.stop();
        }
    }

    // ---- the idle message under a short timeout ----

    @Test
    void withAnIdleTimeoutUnderFifteenSecondsTheLabsOwnMessageStillGoesOutBeforeTheClose() {
        App app = App.start(LessonStore.bundled(), "127.0.0.1", 0, Limits.defaults().withIdleTimeoutMs(1000));
        try (WsClient idle = loaded(app)) {
            JsonNode e = idle.next();
            assertThat(e.path("code").asText()).isEqualTo("limit");
            assertThat(e.path("message").asText()).startsWith("closed after 1 s without a message");
            assertThat(idle.awaitClose(10_000)).isEqualTo(App.CLOSE_IDLE);
        } finally {
            app.stop();
        }
    }

    // ---- many sockets from one address ----

    @Test
    void oneAddressMayHoldOnlyItsShareOfSocketsAndOthersStillGetIn() throws Exception {
        App app = App.start(LessonStore.bundled(), "127.0.0.1", 0, Limits.defaults().withMaxSocketsPerClient(3));
        RawWs.Options greedy = RawWs.Options.plain().from("127.0.0.2");
        List<RawWs> mine = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                mine.add(rawLoaded(app, greedy));
            }
            try (RawWs fourth = raw(app, greedy)) {
                assertThat(fourth.status).isEqualTo(101);
                JsonNode e = fourth.next();
                assertThat(e.path("code").asText()).isEqualTo("limit");
                assertThat(e.path("message").asText()).contains("too many connections from your address (at most 3");
                assertThat(fourth.awaitClose()).isEqualTo(App.CLOSE_POLICY);
            }
            try (RawWs other = rawLoaded(app, RawWs.Options.plain().from("127.0.0.3")); WsClient local = loaded(app)) {
                stepsFine(local);
                assertThat(app.sessionCount()).isEqualTo(5);
            }
            mine.remove(0).close();
            await("the closed socket leaves", () -> app.sessionCount() == 2, () -> { });
            mine.add(rawLoaded(app, greedy));
        } finally {
            mine.forEach(RawWs::close);
            app.stop();
        }
    }

    @Test
    void aForwardedForHeaderNamesTheClientOnlyWhenATrustedProxySendsIt() throws Exception {
        App app = App.start(LessonStore.bundled(), "127.0.0.1", 0, Limits.defaults().withMaxSocketsPerClient(2),
                Access.none().withTrustedProxies("127.0.0.1"), false);
        List<RawWs> open = new ArrayList<>();
        try {
            // behind the trusted proxy (127.0.0.1): each forwarded address is its own client
            RawWs.Options alice = RawWs.Options.plain().from("127.0.0.1").header("X-Forwarded-For", "10.0.0.1");
            open.add(rawLoaded(app, alice));
            open.add(rawLoaded(app, alice.header("X-Forwarded-For", "203.0.113.9, 10.0.0.1")));
            try (RawWs third = raw(app, alice)) {
                assertThat(third.next().path("message").asText()).contains("too many connections");
            }
            open.add(rawLoaded(app, alice.header("X-Forwarded-For", "10.0.0.2")));
            // anyone else's header is ignored: 127.0.0.2 is one client whatever it claims
            open.add(rawLoaded(app, RawWs.Options.plain().from("127.0.0.2").header("X-Forwarded-For", "10.0.0.3")));
            open.add(rawLoaded(app, RawWs.Options.plain().from("127.0.0.2").header("X-Forwarded-For", "10.0.0.4")));
            try (RawWs third = raw(app, RawWs.Options.plain().from("127.0.0.2").header("X-Forwarded-For", "10.0.0.5"))) {
                assertThat(third.next().path("message").asText()).contains("too many connections");
            }
        } finally {
            open.forEach(RawWs::close);
            app.stop();
        }
    }

    @Test
    void aSocketThatLoadsNoLessonSoonIsClosedWhileALoadedOneStays() throws Exception {
        App app = App.start(LessonStore.bundled(), "127.0.0.1", 0, Limits.defaults().withLoadTimeoutMs(300));
        try (WsClient student = loaded(app); RawWs silent = raw(app, RawWs.Options.plain().from("127.0.0.2"))) {
            JsonNode e = silent.next();
            assertThat(e.path("code").asText()).isEqualTo("limit");
            assertThat(e.path("message").asText()).contains("no lesson was loaded");
            assertThat(silent.awaitClose()).isEqualTo(App.CLOSE_POLICY);
            await("the silent socket leaves", () -> app.sessionCount() == 1, () -> { });
            stepsFine(student);
            assertThat(student.closeCode).isEqualTo(-1);
        } finally {
            app.stop();
        }
    }

    @Test
    void aFullServerSaysItIsNotReadyWhileItStaysAlive() throws Exception {
        App app = App.start(LessonStore.bundled(), "127.0.0.1", 0, Limits.defaults().withMaxSessions(2));
        try {
            assertThat(get(app, "/ready").statusCode()).isEqualTo(200);
            try (WsClient a = loaded(app); WsClient b = loaded(app)) {
                HttpResponse<String> ready = get(app, "/ready");
                assertThat(ready.statusCode()).isEqualTo(503);
                assertThat(JSON.readTree(ready.body()).path("ready").asText()).isEqualTo("full");
                HttpResponse<String> health = get(app, "/health");
                assertThat(health.statusCode()).isEqualTo(200);
                assertThat(JSON.readTree(health.body()).path("status").asText()).isEqualTo("ok");
                b.close();
                await("room again", () -> {
                    try {
                        return get(app, "/ready").statusCode() == 200;
                    } catch (Exception x) {
                        throw new AssertionError(x);
                    }
                }, () -> { });
            }
        } finally {
            app.stop();
        }
    }

    // ---- a reader that never reads ----

    @Test
    void aSocketThatNeverReadsStopsBeingReadAndIsClosedWhileItsNeighbourPlays(@TempDir Path dir) throws Exception {
        try (InputStream in = HostileVisitorTest.class.getResourceAsStream("/bench/thousand-goroutines.yaml")) {
            Files.write(dir.resolve("thousand-goroutines.yaml"), in.readAllBytes());
        }
        Files.copy(Path.of("lessons", LESSON + ".yaml"), dir.resolve(LESSON + ".yaml"));
        long outbox = 256 * 1024;
        Limits limits = Limits.defaults().withMaxOutboxBytes(outbox).withMaxUnreadMs(1500)
                .withMaxMessagesPerSecond(1_000_000).withMaxCpuMsPerSecond(1_000_000);
        App app = App.start(LessonStore.folder(dir), "127.0.0.1", 0, limits);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Throwable> writeFailed = new AtomicReference<>();
        AtomicLong mostUnsent = new AtomicLong();
        try (WsClient neighbour = loaded(app);
             RawWs slow = raw(app, RawWs.Options.plain().from("127.0.0.2").receiveBuffer(4096))) {
            slow.send("{\"op\":\"load\",\"lesson\":\"thousand-goroutines\"}");
            slow.send("{\"op\":\"seek\",\"step\":3000}"); // a thousand goroutines: every frame is about 200 KB
            Thread writer = new Thread(() -> {
                try {
                    while (!stop.get()) {
                        slow.send("{\"op\":\"step\",\"n\":1}");
                    }
                } catch (IOException e) {
                    writeFailed.set(e); // the server dropped the connection
                }
            }, "never-reads");
            writer.setDaemon(true);
            writer.start();
            await("the socket that never reads is closed", () -> app.sessionCount() == 1 && writeFailed.get() != null, () -> {
                mostUnsent.accumulateAndGet(app.outboxBytes(), Math::max);
                stepsFine(neighbour);
            });
            assertThat(mostUnsent.get()).as("frames waiting in the server at most").isLessThanOrEqualTo(outbox);
            stepsFine(neighbour);
        } finally {
            stop.set(true);
            app.stop();
        }
    }

    // ---- a flood of previews ----

    @Test
    void onePosterOfPreviewsChurnsOnlyItsOwnSlotsAndOtherAuthorsStillPreview() throws Exception {
        Previews previews = new Previews(10, 1 << 20, 60_000, System::currentTimeMillis);
        App app = App.start(LessonStore.bundled().withPreviews(previews), "127.0.0.1", 0,
                Limits.defaults().withMaxPreviewsPerClient(3), Access.none().withTrustedProxies("127.0.0.1"), false);
        try {
            List<String> flood = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                HttpResponse<String> r = preview(app, "10.6.6.6", AuthoringTest.LESSON);
                assertThat(r.statusCode()).as("post " + i).isEqualTo(201);
                flood.add(JSON.readTree(r.body()).path("id").asText());
            }
            assertThat(previews.size()).isEqualTo(3);
            assertThat(get(app, "/lessons/" + flood.get(0)).statusCode()).isEqualTo(404);
            assertThat(get(app, "/lessons/" + flood.get(11)).statusCode()).isEqualTo(200);
            HttpResponse<String> author = preview(app, "10.0.0.7", AuthoringTest.LESSON);
            assertThat(author.statusCode()).isEqualTo(201);
            // naming someone else's preview as "replaces" does not remove it
            HttpResponse<String> sneaky = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port()
                            + "/api/lessons/preview")).header("Content-Type", "application/json").header("X-Forwarded-For", "10.6.6.6")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("source", AuthoringTest.LESSON,
                            "replaces", JSON.readTree(author.body()).path("id").asText())))).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(sneaky.statusCode()).isEqualTo(201);
            assertThat(get(app, "/lessons/" + JSON.readTree(author.body()).path("id").asText()).statusCode()).isEqualTo(200);
        } finally {
            app.stop();
        }
    }

    private static HttpResponse<String> preview(App app, String forwardedFor, String source) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/api/lessons/preview"))
                .header("Content-Type", "application/json").header("X-Forwarded-For", forwardedFor)
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("source", source)))).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
