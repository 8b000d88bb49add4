package goroutinelab.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import goroutinelab.engine.Event;
import goroutinelab.engine.Injection;
import goroutinelab.engine.RuntimeConfig;
import goroutinelab.lesson.History;
import goroutinelab.lesson.Lesson;
import goroutinelab.lesson.LessonStore;
import goroutinelab.lesson.Player;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * One browser's lesson session over the WebSocket (spec/protocol.md): it owns
 * a {@link Player}, turns each message into one move, and answers with a frame
 * or a typed error. A refused message never harms the session.
 */
public final class Session {
    private static final Logger LOG = LoggerFactory.getLogger(Session.class);
    private static final Set<String> OPS = Set.of("load", "next", "step", "back", "seek", "inject", "set", "reset", "lang");
    private static final Set<String> SIGNALS = Set.of("SIGUSR1", "SIGUSR2", "SIGINT", "SIGTERM", "SIGHUP", "SIGURG", "SIGPIPE");
    private static final int RECENT_EVENTS = 300;
    /** A patch longer than this is sent as the whole state instead. */
    private static final int MAX_PATCH_OPS = 400;

    private final LessonStore store;
    private final Limits limits;
    private final Consumer<String> out;
    private final LongSupplier clockMs;
    private final LongSupplier cpuNs;
    /** CPU time spent on this socket's messages in the current one-second window. */
    private long windowCpuNs;

    private Player player;
    private String lang = "en";
    private final ArrayDeque<Event> recent = new ArrayDeque<>();
    private long lastActiveMs;
    /** What the last frame sent showed: the run the browser sees, to rebuild after a failed move. */
    private Shown lastFrame;

    private record Shown(RuntimeConfig config, String history, long step, long furthest) {
    }
    /**
     * Whether the browser asked for patches ({@code "patch": true} in load): then
     * a forward move's frame carries {@code patch}, RFC 6902 operations against
     * the state of the frame before, instead of the whole {@code state}.
     */
    private boolean patches;
    /** The state the last frame left the browser with, kept only while patching. */
    private Map<String, Object> lastState;
    /** The op being handled, for {@link #recover()}. */
    private String currentOp;
    private long windowStartMs;
    private int windowCount;

    public Session(LessonStore store, Limits limits, Consumer<String> out, LongSupplier clockMs) {
        this(store, limits, out, clockMs, Session::threadCpuNs);
    }

    /** With {@code cpuNs}, the CPU time of the thread handling the message (tests pass a fake). */
    public Session(LessonStore store, Limits limits, Consumer<String> out, LongSupplier clockMs, LongSupplier cpuNs) {
        this.store = store;
        this.limits = limits;
        this.out = out;
        this.clockMs = clockMs;
        this.cpuNs = cpuNs;
        this.lastActiveMs = clockMs.getAsLong();
    }

    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

    /** This thread's CPU time in ns, or 0 where the JVM cannot tell (then the CPU limit never applies). */
    private static long threadCpuNs() {
        return THREADS.isCurrentThreadCpuTimeSupported() ? Math.max(0, THREADS.getCurrentThreadCpuTime()) : 0;
    }

    public synchronized long lastActiveMs() {
        return lastActiveMs;
    }

    /** A refusal: answered as {"type":"error"} and nothing else changes. */
    static final class Refused extends RuntimeException {
        final String code;

        Refused(String code, String message) {
            super(message, null, false, false);
            this.code = code;
        }
    }

    /** Handles one text message from the browser. */
    public synchronized void onMessage(String text) {
        long now = clockMs.getAsLong();
        lastActiveMs = now;
        try {
            currentOp = null;
            admit(text, now);
            long cpu0 = cpuNs.getAsLong();
            try {
                handle(parse(text));
            } finally {
                windowCpuNs += cpuNs.getAsLong() - cpu0;
            }
        } catch (Refused r) {
            send(WireFormat.error(r.code, capped(r.getMessage())));
        } catch (UnsupportedOperationException e) {
            // a part of the runtime the engine does not model yet (the lesson or the learner asked for it)
            recover();
            send(WireFormat.error("bad_request", "not available yet: " + capped(e.getMessage())));
        } catch (RuntimeException | StackOverflowError e) {
            String id = Errors.reference();
            LOG.error("internal error {} handling a message: {}", id, e.toString(), e);
            recover();
            send(WireFormat.error("internal", "something went wrong on the server (reference " + id
                    + "); the session is still usable"));
        }
    }

