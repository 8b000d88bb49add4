package goroutinelab.classroom;

import com.fasterxml.jackson.databind.JsonNode;
import goroutinelab.web.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Safe by default: only the key drives a room or reads its answers; POSTs from
 * other sites are refused; answers are rate-limited; a room expires after its
 * idle time and takes only its size; an unknown, expired or full room gets a
 * plain page, never a trace; names are limited and never shown to other students.
 */
class ClassroomSecurityTest {
    static final AtomicLong NOW = new AtomicLong(1_000_000);
    static ClassroomServer server;

    @BeforeAll
    static void up() {
        server = ClassroomServer.start(Database.memory(), new Classroom.Options(60_000, 3), NOW::get);
    }

    @AfterAll
    static void down() {
        server.close();
    }

    @Test
    void withoutTheKeyNothingDrivesARoomOrReadsItsAnswers() {
        JsonNode room = server.createRoom();
        String code = room.get("code").asText();
        String pos = "{\"position\":" + ClassroomServer.position(5, 1) + "}";
        for (String key : new String[]{null, "not-the-key", room.get("key").asText() + "x"}) {
            assertThat(server.get("/api/rooms/" + code + "/answers", key).statusCode()).isEqualTo(403);
            assertThat(server.post("/api/rooms/" + code + "/position", pos, key).statusCode()).isEqualTo(403);
            assertThat(server.post("/api/rooms/" + code + "/quiz", "{\"quiz\":3}", key).statusCode()).isEqualTo(403);
            assertThat(server.post("/api/rooms/" + code + "/reveal", "{}", key).statusCode()).isEqualTo(403);
        }
        try (WsClient wrong = WsClient.connect(server.port(), "/ws/room/" + code)) {
            wrong.send("{\"type\":\"hello\",\"key\":\"guess\"}");
            assertThat(wrong.next("error").path("code").asText()).isEqualTo("forbidden");
            assertThat(wrong.awaitClose(5000)).isEqualTo(RoomHub.CLOSE_FORBIDDEN);
        }
        try (WsClient student = server.student(room, "student-token-sec-move")) {
            student.send("{\"type\":\"move\",\"position\":" + ClassroomServer.position(9, 1) + "}");
            assertThat(student.next("error").path("code").asText()).isEqualTo("forbidden");
            student.send("{\"type\":\"reveal\"}");
            assertThat(student.next("error").path("code").asText()).isEqualTo("forbidden");
        }
        assertThat(server.post("/api/rooms/" + code + "/position", pos, room.get("key").asText()).statusCode()).isEqualTo(200);
    }

