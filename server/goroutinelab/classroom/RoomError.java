package goroutinelab.classroom;

/**
 * A refused room or assignment action: a short code for programs
 * ({@code no_room}, {@code expired}, {@code forbidden}, {@code full},
 * {@code bad_request}, {@code limit}, {@code no_quiz}, {@code closed}), the
 * HTTP status it maps to, and a sentence for people saying what was expected.
 */
final class RoomError extends Exception {
    final String code;
    final int status;

    RoomError(String code, int status, String message) {
        super(message, null, false, false);
        this.code = code;
        this.status = status;
    }

    static RoomError noRoom() {
        return new RoomError("no_room", 404, "there is no class with this code: check the code or ask your instructor for the link");
    }

    static RoomError expired() {
        return new RoomError("expired", 410, "this class has ended (it was idle for too long): ask your instructor for a new link");
    }

    static RoomError forbidden() {
        return new RoomError("forbidden", 403, "only the instructor's key may do this");
    }

    static RoomError bad(String message) {
        return new RoomError("bad_request", 400, message);
    }
}