    /**
     * After a move failed half-way, the engine may be in a state no run reaches:
     * rebuild the player as the last frame showed it (every change of state
     * sends a frame, so that is the state before the failed move): its history
     * token replayed to the furthest step it had reached, then back to its step.
     * A failed load or inject changed nothing (a load builds its player aside,
     * an injection is tried on a copy), so there is nothing to rebuild.
     */
    private void recover() {
        if (player == null || lastFrame == null || "load".equals(currentOp) || "inject".equals(currentOp)) {
            return;
        }
        try {
            Player p = newPlayer(player.lesson(), lastFrame.config());
            p.restore(lastFrame.history(), lastFrame.furthest());
            p.seek(lastFrame.step());
            player = p;
        } catch (RuntimeException | StackOverflowError e) {
            LOG.warn("could not rebuild a session after an error; it starts over: {}", e.toString());
            player = newPlayer(player.lesson(), player.config());
        }
    }

    /** A binary frame: the protocol is text only. */
    public synchronized void onBinary() {
        lastActiveMs = clockMs.getAsLong();
        send(WireFormat.error("bad_request", "binary messages are not part of the protocol: send JSON text"));
    }

    private void admit(String text, long now) {
        if (now - windowStartMs >= 1000) {
            windowStartMs = now;
            windowCount = 0;
            windowCpuNs = 0;
        }
        if (++windowCount > limits.maxMessagesPerSecond()) {
            throw new Refused("limit", "too many messages: at most " + limits.maxMessagesPerSecond() + " a second");
        }
        if (windowCpuNs > limits.maxCpuMsPerSecond() * 1_000_000L) {
            throw new Refused("limit", "too much work at once: this tab has had " + limits.maxCpuMsPerSecond()
                    + " ms of the server's time this second; wait a moment");
        }
        if (utf8Length(text, limits.maxMessageBytes()) > limits.maxMessageBytes()) {
            throw new Refused("limit", "message too large: at most " + limits.maxMessageBytes() + " bytes (UTF-8) are accepted");
        }
    }

