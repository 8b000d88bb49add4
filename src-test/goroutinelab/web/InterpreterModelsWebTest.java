package goroutinelab.web;

import com.fasterxml.jackson.databind.JsonNode;
import goroutinelab.lesson.LessonStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Lessons under model cpython and compare play over the WebSocket like Go lessons. */
class InterpreterModelsWebTest {
    static App app;

    @BeforeAll
    static void up() {
        app = App.start(LessonStore.bundled(), "127.0.0.1", 0, Limits.defaults());
    }

    @AfterAll
    static void down() {
        app.stop();
    }

    @Test
    void aCpythonLessonSendsTheInterpreterState() {
        try (WsClient c = WsClient.connect(app.port())) {
            c.send("{\"op\":\"load\",\"lesson\":\"signals-in-the-interpreter\"}");
            assertThat(c.next("lesson").path("model").asText()).isEqualTo("cpython");
            JsonNode frame = c.next("frame");
            assertThat(frame.at("/state/cpython/gil/holder").asInt()).isEqualTo(1);
            c.send("{\"op\":\"next\"}");
            c.send("{\"op\":\"next\"}");
            JsonNode f = c.next("frame");
            while (f.path("events").size() == 0) {
                f = c.next("frame");
            }
            JsonNode e = f.path("events").get(0);
            assertThat(e.path("kind").asText()).isEqualTo("signal_signal");
            assertThat(e.path("fn").asText()).isEqualTo("signal_signal_impl");
            assertThat(e.path("src").asText()).isEqualTo("Modules/signalmodule.c");
            assertThat(e.path("thread").asInt()).isEqualTo(1);
        }
    }

    @Test
    void aCompareLessonSendsBothSidesAndTagsEvents() {
        try (WsClient c = WsClient.connect(app.port())) {
            c.send("{\"op\":\"load\",\"lesson\":\"interpreter-vs-runtime\",\"lang\":\"zh\"}");
            assertThat(c.next("lesson").path("model").asText()).isEqualTo("compare");
            JsonNode frame = c.next("frame");
            assertThat(frame.at("/state/go/g/1/status").asText()).isEqualTo("_Grunning");
            assertThat(frame.at("/state/cpython/threads/1/state").asText()).isEqualTo("running");
            c.send("{\"op\":\"step\",\"n\":4}");
            JsonNode f = c.next("frame");
            assertThat(f.path("events").size()).isEqualTo(4);
            for (JsonNode e : f.path("events")) {
                assertThat(e.path("side").asText()).isIn("go", "cpython");
                assertThat(e.path("text").asText()).matches("(Go|CPython)：.*");
            }
        }
    }
}
