package goroutinelab.classroom;

import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Coursework rows: an assignment (lessons in order, a due date), the students
 * who opened it under a display name, and per student the first prediction at
 * each quiz and each lesson's completion. Deleting an assignment deletes them all.
 */
final class AssignmentStore {
    record Assignment(String id, String keyHash, String title, String className, List<String> lessons, String due,
                      long createdAt) {
    }

    record Student(String id, String name, long joinedAt) {
    }

    record Prediction(String student, String lesson, int quiz, int choice, long at) {
    }

    record Completion(String student, String lesson, long at) {
    }

    private final Jdbi jdbi;

    AssignmentStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    void create(Assignment a) {
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO assignments (id, key_hash, title, class_name, lessons, due, created_at) "
                        + "VALUES (:id, :key, :title, :cls, :lessons, :due, :now)")
                .bind("id", a.id()).bind("key", a.keyHash()).bind("title", a.title()).bind("cls", a.className())
                .bind("lessons", String.join(",", a.lessons())).bind("due", a.due()).bind("now", a.createdAt())
                .execute());
    }

    Optional<Assignment> find(String id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT id, key_hash, title, class_name, lessons, due, created_at "
                        + "FROM assignments WHERE id = :id")
                .bind("id", id)
                .map((rs, ctx) -> new Assignment(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        Arrays.asList(rs.getString(5).split(",")), rs.getString(6), rs.getLong(7)))
                .findOne());
    }

    /** Adds a student, or renames one who is already in. */
    void join(String assignment, String student, String name, long now) {
        jdbi.useTransaction(h -> {
            int n = h.createUpdate("UPDATE assignment_students SET name = :name WHERE assignment = :a AND student = :s")
                    .bind("name", name).bind("a", assignment).bind("s", student).execute();
            if (n == 0) {
                h.createUpdate("INSERT INTO assignment_students (assignment, student, name, joined_at) VALUES (:a, :s, :name, :now)")
                        .bind("a", assignment).bind("s", student).bind("name", name).bind("now", now).execute();
            }
        });
    }

    Optional<Student> student(String assignment, String student) {
        return jdbi.withHandle(h -> h.createQuery("SELECT student, name, joined_at FROM assignment_students "
                        + "WHERE assignment = :a AND student = :s")
                .bind("a", assignment).bind("s", student)
                .map((rs, ctx) -> new Student(rs.getString(1), rs.getString(2), rs.getLong(3))).findOne());
    }

    List<Student> students(String assignment) {
        return jdbi.withHandle(h -> h.createQuery("SELECT student, name, joined_at FROM assignment_students "
                        + "WHERE assignment = :a ORDER BY joined_at, student")
                .bind("a", assignment)
                .map((rs, ctx) -> new Student(rs.getString(1), rs.getString(2), rs.getLong(3))).list());
    }

    /** Records a prediction if it is the student's first at that quiz; returns whether it was. */
    boolean predict(String assignment, String student, String lesson, int quiz, int choice, long now) {
        try {
            jdbi.useHandle(h -> h.createUpdate("INSERT INTO predictions (assignment, student, lesson, quiz, choice, at) "
                            + "VALUES (:a, :s, :lesson, :quiz, :choice, :now)")
                    .bind("a", assignment).bind("s", student).bind("lesson", lesson).bind("quiz", quiz)
                    .bind("choice", choice).bind("now", now).execute());
            return true;
        } catch (UnableToExecuteStatementException e) {
            if (RoomStore.isUniqueViolation(e)) {
                return false;
            }
            throw e;
        }
    }

    /** Records a lesson's completion (the first time only); returns whether it was new. */
    boolean complete(String assignment, String student, String lesson, long now) {
        try {
            jdbi.useHandle(h -> h.createUpdate("INSERT INTO completions (assignment, student, lesson, at) "
                            + "VALUES (:a, :s, :lesson, :now)")
                    .bind("a", assignment).bind("s", student).bind("lesson", lesson).bind("now", now).execute());
            return true;
        } catch (UnableToExecuteStatementException e) {
            if (RoomStore.isUniqueViolation(e)) {
                return false;
            }
            throw e;
        }
    }

    List<Prediction> predictions(String assignment) {
        return jdbi.withHandle(h -> h.createQuery("SELECT student, lesson, quiz, choice, at FROM predictions "
                        + "WHERE assignment = :a ORDER BY lesson, quiz, at, student")
                .bind("a", assignment)
                .map((rs, ctx) -> new Prediction(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getInt(4), rs.getLong(5)))
                .list());
    }

    List<Completion> completions(String assignment) {
        return jdbi.withHandle(h -> h.createQuery("SELECT student, lesson, at FROM completions WHERE assignment = :a "
                        + "ORDER BY lesson, at, student")
                .bind("a", assignment)
                .map((rs, ctx) -> new Completion(rs.getString(1), rs.getString(2), rs.getLong(3))).list());
    }

    /** Deletes an assignment and every record of it; returns whether there was one. */
    boolean delete(String id) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM assignments WHERE id = :id").bind("id", id).execute()) > 0;
    }

    /** Deletes assignments whose due date is before the given one (YYYY-MM-DD); returns how many. */
    int deleteDueBefore(String date) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM assignments WHERE due < :d").bind("d", date).execute());
    }
}