    /** What the browser sent, quoted for an error message: at most 40 characters, control characters escaped. */
    static String quoted(String s) {
        StringBuilder sb = new StringBuilder("'");
        for (int i = 0; i < s.length() && i < 40; i++) {
            char c = s.charAt(i);
            sb.append(c < 32 || c == 127 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return sb.append(s.length() > 40 ? "...'" : "'").toString();
    }

    /** An error message no longer than 300 characters, however much of the input it quotes. */
    static String capped(String message) {
        if (message == null) {
            return "";
        }
        return message.length() <= 300 ? message : message.substring(0, 300) + "...";
    }

    /** The UTF-8 length of text, or any number over {@code max} once it is known to be over. */
    static long utf8Length(String text, int max) {
        if (text.length() > max) {
            return (long) text.length();
        }
        long n = 0;
        for (int i = 0; i < text.length() && n <= max; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c)) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }

    private static JsonNode parse(String text) {
        JsonNode msg;
        try {
            msg = WireFormat.JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new Refused("bad_json", "not valid JSON: " + capped(e.getOriginalMessage()));
        }
        if (msg == null || !msg.isObject()) {
            throw new Refused("bad_request", "expected a JSON object like {\"op\":\"next\"}");
        }
        JsonNode op = msg.get("op");
        if (op == null || !op.isTextual()) {
            throw new Refused("bad_request", "missing \"op\": expected one of " + String.join(", ", sorted(OPS)));
        }
        if (!OPS.contains(op.asText())) {
            throw new Refused("bad_request", "unknown op " + quoted(op.asText()) + ": expected one of " + String.join(", ", sorted(OPS)));
        }
        return msg;
    }

    private static List<String> sorted(Set<String> s) {
        List<String> l = new ArrayList<>(s);
        l.sort(null);
        return l;
    }

    private void handle(JsonNode msg) {
        String op = msg.get("op").asText();
        currentOp = op;
        if (op.equals("load")) {
            load(msg);
            return;
        }
        if (player == null) {
            throw new Refused("not_loaded", "no lesson loaded: send {\"op\":\"load\",\"lesson\":\"<id>\"} first");
        }
        switch (op) {
            case "next" -> {
                guardSteps(1);
                moved(player.next());
            }
            case "step" -> {
                long n = count(msg, "n", 1, limits.maxStepsPerMessage());
                guardSteps(n);
                moved(player.step(n));
            }
            case "back" -> {
                long n = count(msg, "n", 1, Long.MAX_VALUE);
                player.back(n);
                jumped();
            }
            case "seek" -> {
                long target = count(msg, "step", 0, limits.maxStepsPerSession());
                if (target > player.timeline().step() && target - player.timeline().step() > limits.maxStepsPerMessage()
                        && target > player.timeline().furthest()) {
                    throw new Refused("limit", "seek would run " + (target - player.timeline().step())
                            + " new steps at once; at most " + limits.maxStepsPerMessage());
                }
                player.seek(target);
                jumped();
            }
            case "inject" -> {
                Injection i = injection(msg);
                guardHistory();
                player.inject(i);
                jumped();
            }
            case "set" -> set(msg);
            case "reset" -> {
                player.reset();
                recent.clear();
                jumped();
            }
            case "lang" -> {
                lang = language(msg.get("lang"));
                send(WireFormat.lesson(player.lesson(), lang, player.config()));
                Map<String, Object> log = new LinkedHashMap<>();
                log.put("type", "log");
                log.put("events", WireFormat.events(new ArrayList<>(recent), lang));
                send(log);
                jumped();
            }
            default -> throw new Refused("bad_request", "unknown op '" + op + "'");
        }
    }

    private void load(JsonNode msg) {
        JsonNode id = msg.get("lesson");
        if (id == null || !id.isTextual()) {
            throw new Refused("bad_request", "load needs \"lesson\": a lesson id such as \"goroutines-and-run-queues\"");
        }
        String newLang = msg.has("lang") ? language(msg.get("lang")) : "en";
        LessonStore.Entry entry = store.get(id.asText())
                .orElseThrow(() -> new Refused("no_lesson", "no lesson " + quoted(id.asText())));
        if (!entry.ok()) {
            throw new Refused("no_lesson", "lesson " + quoted(id.asText()) + " has errors: " + entry.problems().get(0));
        }
        boolean wantsPatches = msg.has("patch") && bool(msg.get("patch"), "patch");
        Player p = newPlayer(entry.lesson(), switches(entry.lesson().runtime(), msg));
        if (msg.has("history") || msg.has("step")) {
            restore(p, msg);
        }
        // nothing changes until the new run is built: a refused load leaves the session as it was
        patches = wantsPatches;
        lang = newLang;
        player = p;
        recent.clear();
        send(WireFormat.lesson(entry.lesson(), lang, player.config()));
        jumped();
    }

    /** load may carry a history token and a step (a shared link, or a reconnect): rebuild the same run. */
    private void restore(Player p, JsonNode msg) {
        JsonNode h = msg.get("history");
        if (h != null && !h.isTextual()) {
            throw new Refused("bad_request", "\"history\" must be the token a frame carried");
        }
        long step = msg.has("step") ? count(msg, "step", 0, limits.maxStepsPerSession()) : 0;
        History.Parsed parsed;
        try {
            parsed = History.parse(h == null ? "|" : h.asText(), p.lesson());
        } catch (IllegalArgumentException e) {
            throw new Refused("bad_request", e.getMessage());
        }
        long replay = Math.max(step, History.lastStep(parsed)); // the rebuild replays through every entry
        if (replay > limits.maxStepsPerMessage() * 5 || replay > limits.maxStepsPerSession()) {
            throw new Refused("limit", "cannot rebuild more than " + Math.min(limits.maxStepsPerSession(),
                    limits.maxStepsPerMessage() * 5) + " steps at once");
        }
        try {
            p.restore(parsed, step);
        } catch (IllegalStateException e) {
            // a well-formed token that no run of this lesson produced (a forged or edited clock entry):
            // the engine refuses to replay it; the session keeps what it had
            String id = Errors.reference();
            LOG.warn("history token refused, reference {}: {}", id, e.getMessage());
            throw new Refused("bad_request", "history: the token does not replay as a run of this lesson (reference " + id + ")");
        }
    }

    /** load may carry the learner's switches ({"asyncPreemption":false}) to rebuild a shared session. */
    private static RuntimeConfig switches(RuntimeConfig cfg, JsonNode msg) {
        RuntimeConfig c = cfg;
        if (msg.has("asyncPreemption")) {
            c = c.withAsyncPreemption(bool(msg.get("asyncPreemption"), "asyncPreemption"));
        }
        if (msg.has("writeBarrier")) {
            c = c.withWriteBarrier(bool(msg.get("writeBarrier"), "writeBarrier"));
        }
        return c;
    }

    private void set(JsonNode msg) {
        if (!msg.has("asyncPreemption") && !msg.has("writeBarrier")) {
            throw new Refused("bad_request", "set needs asyncPreemption or writeBarrier, e.g. {\"op\":\"set\",\"asyncPreemption\":false}");
        }
        RuntimeConfig cfg = switches(player.config(), msg);
        player = newPlayer(player.lesson(), cfg);
        recent.clear();
        send(WireFormat.lesson(player.lesson(), lang, cfg));
        jumped();
    }

    private static boolean bool(JsonNode n, String field) {
        if (n == null || !n.isBoolean()) {
            throw new Refused("bad_request", "\"" + field + "\" must be true or false");
        }
        return n.asBoolean();
    }

    private static String language(JsonNode n) {
        if (n == null || !n.isTextual() || !(n.asText().equals("en") || n.asText().equals("zh"))) {
            throw new Refused("bad_request", "\"lang\" must be \"en\" or \"zh\"");
        }
        return n.asText();
    }

    private Injection injection(JsonNode msg) {
        if (msg.has("signal")) {
            String s = msg.get("signal").asText("");
            if (!msg.get("signal").isTextual() || !SIGNALS.contains(s)) {
                throw new Refused("bad_request", "unknown signal " + quoted(s) + ": expected one of " + String.join(", ", sorted(SIGNALS)));
            }
            return new Injection.Signal(s);
        }
        if (msg.has("gc")) {
            if (!msg.get("gc").isBoolean() || !msg.get("gc").asBoolean()) {
                throw new Refused("bad_request", "\"gc\" must be true");
            }
            return new Injection.ForceGc();
        }
        if (msg.has("go")) {
            String fn = msg.get("go").asText("");
            Lesson l = player.lesson();
            if (!msg.get("go").isTextual() || !l.program().functions().containsKey(fn)) {
                throw new Refused("bad_request", "unknown function " + quoted(fn) + ": this lesson has "
                        + String.join(", ", l.program().functions().keySet()));
            }
            return new Injection.StartGoroutine(fn);
        }
        throw new Refused("bad_request", "inject needs signal, gc or go, e.g. {\"op\":\"inject\",\"signal\":\"SIGUSR1\"}");
    }

    private static long count(JsonNode msg, String field, long min, long max) {
        JsonNode n = msg.get(field);
        if (n == null) {
            if (field.equals("n")) {
                return 1;
            }
            throw new Refused("bad_request", "missing \"" + field + "\"");
        }
        if (!n.canConvertToExactIntegral() || !n.canConvertToLong()) {
            throw new Refused("bad_request", "\"" + field + "\" must be a whole number");
        }
        long v = n.asLong();
        if (v < min) {
            throw new Refused("bad_request", "\"" + field + "\" must be at least " + min + ", got " + v);
        }
        if (v > max) {
            throw new Refused("limit", "\"" + field + "\" is " + v + "; at most " + max + " here");
        }
        return v;
    }

    private void guardSteps(long n) {
        if (player.timeline().step() + n > limits.maxStepsPerSession()) {
            throw new Refused("limit", sessionLimit());
        }
    }

    /** Every frame's history token must rebuild its run: refuse the injection that would make it too long to. */
    private void guardHistory() {
        String h = player.history();
        // what survives the injection: the log up to this step (later entries are forgotten)
        long entries = player.timeline().log().entrySet().stream()
                .filter(e -> e.getKey() <= player.timeline().step()).mapToLong(e -> e.getValue().size()).sum();
        if (entries + 1 > History.MAX_ENTRIES || h.length() + 60 > History.MAX_LENGTH) {
            throw new Refused("limit", "at most " + History.MAX_ENTRIES + " injections in one run; go back before some of them, or reset, to make room");
        }
    }

    private String sessionLimit() {
        return "this session has reached its limit of " + limits.maxStepsPerSession() + " steps; reset or go back";
    }

    private Player newPlayer(Lesson lesson, RuntimeConfig cfg) {
        Player p = new Player(lesson, cfg);
        p.limitSteps(limits.maxStepsPerSession());
        return p;
    }

    private void moved(Player.Moved m) {
        for (Event e : m.events()) {
            recent.addLast(e);
            if (recent.size() > RECENT_EVENTS) {
                recent.pollFirst();
            }
        }
        sendFrame(WireFormat.events(m.events(), lang), m.count(), m.failures());
        if (m.ceilingHit()) {
            send(WireFormat.error("limit", sessionLimit()));
        }
    }

    private void jumped() {
        lastState = null; // after a jump the whole state goes
        sendFrame(List.of(), 0, List.of());
    }

    /** Sends the frame of the current state; once it has gone, it is what the browser shows. */
    private void sendFrame(List<Map<String, Object>> events, long count, List<String> failures) {
        Shown shown = new Shown(player.config(), player.history(), player.engine().steps(), player.timeline().furthest());
        Map<String, Object> state = player.engine().snapshot();
        List<Map<String, Object>> patch = patches && lastState != null ? StatePatch.diff(lastState, state) : null;
        // the whole state on the first frame, after a jump, or when most of it changed
        boolean patched = patch != null && patch.size() <= MAX_PATCH_OPS;
        send(frame(events, count, failures, shown.history(), patched ? "patch" : "state", patched ? patch : state));
        lastFrame = shown;
        lastState = patches ? state : null;
    }

    private Map<String, Object> frame(List<Map<String, Object>> events, long count, List<String> failures, String history,
                                      String stateKey, Object stateValue) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("type", "frame");
        f.put("step", player.engine().steps());
        f.put("time", player.engine().now());
        f.put("script", player.scriptIndex());
        f.put("furthest", player.timeline().furthest());
        f.put("ended", player.engine().ended());
        f.put("switches", Map.of("asyncPreemption", player.config().asyncPreemption(),
                "writeBarrier", player.config().writeBarrier()));
        f.put("history", history);
        f.put(stateKey, stateValue);
        f.put("events", events);
        f.put("eventCount", count);
        if (!failures.isEmpty()) {
            f.put("failures", failures);
        }
        return f;
    }

    private void send(Map<String, Object> message) {
        out.accept(json(message));
    }

    /** A wire message as JSON text. */
    static String json(Map<String, Object> message) {
        try {
            return WireFormat.JSON.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Session.json: cannot write JSON", e);
        }
    }
}
