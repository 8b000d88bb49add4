package goroutinelab.web;

/**
 * A refused message: answered as {@code {"type":"error","code":...}} and
 * nothing else changes. The helpers put what the browser sent into the
 * refusal's words safely: quoted short, control characters escaped.
 */
final class Refused extends RuntimeException {
    final String code;

    Refused(String code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    /** Refuses a move of n more steps past the session's ceiling. */
    static void unlessRoomFor(long n, goroutinelab.lesson.Player player, Limits limits) {
        if (player.timeline().step() + n > limits.maxStepsPerSession()) {
            throw new Refused("limit", sessionLimit(limits));
        }
    }

    static String sessionLimit(Limits limits) {
        return "this session has reached its limit of " + limits.maxStepsPerSession() + " steps; reset or go back";
    }

    /** Every frame's history token must rebuild its run: refuses the injection that would make it too long to. */
    static void unlessHistoryRoom(goroutinelab.lesson.Player player) {
        if (!goroutinelab.lesson.History.hasRoom(player.forkToken())) {
            throw new Refused("limit", "at most " + goroutinelab.lesson.History.MAX_ENTRIES
                    + " injections in one run; go back before some of them, or reset, to make room");
        }
    }

    /** What the browser sent, quoted for an error message: at most 40 characters, control characters escaped. */
    static String quoted(String s) {
        return "'" + quotedBare(s) + "'";
    }

    static String quotedBare(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length() && i < 40; i++) {
            char c = s.charAt(i);
            sb.append(c < 32 || c == 127 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return sb.append(s.length() > 40 ? "..." : "").toString();
    }

    /** An error message no longer than 300 characters, however much of the input it quotes. */
    static String capped(String message) {
        if (message == null) {
            return "";
        }
        return message.length() <= 300 ? message : message.substring(0, 300) + "...";
    }

    /** A count from a message: absent is {@code absent} (or refused when that is null), then checked against min and max. */
    static long count(Long v, String field, Long absent, long min, long max) {
        if (v == null) {
            if (absent == null) {
                throw new Refused("bad_request", "missing \"" + field + "\"");
            }
            return absent;
        }
        if (v < min) {
            throw new Refused("bad_request", "\"" + field + "\" must be at least " + min + ", got " + v);
        }
        if (v > max) {
            throw new Refused("limit", "\"" + field + "\" is " + v + "; at most " + max + " here");
        }
        return v;
    }

    /** A language the lab speaks. */
    static String language(String lang) {
        if (!"en".equals(lang) && !"zh".equals(lang)) {
            throw new Refused("bad_request", "\"lang\" must be \"en\" or \"zh\"");
        }
        return lang;
    }
}
