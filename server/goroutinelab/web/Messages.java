package goroutinelab.web;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;

import java.util.List;
import java.util.Map;

/**
 * What a browser may send over the lesson socket (docs/spec/protocol.md): a
 * closed set of messages, each a record bound by Jackson from a JSON object
 * whose {@code op} names it. Binding checks shapes (a count is a whole number,
 * a switch is true or false); {@link Session} checks what depends on the
 * session (limits, the lesson's functions). Every refusal is put in the lab's
 * own words, never the JSON library's.
 */
public final class Messages {
    private Messages() {
    }

    /** One message from the browser. */
    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "op")
    @JsonSubTypes({
            @JsonSubTypes.Type(value = Load.class, name = "load"),
            @JsonSubTypes.Type(value = Next.class, name = "next"),
            @JsonSubTypes.Type(value = Step.class, name = "step"),
            @JsonSubTypes.Type(value = Back.class, name = "back"),
            @JsonSubTypes.Type(value = Seek.class, name = "seek"),
            @JsonSubTypes.Type(value = Inject.class, name = "inject"),
            @JsonSubTypes.Type(value = SetSwitch.class, name = "set"),
            @JsonSubTypes.Type(value = Reset.class, name = "reset"),
            @JsonSubTypes.Type(value = Lang.class, name = "lang"),
            @JsonSubTypes.Type(value = BackToLesson.class, name = "lesson")})
    public sealed interface Message permits Load, Next, Step, Back, Seek, Inject, SetSwitch, Reset, Lang, BackToLesson {
    }

    /**
     * Open a lesson, at the start or at a moment: {@code step} (and {@code script}, for a
     * script step that runs nothing) in the lesson's own run, or in the forked run a
     * {@code history} token carries. {@code patch}: forward frames as JSON Patch;
     * {@code sequence}: the state after each of a move's last n events, to show them in
     * turn; {@code author}: frames carry the failures of the lesson's expectations.
     * The switches rebuild an old link's run.
     */
    public record Load(String lesson, String lang, Boolean patch, Integer sequence, Boolean author, String history,
                       Long step, Integer script, Boolean asyncPreemption, Boolean writeBarrier, Boolean sendOnce)
            implements Message {
    }

    /** To the end of the next script step. */
    public record Next() implements Message {
    }

    /** n engine steps forward (1 if absent). */
    public record Step(Long n) implements Message {
    }

    /** n engine steps back (1 if absent). */
    public record Back(Long n) implements Message {
    }

    /** To an engine step; {@code script} picks among script steps that end there. */
    public record Seek(Long step, Integer script) implements Message {
    }

    /** The learner's own change of the run: exactly one of a signal, a GC, or a goroutine of a lesson function. */
    public record Inject(String signal, Boolean gc, String go) implements Message {
        /** The signals a learner may send. */
        static final List<String> SIGNALS = List.of("SIGHUP", "SIGINT", "SIGPIPE", "SIGTERM", "SIGURG", "SIGUSR1", "SIGUSR2");

        /** The engine's injection this asks for in a lesson with these functions; refused if it names nothing there is. */
        goroutinelab.engine.Injection injection(java.util.Set<String> functions) {
            if (signal != null) {
                if (!SIGNALS.contains(signal)) {
                    throw new Refused("bad_request", "unknown signal " + Refused.quoted(signal) + ": expected one of "
                            + String.join(", ", SIGNALS));
                }
                return new goroutinelab.engine.Injection.Signal(signal);
            }
            if (gc != null) {
                if (!gc) {
                    throw new Refused("bad_request", "\"gc\" must be true");
                }
                return new goroutinelab.engine.Injection.ForceGc();
            }
            if (go != null) {
                if (!functions.contains(go)) {
                    throw new Refused("bad_request", "unknown function " + Refused.quoted(go) + ": this lesson has "
                            + String.join(", ", functions));
                }
                return new goroutinelab.engine.Injection.StartGoroutine(go);
            }
            throw new Refused("bad_request", "inject needs signal, gc or go, e.g. {\"op\":\"inject\",\"signal\":\"SIGUSR1\"}");
        }
    }

    /** Flip a runtime switch at this step. */
    public record SetSwitch(Boolean asyncPreemption, Boolean writeBarrier) implements Message {
    }

    /** Back to the lesson's start. */
    public record Reset() implements Message {
    }

    /** Another language for the lesson text and the events. */
    public record Lang(String lang) implements Message {
    }

    /** Leave the learner's own run for the lesson's, at the same step. */
    public record BackToLesson() implements Message {
    }

    /** The op names, for error messages. */
    static final List<String> OPS = List.of("back", "inject", "lang", "lesson", "load", "next", "reset", "seek", "set", "step");

    /** The types the messages' fields have, named as the learner's error should name them. */
    private static final Map<Class<?>, String> WHAT = Map.of(
            Long.class, "a whole number", Integer.class, "a whole number", Boolean.class, "true or false",
            String.class, "a string");

    static final ObjectMapper JSON = JsonMapper.builder()
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    static {
        JSON.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
    }

    /**
     * Whether a message is one engine step forward as the page and the load
     * client write it: a move small enough to run on the thread that received
     * it ({@link EnginePool#runHere}). Any other spelling is an ordinary move.
     */
    static boolean isOneStep(String text) {
        return oneStep(text) != null;
    }

    /** The step a one-step spelling reads as, or null for any other text. */
    private static Step oneStep(String text) {
        return text.equals(ONE_STEP) ? ONE_STEP_READ : text.equals(STEP) ? STEP_READ : null;
    }

    /** The page's step message, and the same without its count: read without the JSON reader (most of what a server reads). */
    private static final String ONE_STEP = "{\"op\":\"step\",\"n\":1}";
    private static final String STEP = "{\"op\":\"step\"}";
    private static final Step ONE_STEP_READ = new Step(1L);
    private static final Step STEP_READ = new Step(null);

    /**
     * Reads one text message; throws {@link Refused} naming what is wrong. A
     * message that fits is bound straight from the text; one that does not is
     * read again as a tree, to say what is wrong with it in the lab's words.
     */
    static Message read(String text) {
        Step one = oneStep(text);
        if (one != null) {
            return one;
        }
        try {
            Message m = JSON.readValue(text, Message.class);
            if (m != null) {
                return m;
            }
        } catch (JsonProcessingException | RuntimeException e) {
            // named below
        }
        return explain(text);
    }

    /** Reads a message as a tree first, so that a refusal names the op or the field at fault. */
    static Message explain(String text) {
        JsonNode tree;
        try {
            tree = JSON.readTree(text);
        } catch (StreamConstraintsException e) {
            throw new Refused("bad_json", "not valid JSON: a number or string in it is too long");
        } catch (JsonProcessingException e) {
            throw new Refused("bad_json", "not valid JSON" + where(e));
        }
        if (tree == null || !tree.isObject()) {
            throw new Refused("bad_request", "expected a JSON object like {\"op\":\"next\"}");
        }
        JsonNode op = tree.get("op");
        if (op == null || !op.isTextual()) {
            throw new Refused("bad_request", "missing \"op\": expected one of " + String.join(", ", OPS));
        }
        if (!OPS.contains(op.asText())) {
            throw new Refused("bad_request", "unknown op " + Refused.quoted(op.asText()) + ": expected one of "
                    + String.join(", ", OPS));
        }
        try {
            return JSON.treeToValue(tree, Message.class);
        } catch (InvalidTypeIdException e) {
            throw new Refused("bad_request", "unknown op " + Refused.quoted(op.asText()));
        } catch (MismatchedInputException e) {
            throw new Refused("bad_request", fieldProblem(e.getPath(), e.getTargetType()));
        } catch (InputCoercionException e) {
            throw new Refused("bad_request", "a number in the message is out of range");
        } catch (JsonProcessingException e) {
            throw new Refused("bad_request", "the message does not fit the protocol" + where(e));
        }
    }

    private static String fieldProblem(List<com.fasterxml.jackson.databind.JsonMappingException.Reference> path, Class<?> type) {
        String field = path.isEmpty() || path.get(path.size() - 1).getFieldName() == null
                ? null : path.get(path.size() - 1).getFieldName();
        if (field == null) {
            return "the message does not fit the protocol";
        }
        String what = WHAT.getOrDefault(type, "of another type");
        return "\"" + Refused.quotedBare(field) + "\" must be " + what;
    }

    /** Where in the text the JSON went wrong, in the lab's words. */
    private static String where(JsonProcessingException e) {
        if (e.getLocation() == null || e.getLocation().getColumnNr() < 0) {
            return "";
        }
        return " (at character " + e.getLocation().getColumnNr() + ")";
    }
}
