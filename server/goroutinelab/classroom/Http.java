package goroutinelab.classroom;

import com.fasterxml.jackson.databind.JsonNode;
import goroutinelab.http.SameSite;
import io.javalin.http.Context;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What the classroom's HTTP handlers share: JSON bodies, the instructor's key
 * ({@code Authorization: Bearer KEY}), a student's token
 * ({@code X-Student-Token}), refusals as {@code {"error", "message"}}, and the
 * cross-site guard for every state-changing request.
 */
final class Http {
    static final int MAX_BODY_CHARS = 32_768;
    static final String STUDENT_HEADER = "X-Student-Token";

    private Http() {
    }

    /** Thrown by a handler to answer with a refusal; Classroom maps it to JSON. */
    static final class Refusal extends RuntimeException {
        final int status;
        final String code;

        Refusal(int status, String code, String message) {
            super(message, null, false, false);
            this.status = status;
            this.code = code;
        }

        static Refusal of(RoomError e) {
            return new Refusal(e.status, e.code, e.getMessage());
        }
    }

    static void refuse(Context ctx, int status, String code, String message) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("error", code);
        m.put("message", message);
        ctx.attribute(Classroom.PAGE_RENDERED, true);
        ctx.status(status).json(m);
    }

    /** The request's JSON object body; a refusal (415, 413, 400) if it is not one. */
    static JsonNode body(Context ctx) {
        String type = ctx.contentType();
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            throw new Refusal(415, "bad_request", "send JSON with Content-Type: application/json");
        }
        String text = ctx.body();
        if (text.length() > MAX_BODY_CHARS) {
            throw new Refusal(413, "too_large", "the request is larger than " + MAX_BODY_CHARS + " characters");
        }
        JsonNode n;
        try {
            n = text.isBlank() ? Positions.JSON.createObjectNode() : Positions.JSON.readTree(text);
        } catch (IOException e) {
            throw new Refusal(400, "bad_json", "not valid JSON");
        }
        if (n == null || !n.isObject()) {
            throw new Refusal(400, "bad_request", "expected a JSON object");
        }
        return n;
    }

    /** The key from {@code Authorization: Bearer KEY}, or null. */
    static String bearer(Context ctx) {
        String h = ctx.header("Authorization");
        if (h == null || !h.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return h.substring(7).trim();
    }

    /** Refuses (403) unless the request carries the key whose hash is stored. */
    static void requireKey(Context ctx, String storedHash) {
        if (!Secrets.matches(bearer(ctx), storedHash)) {
            throw new Refusal(403, "forbidden", "this needs the instructor's key: send Authorization: Bearer <key>");
        }
    }

    /**
     * The cross-site guard, before every POST, PUT and DELETE of the classroom
     * ({@link SameSite}). JSON-only bodies add a second wall: a cross-site form
     * cannot send application/json without a CORS preflight, which this server
     * never grants.
     */
    static void sameSite(Context ctx) {
        if (!SameSite.allowed(ctx)) {
            throw new Refusal(403, "cross_site", SameSite.REFUSED);
        }
    }

    /** This server as the browser reached it, for links: https://lab.example.org */
    static String base(Context ctx) {
        String proto = ctx.header("X-Forwarded-Proto");
        String host = ctx.header("X-Forwarded-Host");
        String scheme = proto != null && proto.trim().equals("https") ? "https" : ctx.scheme();
        return scheme + "://" + (host != null && !host.isBlank() ? host.trim() : ctx.host());
    }

    static String lang(Context ctx) {
        return "zh".equals(ctx.queryParam("lang")) ? "zh" : "en";
    }

    /** A student's stored identity from the X-Student-Token header; a refusal if it is missing or malformed. */
    static String student(Context ctx) {
        String id = Secrets.identity(ctx.header(STUDENT_HEADER));
        if (id == null) {
            throw new Refusal(400, "bad_request", "send the browser's token in " + STUDENT_HEADER
                    + " (16 to 64 letters, digits, - or _)");
        }
        return id;
    }
}
