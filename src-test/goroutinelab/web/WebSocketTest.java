package goroutinelab.web;

import com.fasterxml.jackson.databind.JsonNode;
import goroutinelab.lesson.LessonStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** The protocol of spec/protocol.md against the app on a random port. */
class WebSocketTest {
    static App app;

    @BeforeAll
    static void up() {
        app = App.start(LessonStore.bundled(), "127.0.0.1", 0, Limits.defaults());
    }

    @AfterAll
    static void down() {
        app.stop();
    }

    private static WsClient loaded() {
        WsClient c = WsClient.connect(app.port());
        c.send("{\"op\":\"load\",\"lesson\":\"goroutines-and-run-queues\"}");
        JsonNode lesson = c.next("lesson");
        assertThat(lesson.path("id").asText()).isEqualTo("goroutines-and-run-queues");
        JsonNode frame = c.next("frame");
        assertThat(frame.path("step").asLong()).isZero();
        return c;
    }

    @Test
    void loadSendsTheLessonAndAFullFrame() {
        try (WsClient c = WsClient.connect(app.port())) {
            c.send("{\"op\":\"load\",\"lesson\":\"goroutines-and-run-queues\",\"lang\":\"zh\"}");
            JsonNode lesson = c.next("lesson");
            assertThat(lesson.path("title").asText()).isEqualTo("Goroutine 与运行队列");
            assertThat(lesson.path("steps").size()).isEqualTo(9);
            JsonNode frame = c.next("frame");
            assertThat(frame.at("/state/g/1/status").asText()).isEqualTo("_Grunning");
            assertThat(frame.at("/state/p/0/status").asText()).isEqualTo("_Prunning");
            assertThat(frame.path("events").size()).isZero();
        }
    }

    @Test
    void stepNextBackSeekAndResetMoveTheRun() {
        try (WsClient c = loaded()) {
            c.send("{\"op\":\"step\",\"n\":3}");
            JsonNode f = c.next("frame");
            assertThat(f.path("step").asLong()).isEqualTo(3);
            assertThat(f.path("events").size()).isEqualTo(3);
            JsonNode first = f.path("events").get(0);
            assertThat(first.path("kind").asText()).isEqualTo("newproc");
            assertThat(first.path("fn").asText()).isEqualTo("runtime.newproc");
            assertThat(first.path("src").asText()).isEqualTo("runtime/proc.go");
            assertThat(first.path("text").asText()).contains("newproc creates G2");

            c.send("{\"op\":\"back\",\"n\":2}");
            f = c.next("frame");
            assertThat(f.path("step").asLong()).isEqualTo(1);
            assertThat(f.path("events").size()).isZero();
            assertThat(f.at("/state/g/2/status").asText()).isEqualTo("_Grunnable");

            c.send("{\"op\":\"seek\",\"step\":9}");
            f = c.next("frame");
            assertThat(f.path("step").asLong()).isEqualTo(9);
            assertThat(f.at("/state/m/0/curg").asInt()).isEqualTo(4);

            c.send("{\"op\":\"reset\"}");
            f = c.next("frame");
            assertThat(f.path("step").asLong()).isZero();

            c.send("{\"op\":\"next\"}");
            f = c.next("frame");
            assertThat(f.at("/script/index").asInt()).isEqualTo(1);
            assertThat(f.at("/script/atEnd").asBoolean()).isTrue();
            c.send("{\"op\":\"next\"}");
            f = c.next("frame");
            assertThat(f.at("/script/index").asInt()).isEqualTo(2);
            assertThat(f.at("/state/g/2/status").asText()).isEqualTo("_Grunnable");
        }
    }

