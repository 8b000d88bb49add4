package goroutinelab.classroom;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The rooms' rows: each room's current position and quiz, the browsers that
 * joined it, and their first answer to each quiz. Every change to what the
 * class sees bumps the room's {@code seq}, which orders the notifications
 * replicas receive.
 */
final class RoomStore {
    /** A room as stored. quiz is the script step whose quiz is current (null: none yet). */
    record Room(String code, String keyHash, String lesson, String position, long seq, Integer quiz, String quizState,
                long createdAt, long activeAt) {
    }

    /** One stored answer. */
    record Answer(int quiz, String student, int choice, long at) {
    }

    enum Join { JOINED, ALREADY, FULL, NO_ROOM }

    private final Jdbi jdbi;

    RoomStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    void create(String code, String keyHash, String lesson, String position, long now) {
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO rooms (code, key_hash, lesson, position, seq, quiz, quiz_state, "
                        + "created_at, active_at) VALUES (:code, :key, :lesson, :position, 1, NULL, NULL, :now, :now)")
                .bind("code", code).bind("key", keyHash).bind("lesson", lesson).bind("position", position)
                .bind("now", now).execute());
    }

    boolean exists(String code) {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM rooms WHERE code = :code")
                .bind("code", code).mapTo(Integer.class).one()) > 0;
    }

    Optional<Room> find(String code) {
        return jdbi.withHandle(h -> find(h, code, false));
    }

    private static Optional<Room> find(Handle h, String code, boolean forUpdate) {
        return h.createQuery("SELECT code, key_hash, lesson, position, seq, quiz, quiz_state, created_at, active_at "
                        + "FROM rooms WHERE code = :code" + (forUpdate ? " FOR UPDATE" : ""))
                .bind("code", code)
                .map((rs, ctx) -> new Room(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getLong(5), (Integer) rs.getObject(6), rs.getString(7), rs.getLong(8), rs.getLong(9)))
                .findOne();
    }

    /**
     * Sets what the class sees, in one transaction holding the room's row:
     * change computes the new position and quiz from the current room (null: leave
     * it as it is). Returns the room after the change, or empty if there is none.
     */
    Optional<Room> change(String code, long now, java.util.function.UnaryOperator<Room> change) {
        return jdbi.inTransaction(h -> {
            Optional<Room> cur = find(h, code, true);
            if (cur.isEmpty()) {
                return Optional.empty();
            }
            Room next = change.apply(cur.get());
            if (next == null) {
                return cur;
            }
            h.createUpdate("UPDATE rooms SET position = :position, quiz = :quiz, quiz_state = :state, seq = :seq, "
                            + "active_at = :now WHERE code = :code")
                    .bind("position", next.position()).bind("quiz", next.quiz()).bind("state", next.quizState())
                    .bind("seq", cur.get().seq() + 1).bind("now", now).bind("code", code).execute();
            return find(h, code, false);
        });
    }

    /** Marks the room as in use now (idle expiry counts from the last such moment). */
    void touch(String code, long now) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE rooms SET active_at = :now WHERE code = :code AND active_at < :now")
                .bind("now", now).bind("code", code).execute());
    }

    /** Lets a student into a room of at most maxStudents, counted exactly under the room's row lock. */
    Join join(String code, String student, int maxStudents, long now) {
        return jdbi.inTransaction(h -> {
            if (find(h, code, true).isEmpty()) {
                return Join.NO_ROOM;
            }
            boolean member = h.createQuery("SELECT COUNT(*) FROM room_students WHERE room = :room AND student = :s")
                    .bind("room", code).bind("s", student).mapTo(Integer.class).one() > 0;
            if (member) {
                return Join.ALREADY;
            }
            int n = h.createQuery("SELECT COUNT(*) FROM room_students WHERE room = :room")
                    .bind("room", code).mapTo(Integer.class).one();
            if (n >= maxStudents) {
                return Join.FULL;
            }
            h.createUpdate("INSERT INTO room_students (room, student, joined_at) VALUES (:room, :s, :now)")
                    .bind("room", code).bind("s", student).bind("now", now).execute();
            return Join.JOINED;
        });
    }

    int students(String code) {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM room_students WHERE room = :room")
                .bind("room", code).mapTo(Integer.class).one());
    }

    /** Stores a student's answer if it is their first to this quiz; returns the choice that stands. */
    int answer(String code, int quiz, String student, int choice, long now) {
        try {
            jdbi.useHandle(h -> h.createUpdate("INSERT INTO answers (room, quiz, student, choice, at) "
                            + "VALUES (:room, :quiz, :s, :choice, :now)")
                    .bind("room", code).bind("quiz", quiz).bind("s", student).bind("choice", choice).bind("now", now)
                    .execute());
            return choice;
        } catch (UnableToExecuteStatementException e) {
            if (!isUniqueViolation(e)) {
                throw e;
            }
            return myAnswer(code, quiz, student).orElseThrow(() -> e);
        }
    }

    Optional<Integer> myAnswer(String code, int quiz, String student) {
        return jdbi.withHandle(h -> h.createQuery("SELECT choice FROM answers WHERE room = :room AND quiz = :quiz AND student = :s")
                .bind("room", code).bind("quiz", quiz).bind("s", student).mapTo(Integer.class).findOne());
    }

    /** How many students chose each choice of a quiz: choice → count, in choice order. */
    Map<Integer, Integer> tally(String code, int quiz) {
        return jdbi.withHandle(h -> {
            Map<Integer, Integer> out = new TreeMap<>();
            h.createQuery("SELECT choice, COUNT(*) FROM answers WHERE room = :room AND quiz = :quiz GROUP BY choice")
                    .bind("room", code).bind("quiz", quiz)
                    .map((rs, ctx) -> Map.entry(rs.getInt(1), rs.getInt(2)))
                    .forEach(e -> out.put(e.getKey(), e.getValue()));
            return out;
        });
    }

    List<Answer> answers(String code) {
        return jdbi.withHandle(h -> h.createQuery("SELECT quiz, student, choice, at FROM answers WHERE room = :room "
                        + "ORDER BY quiz, at, student")
                .bind("room", code)
                .map((rs, ctx) -> new Answer(rs.getInt(1), rs.getString(2), rs.getInt(3), rs.getLong(4)))
                .list());
    }

    /** Codes of the rooms idle since before cutoff. */
    List<String> idleSince(long cutoff) {
        return jdbi.withHandle(h -> h.createQuery("SELECT code FROM rooms WHERE active_at < :cutoff ORDER BY code")
                .bind("cutoff", cutoff).mapTo(String.class).list());
    }

    /** Deletes rooms idle since before cutoff, with their students and answers; returns how many. */
    int deleteIdleSince(long cutoff) {
        return jdbi.withHandle(h -> {
            List<String> codes = new ArrayList<>(h.createQuery("SELECT code FROM rooms WHERE active_at < :cutoff")
                    .bind("cutoff", cutoff).mapTo(String.class).list());
            for (String c : codes) {
                h.createUpdate("DELETE FROM rooms WHERE code = :code").bind("code", c).execute();
            }
            return codes.size();
        });
    }

    static boolean isUniqueViolation(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && "23505".equals(s.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