    @Test
    void postsFromAnotherSiteOrNotAsJsonAreRefused() {
        String body = "{\"lesson\":\"" + ClassroomServer.LESSON + "\"}";
        HttpResponse<String> evil = server.post("/api/rooms", body, null, "Origin", "https://evil.example");
        assertThat(evil.statusCode()).isEqualTo(403);
        assertThat(evil.body()).contains("cross_site");
        assertThat(server.post("/api/rooms", body, null, "Sec-Fetch-Site", "cross-site").statusCode()).isEqualTo(403);
        assertThat(server.post("/api/assignments", "{}", null, "Origin", "https://evil.example").statusCode()).isEqualTo(403);
        assertThat(server.post("/api/rooms", body, null, "Origin", server.url("")).statusCode()).as("same origin").isEqualTo(201);
        HttpResponse<String> form = ClassroomServer.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(server.url("/api/rooms")))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("lesson=" + ClassroomServer.LESSON)).build());
        assertThat(form.statusCode()).as("a form post").isEqualTo(415);
    }

    @Test
    void aStudentsAnswersAreRateLimited() {
        JsonNode room = server.createRoom();
        String key = room.get("key").asText();
        server.post("/api/rooms/" + room.get("code").asText() + "/position", "{\"position\":" + ClassroomServer.position(9, 3) + "}", key);
        try (WsClient s = server.student(room, "student-token-sec-rate")) {
            int limited = 0;
            for (int i = 0; i < 6; i++) {
                s.send("{\"type\":\"answer\",\"quiz\":3,\"choice\":" + (i % 3) + "}");
                JsonNode m = s.next();
                while (!m.path("type").asText().equals("answered") && !m.path("type").asText().equals("error")) {
                    m = s.next();
                }
                if ("limit".equals(m.path("code").asText())) {
                    limited++;
                }
            }
            assertThat(limited).as("answers past the burst of 3 are refused").isEqualTo(3);
        }
    }

    @Test
    void aFullRoomRefusesTheNextStudentWithAPlainPage() {
        JsonNode room = server.createRoom();
        String code = room.get("code").asText();
        try (WsClient a = server.student(room, "student-token-full-a");
             WsClient b = server.student(room, "student-token-full-b");
             WsClient c = server.student(room, "student-token-full-c");
             WsClient d = WsClient.connect(server.port(), "/ws/room/" + code)) {
            d.send("{\"type\":\"hello\",\"student\":\"student-token-full-d\"}");
            assertThat(d.next("error").path("code").asText()).isEqualTo("full");
            assertThat(d.awaitClose(5000)).isEqualTo(RoomHub.CLOSE_FULL);
            try (WsClient again = server.student(room, "student-token-full-a")) {
                assertThat(again.next("position")).as("a student already in comes back").isNotNull();
            }
        }
        HttpResponse<String> page = server.get("/r/" + code + "/full", null);
        assertThat(page.statusCode()).isEqualTo(409);
        assertThat(page.body()).contains("This class is full").doesNotContain("Exception", "at goroutinelab");
    }

    @Test
    void anUnknownCodeGetsAPlainPage() {
        for (String code : new String[]{"ZZZZZZ", "nope", "%3Cscript%3E"}) {
            HttpResponse<String> page = server.get("/r/" + code, null);
            assertThat(page.statusCode()).isEqualTo(404);
            assertThat(page.body()).contains("No class with this code").doesNotContain("<script>", "Exception", "at goroutinelab");
        }
        try (WsClient s = WsClient.connect(server.port(), "/ws/room/ZZZZZZ")) {
            s.send("{\"type\":\"hello\",\"student\":\"student-token-unknown\"}");
            assertThat(s.next("error").path("code").asText()).isEqualTo("no_room");
            assertThat(s.awaitClose(5000)).isEqualTo(RoomHub.CLOSE_NO_ROOM);
        }
    }

    @Test
    void aRoomExpiresAfterItsIdleTime() {
        JsonNode room = server.createRoom();
        String code = room.get("code").asText();
        HttpResponse<String> open = server.get("/r/" + code, null);
        // a live class: the student link opens the lesson player in follow mode
        assertThat(open.statusCode()).isEqualTo(302);
        assertThat(open.headers().firstValue("Location").orElse("")).startsWith("/lessons/" + ClassroomServer.LESSON + "?room=" + code);
        NOW.addAndGet(61_000);
        try {
            HttpResponse<String> page = server.get("/r/" + code, null);
            assertThat(page.statusCode()).isEqualTo(410);
            assertThat(page.body()).contains("This class has ended");
            try (WsClient s = WsClient.connect(server.port(), "/ws/room/" + code)) {
                s.send("{\"type\":\"hello\",\"student\":\"student-token-expired\"}");
                assertThat(s.next("error").path("code").asText()).isEqualTo("expired");
                assertThat(s.awaitClose(5000)).isEqualTo(RoomHub.CLOSE_EXPIRED);
            }
            HttpResponse<String> move = server.post("/api/rooms/" + code + "/position",
                    "{\"position\":" + ClassroomServer.position(5, 1) + "}", room.get("key").asText());
            assertThat(move.statusCode()).isEqualTo(410);
        } finally {
            NOW.addAndGet(-61_000);
        }
    }

    @Test
    void namesAreLimitedAndNeverShownToOtherStudents() {
        HttpResponse<String> created = server.post("/api/assignments", "{\"title\":\"Week 1\",\"lessons\":[\""
                + ClassroomServer.LESSON + "\"],\"due\":\"2026-12-01\"}", null);
        assertThat(created.statusCode()).isEqualTo(201);
        String id = ClassroomServer.parse(created.body()).get("id").asText();
        String tooLong = "x".repeat(AssignmentApi.MAX_NAME_CHARS + 1);
        assertThat(server.post("/api/assignments/" + id + "/students", "{\"name\":\"" + tooLong + "\"}", null,
                "X-Student-Token", "student-token-name-a").statusCode()).isEqualTo(400);
        assertThat(server.post("/api/assignments/" + id + "/students", "{\"name\":\"  \"}", null,
                "X-Student-Token", "student-token-name-a").statusCode()).isEqualTo(400);
        assertThat(server.post("/api/assignments/" + id + "/students", "{\"name\":\"<img src=x onerror=alert(1)>\"}", null,
                "X-Student-Token", "student-token-name-a").statusCode()).isEqualTo(200);
        assertThat(server.post("/api/assignments/" + id + "/students", "{\"name\":\"Bo\"}", null,
                "X-Student-Token", "student-token-name-b").statusCode()).isEqualTo(200);
        String bSees = server.get("/api/assignments/" + id + "/me", null, "X-Student-Token", "student-token-name-b").body();
        assertThat(bSees).contains("Bo").doesNotContain("img");
        assertThat(server.get("/a/" + id, null).body()).doesNotContain("img src=x").doesNotContain("Bo<");
        assertThat(server.get("/api/assignments/" + id, null).statusCode()).as("the dashboard needs the key").isEqualTo(403);
        assertThat(server.get("/api/assignments/" + id + "/export.csv", null).statusCode()).isEqualTo(403);
        assertThat(server.delete("/api/assignments/" + id, "wrong").statusCode()).isEqualTo(403);
    }

    @Test
    void csvCellsThatASpreadsheetWouldRunAreDefused() {
        StringBuilder out = new StringBuilder();
        AssignmentApi.row(out, "=HYPERLINK(\"x\")", "plain", "a,b", "+1", "@x");
        assertThat(out.toString()).isEqualTo("\"'=HYPERLINK(\"\"x\"\")\",plain,\"a,b\",'+1,'@x\r\n");
    }
}