    @Test
    void badMessagesGetTypedErrorsAndTheSessionGoesOn() {
        try (WsClient c = WsClient.connect(app.port())) {
            c.send("{\"op\":\"next\"}");
            assertThat(c.next("error").path("code").asText()).isEqualTo("not_loaded");
            c.send("{\"op\":\"load\",\"lesson\":\"no-such-lesson\"}");
            assertThat(c.next("error").path("code").asText()).isEqualTo("no_lesson");
            c.send("{\"op\":\"load\",\"lesson\":\"goroutines-and-run-queues\"}");
            c.next("frame");
            c.send("{nope");
            assertThat(c.next("error").path("code").asText()).isEqualTo("bad_json");
            c.send("[1,2]");
            assertThat(c.next("error").path("code").asText()).isEqualTo("bad_request");
            c.send("{\"op\":\"dance\"}");
            JsonNode e = c.next("error");
            assertThat(e.path("code").asText()).isEqualTo("bad_request");
            assertThat(e.path("message").asText()).contains("unknown op 'dance'");
            c.send("{\"op\":\"step\",\"n\":-4}");
            assertThat(c.next("error").path("code").asText()).isEqualTo("bad_request");
            c.send("{\"op\":\"step\",\"n\":\"many\"}");
            assertThat(c.next("error").path("code").asText()).isEqualTo("bad_request");
            c.send("{\"op\":\"step\",\"n\":99999999999}");
            assertThat(c.next("error").path("code").asText()).isEqualTo("limit");
            c.send("{\"op\":\"inject\",\"signal\":\"SIGFOO\"}");
            assertThat(c.next("error").path("message").asText()).contains("unknown signal 'SIGFOO'");
            c.send("{\"op\":\"load\",\"lesson\":\"x\",\"pad\":\"" + "a".repeat(20_000) + "\"}");
            assertThat(c.next("error").path("code").asText()).isEqualTo("limit");
            c.sendBinary(new byte[]{1, 2, 3});
            assertThat(c.next("error").path("code").asText()).isEqualTo("bad_request");
            // still fine
            c.send("{\"op\":\"step\",\"n\":1}");
            assertThat(c.next("frame").path("step").asLong()).isEqualTo(1);
        }
    }

    @Test
    void aHistoryTokenRebuildsTheSameRunInANewSession() {
        JsonNode before;
        String history;
        try (WsClient c = loaded()) {
            c.send("{\"op\":\"step\",\"n\":4}");
            c.next("frame");
            c.send("{\"op\":\"inject\",\"go\":\"worker\"}");
            assertThat(c.next("frame").path("fork").asLong()).isEqualTo(4);
            c.send("{\"op\":\"step\",\"n\":6}");
            before = c.next("frame");
            history = before.path("history").asText();
            assertThat(history).startsWith("f1.").matches("f1\\.[0-9a-f]{8}\\.4\\.[0-9]+\\.4o:worker");
        }
        try (WsClient c = WsClient.connect(app.port())) {
            c.send("{\"op\":\"load\",\"lesson\":\"goroutines-and-run-queues\",\"history\":\"" + history
                    + "\",\"step\":" + before.path("step").asLong() + "}");
            c.next("lesson");
            JsonNode after = c.next("frame");
            assertThat(after.path("step")).isEqualTo(before.path("step"));
            assertThat(after.path("script")).isEqualTo(before.path("script"));
            assertThat(after.path("state")).isEqualTo(before.path("state"));
            c.send("{\"op\":\"load\",\"lesson\":\"goroutines-and-run-queues\",\"history\":\""
                    + history.replace("4o:worker", "4o:nobody") + "\"}");
            assertThat(c.next("error").path("message").asText()).contains("unknown function 'nobody'");
        }
    }

    @Test
    void tooManyMessagesASecondAreRefused() {
        try (WsClient c = loaded()) {
            for (int i = 0; i < 80; i++) {
                c.send("{\"op\":\"back\",\"n\":1}");
            }
            int limited = 0;
            for (int i = 0; i < 80; i++) {
                JsonNode m = c.next();
                if ("limit".equals(m.path("code").asText())) {
                    limited++;
                }
            }
            assertThat(limited).isGreaterThan(0);
        }
    }

    @Test
    void pagesAndHealth() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> home = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(home.statusCode()).isEqualTo(200);
        assertThat(home.body()).contains("data-testid=\"lesson-goroutines-and-run-queues\"");
        assertThat(home.headers().firstValue("Content-Security-Policy").orElse("")).contains("script-src 'self'");
        HttpResponse<String> missing = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/lessons/..%2F..%2Fetc")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(missing.statusCode()).isEqualTo(404);
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.body()).contains("\"status\":\"ok\"");
        HttpResponse<String> d3 = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/webjars/d3/7.9.0/dist/d3.min.js")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(d3.statusCode()).isEqualTo(200);
    }
}
