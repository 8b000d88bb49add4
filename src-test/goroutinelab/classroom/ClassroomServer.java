package goroutinelab.classroom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import goroutinelab.lesson.LessonStore;
import goroutinelab.web.App;
import goroutinelab.web.Limits;
import goroutinelab.web.WsClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.function.LongSupplier;

/**
 * The app with a classroom on a database the test chooses, for one test
 * class: HTTP helpers for the API and room sockets that have said hello.
 */
public final class ClassroomServer implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    /** A bundled lesson with quizzes at script steps 3 (right answer 1) and 6 (right answer 2), three choices each. */
    public static final String LESSON = "goroutines-and-run-queues";

    public final App app;
    public final Classroom classroom;
    private final Database db;
    private final Classroom.Options options;
    private final LongSupplier clock;

    private ClassroomServer(Database db, Classroom.Options options, LongSupplier clock, int port) {
        this.db = db;
        this.options = options;
        this.clock = clock;
        this.classroom = Classroom.open(db, LessonStore.bundled(), options, clock);
        this.app = App.start(LessonStore.bundled(), "127.0.0.1", port, Limits.defaults(), false, classroom);
    }

    public static ClassroomServer start(Database db) {
        return new ClassroomServer(db, Classroom.Options.defaults(), System::currentTimeMillis, 0);
    }

    public static ClassroomServer start(Database db, Classroom.Options options, LongSupplier clock) {
        return new ClassroomServer(db, options, clock, 0);
    }

    /** Stops the server and starts another on the same port and database (a restart of the process). */
    public ClassroomServer restart(java.util.function.Supplier<Database> reopen) {
        int port = app.port();
        app.stop();
        db.close();
        return new ClassroomServer(reopen.get(), options, clock, port);
    }

    public int port() {
        return app.port();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + app.port() + path;
    }

    /** POST /api/rooms: {code, key, studentUrl, instructorUrl}. */
    public JsonNode createRoom() {
        HttpResponse<String> r = post("/api/rooms", "{\"lesson\":\"" + LESSON + "\"}", null);
        if (r.statusCode() != 201) {
            throw new AssertionError("creating a room: " + r.statusCode() + " " + r.body());
        }
        return parse(r.body());
    }

    public HttpResponse<String> post(String path, String json, String key, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path)))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        if (headers.length > 0) {
            b.headers(headers);
        }
        return send(b.build());
    }

    public HttpResponse<String> get(String path, String key, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path))).GET();
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        if (headers.length > 0) {
            b.headers(headers);
        }
        return send(b.build());
    }

    public HttpResponse<String> delete(String path, String key) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path))).DELETE();
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        return send(b.build());
    }

    static HttpResponse<String> send(HttpRequest r) {
        try {
            return HTTP.send(r, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonNode parse(String s) {
        try {
            return JSON.readTree(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A room socket as the instructor, after its welcome. */
    public WsClient instructor(JsonNode room) {
        WsClient c = WsClient.connect(port(), "/ws/room/" + room.get("code").asText());
        c.send("{\"type\":\"hello\",\"key\":\"" + room.get("key").asText() + "\"}");
        JsonNode w = c.next("welcome");
        if (!"instructor".equals(w.path("role").asText())) {
            throw new AssertionError("not welcomed as instructor: " + w);
        }
        return c;
    }

    /** A room socket as the student whose browser token is token, after its welcome. */
    public WsClient student(JsonNode room, String token) {
        WsClient c = WsClient.connect(port(), "/ws/room/" + room.get("code").asText());
        c.send("{\"type\":\"hello\",\"student\":\"" + token + "\"}");
        c.next("welcome");
        return c;
    }

    /** A position of the test lesson. */
    public static String position(long step, int script) {
        return "{\"lesson\":\"" + LESSON + "\",\"step\":" + step + ",\"script\":" + script + ",\"fork\":null,\"switches\":null}";
    }

    @Override
    public void close() {
        app.stop();
        db.close();
    }
}
