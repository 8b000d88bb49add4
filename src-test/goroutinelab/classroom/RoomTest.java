package goroutinelab.classroom;

import com.fasterxml.jackson.databind.JsonNode;
import goroutinelab.web.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A live class over its socket and API, on the embedded database: students
 * follow the instructor's moves, a late student lands on the current moment,
 * reaching a quiz opens it, first answers are tallied for the instructor and
 * revealed to all, a student who leaves gets no moves until they rejoin.
 */
class RoomTest {
    static ClassroomServer server;

    @BeforeAll
    static void up() {
        server = ClassroomServer.start(Database.memory());
    }

    @AfterAll
    static void down() {
        server.close();
    }

    @Test
    void createAnswersLinksAndAKeyAndTheRoomStartsAtTheLessonsStart() {
        JsonNode room = server.createRoom();
        String code = room.get("code").asText();
        assertThat(code).matches("[A-Z2-9]{6}");
        assertThat(room.get("studentUrl").asText()).endsWith("/r/" + code);
        assertThat(room.get("instructorUrl").asText()).contains("/r/" + code + "/teach#key=" + room.get("key").asText());
        try (WsClient s = server.student(room, "student-token-create-1")) {
            JsonNode p = s.next("position");
            assertThat(p.path("position").path("lesson").asText()).isEqualTo(ClassroomServer.LESSON);
            assertThat(p.path("position").path("step").asLong()).isZero();
        }
    }

    @Test
    void aStudentFollowsEveryMoveOfTheInstructor() {
        JsonNode room = server.createRoom();
        try (WsClient teacher = server.instructor(room); WsClient s = server.student(room, "student-token-follow-1")) {
            s.next("position");
            teacher.send("{\"type\":\"move\",\"position\":" + ClassroomServer.position(57, 1) + "}");
            JsonNode p = s.next("position");
            assertThat(p.path("position").path("step").asLong()).isEqualTo(57);
            assertThat(p.path("position").path("script").asInt()).isEqualTo(1);
            teacher.send("{\"type\":\"move\",\"position\":{\"lesson\":\"" + ClassroomServer.LESSON
                    + "\",\"step\":60,\"script\":1,\"fork\":\"1|g:main\",\"switches\":{\"asyncPreemption\":false}}}");
            JsonNode forked = s.next("position");
            assertThat(forked.path("position").path("fork").asText()).isEqualTo("1|g:main");
            assertThat(forked.path("position").path("switches").path("asyncPreemption").asBoolean(true)).isFalse();
            assertThat(forked.path("seq").asLong()).isGreaterThan(p.path("seq").asLong());
        }
    }

    @Test
    void aLateStudentLandsOnTheCurrentMoment() {
        JsonNode room = server.createRoom();
        try (WsClient teacher = server.instructor(room)) {
            HttpResponse<String> r = server.post("/api/rooms/" + room.get("code").asText() + "/position",
                    "{\"position\":" + ClassroomServer.position(120, 2) + "}", room.get("key").asText());
            assertThat(r.statusCode()).isEqualTo(200);
            try (WsClient late = server.student(room, "student-token-late-1")) {
                assertThat(late.next("position").path("position").path("step").asLong()).isEqualTo(120);
            }
        }
    }

