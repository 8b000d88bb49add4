package goroutinelab.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import goroutinelab.classroom.Classroom;
import goroutinelab.lesson.LessonStore;
import goroutinelab.real.RealError;
import goroutinelab.real.RealTrace;
import goroutinelab.real.RecordedRuns;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A lesson's real run over HTTP: GET answers the recorded run, or 404 with a message; POST records it
 * again only where the server allows it, only from this site, only for the server's own lessons, one at
 * a time.
 */
class RealRunsTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    /** The instructor's key these servers are started with; the helpers below send it as the instructor's page does. */
    static final String KEY = "test-instructor-key-0123456789";
    private final List<App> apps = new ArrayList<>();
    @TempDir
    Path dir;

    @AfterEach
    void stopAll() {
        apps.forEach(App::stop);
    }

    private App start(LessonStore store, RealRuns.Options real) {
        App app = App.start(store, "127.0.0.1", 0, Limits.defaults(), Access.none(), false, Classroom.inMemory(store), real);
        apps.add(app);
        return app;
    }

    /** A GET as the instructor's page sends it (with the key), with extra headers. */
    private static HttpResponse<String> get(App app, String path, String... headers) throws IOException, InterruptedException {
        return getAs(app, path, KEY, headers);
    }

    /** A GET with the given key (null: none, as a student's page sends it), with extra headers. */
    private static HttpResponse<String> getAs(App app, String path, String key, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path));
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        if (headers.length > 0) {
            b.headers(headers);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A POST as the instructor's player sends it ({} as JSON, with the key), with extra headers (Origin, Sec-Fetch-Site...). */
    private static HttpResponse<String> post(App app, String path, String... headers) throws IOException, InterruptedException {
        return postAs(app, path, KEY, headers);
    }

    /** A POST with the given key (null: none), with extra headers. */
    private static HttpResponse<String> postAs(App app, String path, String key, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}"));
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        if (headers.length > 0) {
            b.headers(headers);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> r) throws IOException {
        assertThat(r.headers().firstValue("Content-Type")).as(r.body()).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        return JSON.readTree(r.body());
    }

    /** A folder with copies of bundled lessons (and their recordings where asked), plus a text of its own. */
    private LessonStore folder(Map<String, Boolean> lessonsWithRecording, Map<String, String> ownLessons) throws IOException {
        Files.createDirectories(dir.resolve("real"));
        for (var e : lessonsWithRecording.entrySet()) {
            Files.copy(Path.of("lessons", e.getKey() + ".yaml"), dir.resolve(e.getKey() + ".yaml"));
            if (e.getValue()) {
                Files.copy(Path.of("lessons", "real", e.getKey() + ".json"), dir.resolve("real").resolve(e.getKey() + ".json"));
            }
        }
        for (var e : ownLessons.entrySet()) {
            Files.writeString(dir.resolve(e.getKey() + ".yaml"), e.getValue());
        }
        return LessonStore.folder(dir);
    }

    /** Waits (at most the given seconds) for a condition the server reaches on its own time. */
    private static void await(String what, int seconds, BooleanSupplier done) throws InterruptedException {
        long deadline = System.currentTimeMillis() + seconds * 1000L;
        while (!done.getAsBoolean()) {
            assertThat(System.currentTimeMillis()).as("not within " + seconds + " s: " + what).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private static BooleanSupplier answers(App app, String path, String origin) {
        return () -> {
            try {
                HttpResponse<String> r = get(app, path);
                return r.statusCode() == 200 && origin.equals(JSON.readTree(r.body()).path("origin").asText());
            } catch (IOException | InterruptedException e) {
                throw new AssertionError(e);
            }
        };
    }

    // ---- GET ----

    @Test
    void aBundledLessonsRecordedRunIsServedAsItIsWithCacheHeaders() throws Exception {
        App app = start(LessonStore.bundled(), RealRuns.Options.off());
        HttpResponse<String> r = get(app, "/api/lessons/goroutine-lifecycle/real");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = json(r);
        assertThat(body.path("lesson").asText()).isEqualTo("goroutine-lifecycle");
        assertThat(body.path("origin").asText()).isEqualTo("bundled");
        assertThat(body.path("canRecord").asBoolean(true)).isFalse();
        assertThat(body.path("run")).isEqualTo(JSON.readTree(RecordedRuns.bundledJson("goroutine-lifecycle").orElseThrow()));
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("public, max-age=600");
        String etag = r.headers().firstValue("ETag").orElseThrow();
        assertThat(get(app, "/api/lessons/goroutine-lifecycle/real", "If-None-Match", etag).statusCode()).isEqualTo(304);
    }

    @Test
    void aLessonWithoutARealRunIsA404WithAMessage() throws Exception {
        App app = start(LessonStore.bundled(), RealRuns.Options.off());
        HttpResponse<String> cpython = get(app, "/api/lessons/signals-in-the-interpreter/real");
        assertThat(cpython.statusCode()).isEqualTo(404);
        assertThat(json(cpython).path("error").asText()).isEqualTo("no_real_run");
        assertThat(json(cpython).path("message").asText()).contains("CPython interpreter only");
        for (String id : new String[]{"no-such-lesson", "Goroutine-Lifecycle", "goroutine-lifecycle.yaml", "..%2Fx"}) {
            HttpResponse<String> r = get(app, "/api/lessons/" + id + "/real");
            assertThat(r.statusCode()).as(id).isEqualTo(404);
            if (!id.contains("%")) {
                assertThat(json(r).path("error").asText()).as(id).isEqualTo("no_lesson");
            }
        }
    }

    @Test
    void aDraftFromTheAuthorPageHasNoRealRunAndIsNeverRecorded() throws Exception {
        App app = start(LessonStore.bundled(), RealRuns.Options.on(null, KEY).withRecorder(l -> {
            throw new AssertionError("a draft must never reach the recorder");
        }));
        String source = Files.readString(Path.of("lessons", "goroutine-lifecycle.yaml"));
        HttpResponse<String> p = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/api/lessons/preview"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        JSON.writeValueAsString(Map.of("source", source)))).build(), HttpResponse.BodyHandlers.ofString());
        String draft = JSON.readTree(p.body()).path("id").asText();
        assertThat(draft).startsWith("preview-");
        HttpResponse<String> r = get(app, "/api/lessons/" + draft + "/real");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(json(r).path("message").asText()).contains("draft from the author page");
        HttpResponse<String> rec = post(app, "/api/lessons/" + draft + "/real");
        assertThat(rec.statusCode()).isEqualTo(403);
        assertThat(json(rec).path("message").asText()).contains("draft from the author page");
    }

    @Test
    void aFolderLessonIsServedItsOwnRecordingAndOneNeverRecordedIsA404() throws Exception {
        App app = start(folder(Map.of("goroutine-lifecycle", true, "work-stealing", false), Map.of()), RealRuns.Options.off());
        HttpResponse<String> r = get(app, "/api/lessons/goroutine-lifecycle/real");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r).path("origin").asText()).isEqualTo("folder");
        assertThat(r.headers().firstValue("Cache-Control")).as("the folder's file may change").hasValue("no-cache");
        HttpResponse<String> never = get(app, "/api/lessons/work-stealing/real");
        assertThat(never.statusCode()).isEqualTo(404);
        assertThat(json(never).path("error").asText()).isEqualTo("no_real_run");
        assertThat(json(never).path("message").asText()).contains("no recorded real run").contains("real --record");
        // a bundled lesson's id in a folder is the folder's lesson: the bundled recording is not its
        assertThat(get(app, "/api/lessons/goroutines-and-run-queues/real").statusCode()).isEqualTo(404);
    }

    // ---- POST: refusals ----

    @Test
    void recordingAgainIsRefusedWhenTheServerDoesNotAllowIt() throws Exception {
        App app = start(LessonStore.bundled(), RealRuns.Options.off());
        HttpResponse<String> r = post(app, "/api/lessons/goroutine-lifecycle/real");
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(json(r).path("error").asText()).isEqualTo("not_enabled");
        assertThat(json(r).path("message").asText()).contains("--real-runs");
    }

    @Test
    void onlyTheInstructorsKeyRecordsAndOnlyTheInstructorIsOfferedTheButton() throws Exception {
        App app = start(LessonStore.bundled(), RealRuns.Options.on(null, KEY).withRecorder(l -> {
            throw new AssertionError("a request without the instructor's key must never reach the recorder");
        }));
        String path = "/api/lessons/goroutine-lifecycle/real";
        for (String key : new String[]{null, "", "wrong-key-0123456789abcdef", KEY + "x", KEY.substring(1)}) {
            HttpResponse<String> student = getAs(app, path, key);
            assertThat(student.statusCode()).as(key).isEqualTo(200);
            assertThat(json(student).path("canRecord").asBoolean(true)).as(key).isFalse();
            assertThat(student.headers().firstValue("Vary")).hasValueSatisfying(v -> assertThat(v).contains("Authorization"));
            HttpResponse<String> r = postAs(app, path, key);
            assertThat(r.statusCode()).as(key).isEqualTo(403);
            assertThat(json(r).path("error").asText()).isEqualTo("forbidden");
            assertThat(json(r).path("message").asText()).contains("instructor's key").contains("#record-key=");
        }
        assertThat(json(getAs(app, path, KEY)).path("canRecord").asBoolean()).isTrue();
        assertThat(json(getAs(app, path, null, "Authorization", "bearer " + KEY)).path("canRecord").asBoolean())
                .as("the scheme's case does not matter").isTrue();
    }

    @Test
    void aServerThatRecordsNeedsAKeyWorthTheName() {
        for (String bad : new String[]{null, "", "short", "has spaces in it 0123", "ключ-ключ-ключ-ключ"}) {
            assertThatThrownBy(() -> RealRuns.Options.on(null, bad)).as(String.valueOf(bad))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("recording key");
        }
        assertThat(RealRuns.Options.newKey()).hasSize(43).matches("[A-Za-z0-9_-]+").isNotEqualTo(RealRuns.Options.newKey());
        assertThat(RealRuns.Options.on(null, KEY).toString()).as("the key is not logged").doesNotContain(KEY);
    }

    @Test
    void aServerWithoutGoSaysSoAndOffersNoRecording() throws Exception {
        App app = start(LessonStore.bundled(), RealRuns.Options.on(dir.resolve("no-go-here").toString(), KEY));
        assertThat(json(get(app, "/api/lessons/goroutine-lifecycle/real")).path("canRecord").asBoolean(true)).isFalse();
        HttpResponse<String> r = post(app, "/api/lessons/goroutine-lifecycle/real");
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(json(r).path("error").asText()).isEqualTo("no_toolchain");
        assertThat(json(r).path("message").asText()).contains("no Go toolchain");
    }

    @Test
    void aRequestFromAnotherSiteIsRefusedBeforeAnythingElse() throws Exception {
        App app = start(LessonStore.bundled(), RealRuns.Options.on(null, KEY).withRecorder(l -> {
            throw new AssertionError("a cross-site request must never reach the recorder");
        }));
        String path = "/api/lessons/goroutine-lifecycle/real";
        for (String[] h : new String[][]{{"Origin", "https://evil.example"}, {"Sec-Fetch-Site", "cross-site"},
                {"Sec-Fetch-Site", "same-site", "Origin", "https://sub.example"}, {"Origin", "null"}}) {
            HttpResponse<String> r = post(app, path, h);
            assertThat(r.statusCode()).as(String.join(" ", h)).isEqualTo(403);
            assertThat(json(r).path("error").asText()).isEqualTo("cross_site");
        }
        // a form cannot send JSON without asking first, which this server never grants
        HttpResponse<String> form = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Authorization", "Bearer " + KEY)
                .POST(HttpRequest.BodyPublishers.ofString("a=1")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(form.statusCode()).isEqualTo(415);
    }

    @Test
    void onlyTheServersOwnWellFormedGoLessonsMayBeRecorded() throws Exception {
        String big = Files.readString(Path.of("lessons", "goroutine-lifecycle.yaml")).replace("id: goroutine-lifecycle", "id: big")
                + "# " + "x".repeat(600_000) + "\n";
        App app = start(folder(Map.of("goroutine-lifecycle", true, "signals-in-the-interpreter", false), Map.of("big", big)),
                RealRuns.Options.on(null, KEY).withRecorder(l -> {
                    throw new AssertionError("refused lessons must never reach the recorder: " + l.lesson().id());
                }));
        for (String forged : new String[]{"GOROUTINE-LIFECYCLE", "goroutine-lifecycle.yaml", "no-such-lesson", "big", "..%2Fx",
                "%2e%2e", "a".repeat(65)}) {
            HttpResponse<String> r = post(app, "/api/lessons/" + forged + "/real");
            assertThat(r.statusCode()).as(forged).isIn(400, 403, 404);
            if (r.statusCode() == 403) {
                assertThat(json(r).path("error").asText()).as(forged).isEqualTo("refused");
            }
        }
        assertThat(json(post(app, "/api/lessons/big/real")).path("message").asText()).contains("does not load");
        HttpResponse<String> cpython = post(app, "/api/lessons/signals-in-the-interpreter/real");
        assertThat(cpython.statusCode()).isEqualTo(422);
        assertThat(json(cpython).path("message").asText()).contains("CPython");
    }

    // ---- POST: recording ----

    @Test
    void aRecordingRunsInTheBackgroundOneAtATimeAndIsThenServed() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        RealTrace canned = RecordedRuns.bundled("work-stealing").orElseThrow();
        App app = start(folder(Map.of("goroutine-lifecycle", true, "work-stealing", false), Map.of()),
                RealRuns.Options.on(null, KEY).withRecorder(l -> {
                    try {
                        assertThat(release.await(30, TimeUnit.SECONDS)).isTrue();
                    } catch (InterruptedException e) {
                        throw new RealError(RealError.Kind.RUN_FAILED, "interrupted");
                    }
                    if (l.lesson().id().equals("goroutine-lifecycle")) {
                        throw new RealError(RealError.Kind.RUN_FAILED, "the real run of goroutine-lifecycle exited with status 2");
                    }
                    return canned;
                }));
        assertThat(json(get(app, "/api/lessons/work-stealing/real")).path("canRecord").asBoolean()).isTrue();
        HttpResponse<String> started = post(app, "/api/lessons/work-stealing/real");
        assertThat(started.statusCode()).isEqualTo(202);
        assertThat(json(started).path("recording").path("state").asText()).isEqualTo("running");
        JsonNode during = json(get(app, "/api/lessons/work-stealing/real"));
        assertThat(during.path("recording").path("state").asText()).isEqualTo("running");
        HttpResponse<String> second = post(app, "/api/lessons/goroutine-lifecycle/real");
        assertThat(second.statusCode()).isEqualTo(409);
        assertThat(json(second).path("message").asText()).contains("one lesson at a time").contains("work-stealing");
        release.countDown();
        await("the recording is served", 20, answers(app, "/api/lessons/work-stealing/real", "server"));
        JsonNode done = json(get(app, "/api/lessons/work-stealing/real"));
        assertThat(done.path("run").path("lesson").asText()).isEqualTo("work-stealing");
        assertThat(done.path("recordedAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        assertThat(done.has("recording")).isFalse();
        // a recording that fails says why, and the recording served before stays
        assertThat(post(app, "/api/lessons/goroutine-lifecycle/real").statusCode()).isEqualTo(202);
        await("the failure is reported", 20, () -> {
            try {
                return "failed".equals(JSON.readTree(get(app, "/api/lessons/goroutine-lifecycle/real").body())
                        .path("recording").path("state").asText());
            } catch (IOException | InterruptedException e) {
                throw new AssertionError(e);
            }
        });
        JsonNode failed = json(get(app, "/api/lessons/goroutine-lifecycle/real"));
        assertThat(failed.path("recording").path("message").asText()).contains("exited with status 2");
        assertThat(failed.path("origin").asText()).isEqualTo("folder");
    }

    @Test
    void aServerWithGoRecordsALessonForReal() throws Exception {
        App app = start(LessonStore.bundled(), RealRuns.Options.on(null, KEY)
                .withRuns(1, Path.of("target", "real-test-cache").toAbsolutePath()));
        JsonNode before = json(get(app, "/api/lessons/goroutine-lifecycle/real"));
        Assumptions.assumeTrue(before.path("canRecord").asBoolean(),
                "skipped: no Go toolchain here (the server cannot record); CI installs golang-go");
        assertThat(post(app, "/api/lessons/goroutine-lifecycle/real").statusCode()).isEqualTo(202);
        await("the lesson is recorded for real", 240, answers(app, "/api/lessons/goroutine-lifecycle/real", "server"));
        HttpResponse<String> r = get(app, "/api/lessons/goroutine-lifecycle/real");
        assertThat(r.headers().firstValue("Cache-Control")).as("a server that records answers no-cache").hasValue("no-cache");
        JsonNode run = json(r).path("run");
        assertThat(run.path("recorded").path("goVersion").asText()).startsWith("go1.");
        assertThat(run.path("run").path("endedBy").asText()).isEqualTo("main returned");
        assertThat(run.path("goroutines").findValuesAsText("start")).contains("runtime.bgsweep", "main.worker");
    }
}
