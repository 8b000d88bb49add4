package goroutinelab.classroom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * A moment of a lesson, as the player names it:
 * {@code {lesson, step, script, fork, switches}}: the engine step, the script
 * step shown, null for the lesson's own run or else the history token of a
 * forked run (after a Try-it), and the switches (async preemption, write
 * barrier). The room keeps it as JSON and only checks its shape: the player
 * that loads it checks the rest, as it does for any link.
 */
final class Positions {
    static final ObjectMapper JSON = new ObjectMapper();
    /** Longest history token a position may carry. */
    static final int MAX_FORK_CHARS = 12_000;
    private static final Pattern TOKEN = Pattern.compile("[\\x21-\\x7E]*");
    private static final Pattern SWITCH = Pattern.compile("[A-Za-z][A-Za-z0-9]{0,39}");

    private Positions() {
    }

    /** A position that fails a check: the message says what was expected. */
    static final class Bad extends Exception {
        Bad(String message) {
            super(message);
        }
    }

    /** The start of a lesson's own run. */
    static ObjectNode start(String lesson) {
        ObjectNode n = JSON.createObjectNode();
        n.put("lesson", lesson);
        n.put("step", 0);
        n.put("script", 0);
        n.putNull("fork");
        n.putNull("switches");
        return n;
    }

    /**
     * The position in canonical form (only the five fields, in order), checked
     * against the room's lesson and its number of script steps.
     */
    static ObjectNode check(JsonNode p, String lesson, int scriptSteps) throws Bad {
        if (p == null || !p.isObject()) {
            throw new Bad("position must be an object {lesson, step, script, fork, switches}");
        }
        JsonNode l = p.get("lesson");
        if (l == null || !l.isTextual() || !l.asText().equals(lesson)) {
            throw new Bad("position.lesson must be this room's lesson, '" + lesson + "'");
        }
        JsonNode step = p.get("step");
        if (step == null || !step.canConvertToLong() || !step.isIntegralNumber() || step.asLong() < 0) {
            throw new Bad("position.step must be a whole number >= 0");
        }
        JsonNode script = p.get("script");
        if (script == null || !script.isInt() || script.asInt() < 0 || script.asInt() > scriptSteps) {
            throw new Bad("position.script must be a whole number from 0 to " + scriptSteps);
        }
        ObjectNode out = JSON.createObjectNode();
        out.put("lesson", lesson);
        out.put("step", step.asLong());
        out.put("script", script.asInt());
        JsonNode fork = p.get("fork");
        if (fork == null || fork.isNull()) {
            out.putNull("fork");
        } else if (fork.isTextual() && fork.asText().length() <= MAX_FORK_CHARS && TOKEN.matcher(fork.asText()).matches()) {
            out.put("fork", fork.asText());
        } else {
            throw new Bad("position.fork must be null or a history token (at most " + MAX_FORK_CHARS + " characters)");
        }
        JsonNode sw = p.get("switches");
        if (sw == null || sw.isNull()) {
            out.putNull("switches");
        } else if (sw.isObject() && sw.size() <= 8) {
            ObjectNode s = out.putObject("switches");
            for (Map.Entry<String, JsonNode> e : sw.properties()) {
                if (!SWITCH.matcher(e.getKey()).matches() || !e.getValue().isBoolean()) {
                    throw new Bad("position.switches must map names to true or false");
                }
                s.put(e.getKey(), e.getValue().asBoolean());
            }
        } else {
            throw new Bad("position.switches must be null or an object of at most 8 true/false switches");
        }
        return out;
    }

    static int script(String positionJson) {
        try {
            return JSON.readTree(positionJson).path("script").asInt(0);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Positions.script: a stored position is not JSON", e);
        }
    }

    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Positions.parse: a stored position is not JSON", e);
        }
    }
}
