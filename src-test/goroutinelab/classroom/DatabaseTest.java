package goroutinelab.classroom;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stores on both engines: the embedded H2 and a throwaway PostgreSQL.
 * Rooms keep their position and quiz and count their changes; a student's
 * first answer stands; a room takes only its size in students; deleting an
 * assignment deletes its students, predictions and completions.
 */
class DatabaseTest {

    static Database open(String engine) {
        return "h2".equals(engine) ? Database.memory() : Database.open(PgCluster.freshDatabase());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void aRoomKeepsItsPositionAndQuizAndCountsItsChanges(String engine) {
        try (Database db = open(engine)) {
            RoomStore rooms = new RoomStore(db.jdbi());
            rooms.create("ABCDEF", "hash", "lesson-a", "{\"script\":0}", 1000);
            RoomStore.Room r = rooms.change("ABCDEF", 2000, cur -> new RoomStore.Room(cur.code(), cur.keyHash(), cur.lesson(),
                    "{\"script\":3}", cur.seq(), 3, "open", cur.createdAt(), cur.activeAt())).orElseThrow();
            assertThat(r.seq()).isEqualTo(2);
            assertThat(r.position()).isEqualTo("{\"script\":3}");
            assertThat(r.quiz()).isEqualTo(3);
            assertThat(r.quizState()).isEqualTo("open");
            assertThat(r.activeAt()).isEqualTo(2000);
            assertThat(rooms.find("ABCDEF").orElseThrow().seq()).isEqualTo(2);
            assertThat(rooms.change("NOROOM", 2000, cur -> cur)).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void theFirstAnswerStandsAndTheTallyCountsEachStudentOnce(String engine) {
        try (Database db = open(engine)) {
            RoomStore rooms = new RoomStore(db.jdbi());
            rooms.create("ABCDEF", "hash", "lesson-a", "{}", 1000);
            assertThat(rooms.answer("ABCDEF", 3, "s1", 1, 1000)).isEqualTo(1);
            assertThat(rooms.answer("ABCDEF", 3, "s1", 2, 1001)).as("a second answer does not replace the first").isEqualTo(1);
            assertThat(rooms.answer("ABCDEF", 3, "s2", 2, 1002)).isEqualTo(2);
            assertThat(rooms.answer("ABCDEF", 6, "s1", 0, 1003)).isEqualTo(0);
            assertThat(rooms.tally("ABCDEF", 3)).isEqualTo(Map.of(1, 1, 2, 1));
            assertThat(rooms.answers("ABCDEF")).hasSize(3);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void aRoomTakesOnlyItsSizeInStudentsAndKnowsThoseAlreadyIn(String engine) {
        try (Database db = open(engine)) {
            RoomStore rooms = new RoomStore(db.jdbi());
            rooms.create("ABCDEF", "hash", "lesson-a", "{}", 1000);
            assertThat(rooms.join("ABCDEF", "s1", 2, 1000)).isEqualTo(RoomStore.Join.JOINED);
            assertThat(rooms.join("ABCDEF", "s2", 2, 1000)).isEqualTo(RoomStore.Join.JOINED);
            assertThat(rooms.join("ABCDEF", "s3", 2, 1000)).isEqualTo(RoomStore.Join.FULL);
            assertThat(rooms.join("ABCDEF", "s1", 2, 1000)).as("a reload is not a new student").isEqualTo(RoomStore.Join.ALREADY);
            assertThat(rooms.join("NOROOM", "s1", 2, 1000)).isEqualTo(RoomStore.Join.NO_ROOM);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void idleRoomsAreDeletedWithTheirAnswers(String engine) {
        try (Database db = open(engine)) {
            RoomStore rooms = new RoomStore(db.jdbi());
            rooms.create("OLDOLD", "hash", "lesson-a", "{}", 1000);
            rooms.create("NEWNEW", "hash", "lesson-a", "{}", 5000);
            rooms.answer("OLDOLD", 1, "s1", 0, 1000);
            assertThat(rooms.idleSince(2000)).containsExactly("OLDOLD");
            assertThat(rooms.deleteIdleSince(2000)).isEqualTo(1);
            assertThat(rooms.find("OLDOLD")).isEmpty();
            assertThat(rooms.answers("OLDOLD")).isEmpty();
            assertThat(rooms.find("NEWNEW")).isPresent();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void deletingAnAssignmentDeletesEveryRecordOfIt(String engine) {
        try (Database db = open(engine)) {
            AssignmentStore a = new AssignmentStore(db.jdbi());
            a.create(new AssignmentStore.Assignment("asg1234567", "hash", "Week 3", "CS 101", List.of("l1", "l2"), "2026-12-01", 1));
            a.create(new AssignmentStore.Assignment("other12345", "hash", "Week 4", null, List.of("l1"), "2026-12-08", 1));
            a.join("asg1234567", "s1", "Ana", 1);
            a.join("asg1234567", "s1", "Ana B.", 2);
            a.join("other12345", "s1", "Ana", 1);
            assertThat(a.predict("asg1234567", "s1", "l1", 3, 1, 3)).isTrue();
            assertThat(a.predict("asg1234567", "s1", "l1", 3, 2, 4)).as("only the first prediction is kept").isFalse();
            assertThat(a.complete("asg1234567", "s1", "l1", 5)).isTrue();
            assertThat(a.complete("asg1234567", "s1", "l1", 6)).isFalse();
            a.complete("other12345", "s1", "l1", 5);
            assertThat(a.students("asg1234567")).extracting(AssignmentStore.Student::name).containsExactly("Ana B.");
            assertThat(a.find("asg1234567").orElseThrow().lessons()).containsExactly("l1", "l2");

            assertThat(a.delete("asg1234567")).isTrue();
            assertThat(a.find("asg1234567")).isEmpty();
            assertThat(a.students("asg1234567")).isEmpty();
            assertThat(a.predictions("asg1234567")).isEmpty();
            assertThat(a.completions("asg1234567")).isEmpty();
            assertThat(a.completions("other12345")).as("another assignment's records stay").hasSize(1);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void assignmentsPastTheirRetentionAreDeleted(String engine) {
        try (Database db = open(engine)) {
            AssignmentStore a = new AssignmentStore(db.jdbi());
            a.create(new AssignmentStore.Assignment("old1234567", "hash", "Old", null, List.of("l1"), "2025-01-01", 1));
            a.create(new AssignmentStore.Assignment("new1234567", "hash", "New", null, List.of("l1"), "2026-12-01", 1));
            assertThat(a.deleteDueBefore("2026-01-01")).isEqualTo(1);
            assertThat(a.find("old1234567")).isEmpty();
            assertThat(a.find("new1234567")).isPresent();
        }
    }
}
