package goroutinelab.classroom;

import com.fasterxml.jackson.databind.JsonNode;
import goroutinelab.web.WsClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** A server restarted on the same embedded database loses no room, answer or assignment record. */
class RestartTest {

    @Test
    void aRestartedServerKeepsRoomsAnswersAndAssignments(@TempDir Path dir) {
        ClassroomServer server = ClassroomServer.start(Database.embedded(dir));
        JsonNode room = server.createRoom();
        String code = room.get("code").asText();
        String key = room.get("key").asText();
        String id;
        try (WsClient teacher = server.instructor(room); WsClient s = server.student(room, "student-token-restart-1")) {
            teacher.send("{\"type\":\"move\",\"position\":" + ClassroomServer.position(150, 3) + "}");
            s.next("quiz");
            JsonNode q = s.next("quiz");
            assertThat(q.path("quiz").asInt()).isEqualTo(3);
            s.send("{\"type\":\"answer\",\"quiz\":3,\"choice\":2}");
            s.next("answered");
            id = ClassroomServer.parse(server.post("/api/assignments", "{\"title\":\"Week 2\",\"lessons\":[\""
                    + ClassroomServer.LESSON + "\"],\"due\":\"2026-12-01\"}", null).body()).get("id").asText();
            server.post("/api/assignments/" + id + "/students", "{\"name\":\"Ana\"}", null, "X-Student-Token", "student-token-restart-1");
            server.post("/api/assignments/" + id + "/records", "{\"lesson\":\"" + ClassroomServer.LESSON + "\",\"kind\":\"completion\"}",
                    null, "X-Student-Token", "student-token-restart-1");

            server = server.restart(() -> Database.embedded(dir));
            assertThat(s.awaitClose(5000)).as("the student's socket is told the server restarts").isEqualTo(1012);
        }
        try (ClassroomServer again = server; WsClient back = again.student(room, "student-token-restart-1")) {
            assertThat(back.next("position").path("position").path("step").asLong()).isEqualTo(150);
            JsonNode q = back.next("quiz");
            assertThat(q.path("quiz").asInt()).isEqualTo(3);
            assertThat(q.path("mine").asInt()).as("the student's answer is still theirs").isEqualTo(2);
            JsonNode answers = ClassroomServer.parse(again.get("/api/rooms/" + code + "/answers", key).body());
            assertThat(answers.path("answers")).hasSize(1);
            JsonNode dash = ClassroomServer.parse(again.get("/api/assignments/" + id, null).body());
            assertThat(dash.path("error").asText()).isEqualTo("forbidden");
            String me = again.get("/api/assignments/" + id + "/me", null, "X-Student-Token", "student-token-restart-1").body();
            assertThat(me).contains("Ana").contains("\"completed\":true");
        }
    }
}
