package goroutinelab.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import goroutinelab.lesson.LessonStore;
import goroutinelab.lesson.Previews;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The author page's endpoints: validate, preview (and its bounded cache), source, the schema. */
class AuthoringTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final AtomicLong NOW = new AtomicLong(1_000_000);
    static App app;

    static final String LESSON = """
            format: 1
            id: tiny
            title: Tiny
            functions:
              main:
                - compute: 10us
            steps:
              - say: Run.
                run: {until: end}
                expect:
                  process.exited: true
            """;

    @BeforeAll
    static void up() {
        // at most 2 previews, 4 KB of text between them, each kept a minute after it was last opened
        Previews previews = new Previews(2, 4096, 60_000, NOW::get);
        app = App.start(LessonStore.bundled().withPreviews(previews), "127.0.0.1", 0, Limits.defaults());
    }

    @AfterAll
    static void down() {
        app.stop();
    }

    static HttpResponse<String> post(String path, String contentType, String body) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> postJson(String path, Map<String, Object> body) throws IOException, InterruptedException {
        return post(path, "application/json", JSON.writeValueAsString(body));
    }

    static JsonNode json(HttpResponse<String> r) throws IOException {
        return JSON.readTree(r.body());
    }

    @Test
    void validateAnswersEveryProblemWithItsLineAndColumn() throws Exception {
        HttpResponse<String> r = postJson("/api/lessons/validate", Map.of("source", LESSON.replace("10us", "10")
                .replace("until: end", "until: ednd")));
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = json(r);
        assertThat(body.get("valid").asBoolean()).isFalse();
        assertThat(body.get("problems")).hasSize(1);
        JsonNode p = body.get("problems").get(0);
        assertThat(p.get("line").asInt()).isEqualTo(6);
        assertThat(p.get("col").asInt()).isEqualTo(16);
        assertThat(p.get("message").asText()).isEqualTo("expected a duration with a unit (ns, us, ms or s) at"
                + " 'functions.main[0].compute', got 10: a number needs a unit, like 10us or 10ms");
        assertThat(p.get("kind").asText()).isEqualTo("error");
    }

    @Test
    void aValidDraftIsAlsoPlayedAndItsFailedChecksAreProblemsToo() throws Exception {
        JsonNode ok = json(postJson("/api/lessons/validate", Map.of("source", LESSON)));
        assertThat(ok.get("valid").asBoolean()).isTrue();
        assertThat(ok.get("problems")).isEmpty();
        assertThat(ok.at("/check/stepsPlayed").asInt()).isEqualTo(1);
        assertThat(ok.at("/check/expectations").asInt()).isEqualTo(1);
        assertThat(ok.at("/check/complete").asBoolean()).isTrue();

        JsonNode failing = json(postJson("/api/lessons/validate", Map.of("source", LESSON.replace("exited: true", "exited: false"))));
        assertThat(failing.get("valid").asBoolean()).isTrue();
        JsonNode p = failing.get("problems").get(0);
        assertThat(p.get("kind").asText()).isEqualTo("check");
        assertThat(p.get("line").asInt()).isEqualTo(11);
        assertThat(p.get("message").asText()).isEqualTo("step 1: process.exited: expected false, got true");
    }

    @Test
    void aNarrationOverTheLimitIsAWarningOfAValidDraft() throws Exception {
        JsonNode body = json(postJson("/api/lessons/validate", Map.of("source", LESSON.replace("say: Run.", "say: " + "Run. ".repeat(41)))));
        assertThat(body.get("valid").asBoolean()).isTrue();
        assertThat(body.get("problems")).hasSize(1);
        JsonNode p = body.get("problems").get(0);
        assertThat(p.get("kind").asText()).isEqualTo("warning");
        assertThat(p.get("line").asInt()).isEqualTo(8);
        assertThat(p.get("message").asText()).startsWith("step 1: say (en) has 41 words");
        assertThat(body.at("/check/complete").asBoolean()).isTrue();
    }

    @Test
    void requestsThatAreNotJsonOrTooLargeAreRefusedWithAReason() throws Exception {
        HttpResponse<String> text = post("/api/lessons/validate", "text/plain", LESSON);
        assertThat(text.statusCode()).isEqualTo(415);
        assertThat(json(text).get("message").asText()).contains("application/json");
        HttpResponse<String> noSource = post("/api/lessons/validate", "application/json", "{\"text\": \"x\"}");
        assertThat(noSource.statusCode()).isEqualTo(400);
        HttpResponse<String> badJson = post("/api/lessons/preview", "application/json", "{\"source\": ");
        assertThat(badJson.statusCode()).isEqualTo(400);
        assertThat(json(badJson).get("error").asText()).isEqualTo("bad_json");
        HttpResponse<String> huge = postJson("/api/lessons/validate", Map.of("source", "#".repeat(Authoring.MAX_BODY_BYTES)));
        assertThat(huge.statusCode()).isEqualTo(413);
        assertThat(json(huge).get("message").asText()).isEqualTo("the request is larger than " + Authoring.MAX_BODY_BYTES
                + " bytes: send at most that");
    }

    @Test
    void aLessonLargerThanTheLimitIsAProblemAtItsFirstLine() throws Exception {
        JsonNode body = json(postJson("/api/lessons/validate", Map.of("source", LESSON + "#" + "x".repeat(600_000) + "\n")));
        assertThat(body.at("/problems/0/line").asInt()).isEqualTo(1);
        assertThat(body.at("/problems/0/message").asText()).contains("a lesson may have at most 524288");
    }

    @Test
    void aPreviewPlaysInThePlayerAndOverTheSocketThenTheCacheIsBoundedWithAClearError() throws Exception {
        NOW.addAndGet(120_000); // forget previews from other tests
        HttpResponse<String> r = postJson("/api/lessons/preview", Map.of("source", LESSON));
        assertThat(r.statusCode()).isEqualTo(201);
        String id = json(r).get("id").asText();
        assertThat(id).startsWith("preview-").hasSize("preview-".length() + 32);
        assertThat(json(r).get("url").asText()).isEqualTo("/lessons/" + id + "?embed=1&author=1");
        assertThat(get("/lessons/" + id + "?embed=1").statusCode()).isEqualTo(200);
        try (WsClient c = WsClient.connect(app.port())) {
            c.send("{\"op\":\"load\",\"lesson\":\"" + id + "\"}");
            assertThat(c.next("lesson").path("title").asText()).isEqualTo("Tiny");
            c.next("frame");
            c.send("{\"op\":\"next\"}");
            assertThat(c.next("frame").path("ended").asBoolean()).isTrue();
        }

        // replacing keeps one preview per author
        String second = json(postJson("/api/lessons/preview", Map.of("source", LESSON, "replaces", id))).get("id").asText();
        assertThat(get("/lessons/" + id).statusCode()).isEqualTo(404);
        String third = json(postJson("/api/lessons/preview", Map.of("source", LESSON))).get("id").asText();
        HttpResponse<String> full = postJson("/api/lessons/preview", Map.of("source", LESSON));
        assertThat(full.statusCode()).isEqualTo(503);
        assertThat(json(full).get("error").asText()).isEqualTo("preview_full");
        assertThat(json(full).get("message").asText()).startsWith("the server holds as many previews as it can (2 of 2,")
                .endsWith("try again in a few minutes");

        // each is forgotten a minute after it was last opened
        NOW.addAndGet(30_000);
        assertThat(get("/lessons/" + second).statusCode()).isEqualTo(200);
        NOW.addAndGet(40_000);
        assertThat(get("/lessons/" + third).statusCode()).isEqualTo(404);
        assertThat(get("/lessons/" + second).statusCode()).isEqualTo(200);
        assertThat(postJson("/api/lessons/preview", Map.of("source", LESSON)).statusCode()).isEqualTo(201);
    }

    @Test
    void aPreviewTooLargeForTheCacheAndAnInvalidOneAreRefused() throws Exception {
        HttpResponse<String> big = postJson("/api/lessons/preview", Map.of("source", LESSON + "#" + "x".repeat(5000) + "\n"));
        assertThat(big.statusCode()).isEqualTo(503);
        assertThat(json(big).get("message").asText()).contains("a preview may hold at most 4096");
        HttpResponse<String> bad = postJson("/api/lessons/preview", Map.of("source", LESSON.replace("10us", "10")));
        assertThat(bad.statusCode()).isEqualTo(422);
        assertThat(json(bad).at("/problems/0/line").asInt()).isEqualTo(6);
        HttpResponse<String> badReplaces = postJson("/api/lessons/preview", Map.of("source", LESSON, "replaces", "../x"));
        assertThat(badReplaces.statusCode()).isEqualTo(400);
    }

    @Test
    void aPreviewIsNeverWrittenToTheLessonsFolder(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("tiny.yaml"), LESSON);
        App folder = App.start(LessonStore.folder(dir), "127.0.0.1", 0, Limits.defaults());
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + folder.port() + "/api/lessons/preview"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("source", LESSON.replace("id: tiny", "id: other")))))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(201);
            try (Stream<Path> s = Files.list(dir)) {
                assertThat(s.map(p -> p.getFileName().toString()).toList()).isEqualTo(List.of("tiny.yaml"));
            }
        } finally {
            folder.stop();
        }
    }

    @Test
    void aServedLessonsSourceAndTheSchemaCanBeFetched() throws Exception {
        HttpResponse<String> src = get("/api/lessons/goroutines-and-run-queues/source");
        assertThat(src.statusCode()).isEqualTo(200);
        assertThat(src.body()).isEqualTo(Files.readString(Path.of("lessons/goroutines-and-run-queues.yaml")));
        assertThat(get("/api/lessons/no-such-lesson/source").statusCode()).isEqualTo(404);
        HttpResponse<String> schema = get("/schema/lesson.schema.json");
        assertThat(schema.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(schema.body())).isEqualTo(JSON.readTree(Path.of("lessons/schema/lesson.schema.json").toFile()));
        HttpResponse<String> page = get("/author");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Security-Policy").orElse("")).contains("script-src 'self'");
        assertThat(page.body()).doesNotContain("<script>").doesNotContain("style=");
    }
}