    @Test
    void reachingAQuizOpensItAndFirstAnswersAreTalliedThenRevealed() {
        JsonNode room = server.createRoom();
        String code = room.get("code").asText();
        try (WsClient teacher = server.instructor(room);
             WsClient a = server.student(room, "student-token-quiz-a");
             WsClient b = server.student(room, "student-token-quiz-b");
             WsClient c = server.student(room, "student-token-quiz-c")) {
            teacher.send("{\"type\":\"move\",\"position\":" + ClassroomServer.position(200, 3) + "}");
            for (WsClient s : new WsClient[]{a, b, c}) {
                JsonNode q = s.next("quiz");
                while (q.path("quiz").isNull()) {
                    q = s.next("quiz");
                }
                assertThat(q.path("quiz").asInt()).isEqualTo(3);
                assertThat(q.path("state").asText()).isEqualTo("open");
                assertThat(q.path("choices").asInt()).isEqualTo(3);
            }
            a.send("{\"type\":\"answer\",\"quiz\":3,\"choice\":1}");
            assertThat(a.next("answered").path("first").asBoolean()).isTrue();
            a.send("{\"type\":\"answer\",\"quiz\":3,\"choice\":0}");
            JsonNode again = a.next("answered");
            assertThat(again.path("first").asBoolean()).isFalse();
            assertThat(again.path("choice").asInt()).as("the first answer stands").isEqualTo(1);
            b.send("{\"type\":\"answer\",\"quiz\":3,\"choice\":1}");
            c.send("{\"type\":\"answer\",\"quiz\":3,\"choice\":2}");
            JsonNode tally = teacher.next("tally");
            while (tally.path("answered").asInt() < 3) {
                tally = teacher.next("tally");
            }
            assertThat(tally.path("counts").toString()).isEqualTo("[0,2,1]");

            teacher.send("{\"type\":\"reveal\"}");
            JsonNode reveal = c.next("reveal");
            assertThat(reveal.path("correct").asInt()).isEqualTo(1);
            assertThat(reveal.path("counts").toString()).isEqualTo("[0,2,1]");
            c.send("{\"type\":\"answer\",\"quiz\":3,\"choice\":1}");
            assertThat(c.next("answered").path("choice").asInt()).as("after the reveal the answer stays").isEqualTo(2);

            JsonNode answers = ClassroomServer.parse(server.get("/api/rooms/" + code + "/answers", room.get("key").asText()).body());
            assertThat(answers.path("answers")).hasSize(3);
            assertThat(answers.path("tallies").path("3").path("counts").toString()).isEqualTo("[0,2,1]");
            assertThat(answers.path("tallies").path("3").path("correct").asInt()).isEqualTo(1);
        }
    }

    @Test
    void aStudentWhoLeavesGetsNoMovesUntilRejoiningThenTheCurrentOne() {
        JsonNode room = server.createRoom();
        try (WsClient teacher = server.instructor(room); WsClient s = server.student(room, "student-token-leave-1")) {
            s.next("quiz");
            s.send("{\"type\":\"follow\",\"on\":false}");
            // the server has taken the leave once it says so; only moves after that must stay away
            assertThat(s.next("following").path("on").asBoolean(true)).isFalse();
            teacher.send("{\"type\":\"move\",\"position\":" + ClassroomServer.position(40, 1) + "}");
            teacher.next("position");
            teacher.send("{\"type\":\"quiz\",\"quiz\":6}");
            // messages to one socket arrive in order: the quiz comes, and no position came before it
            JsonNode first = s.next();
            assertThat(first.path("type").asText()).isEqualTo("quiz");
            assertThat(first.path("quiz").asInt()).isEqualTo(6);
            s.send("{\"type\":\"follow\",\"on\":true}");
            assertThat(s.next().path("on").asBoolean(false)).as("the rejoin is acknowledged first").isTrue();
            JsonNode back = s.next("position");
            assertThat(back.path("position").path("step").asLong()).isEqualTo(40);
        }
    }

    @Test
    void theInstructorSeesHowManyStudentsFollow() {
        JsonNode room = server.createRoom();
        try (WsClient teacher = server.instructor(room);
             WsClient a = server.student(room, "student-token-count-a");
             WsClient b = server.student(room, "student-token-count-b")) {
            JsonNode f = teacher.next("followers");
            while (f.path("count").asInt() != 2) {
                f = teacher.next("followers");
            }
            b.close();
            f = teacher.next("followers");
            while (f.path("count").asInt() != 1) {
                f = teacher.next("followers");
            }
            assertThat(f.path("count").asInt()).isEqualTo(1);
        }
    }

    @Test
    void aPositionOfAnotherLessonOrAMalformedOneIsRefusedAndHarmsNothing() {
        JsonNode room = server.createRoom();
        try (WsClient teacher = server.instructor(room)) {
            teacher.send("{\"type\":\"move\",\"position\":{\"lesson\":\"sysmon\",\"step\":1,\"script\":0}}");
            JsonNode e = teacher.next("error");
            assertThat(e.path("code").asText()).isEqualTo("bad_request");
            assertThat(e.path("message").asText()).contains("this room's lesson");
            teacher.send("{\"type\":\"move\",\"position\":" + ClassroomServer.position(5, 99) + "}");
            assertThat(teacher.next("error").path("message").asText()).contains("position.script");
            teacher.send("not json");
            assertThat(teacher.next("error").path("code").asText()).isEqualTo("bad_json");
            teacher.send("{\"type\":\"move\",\"position\":" + ClassroomServer.position(5, 1) + "}");
            assertThat(teacher.next("position").path("position").path("step").asLong()).isEqualTo(5);
        }
    }
}
