package goroutinelab.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.WebSocketRoute;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import goroutinelab.engine.EventKind;
import goroutinelab.web.EventRoles;

/**
 * A stand-in for the server's WebSocket, for views whose engine side is not
 * there yet (or to drive a view into a state exactly): it answers the page's
 * protocol messages with frames from a hand-written fixture. A fixture is
 * {@code {lesson: {...}, base: <state>, frames: [{set: {path: value}, events: [...]}, ...]}}:
 * each frame's state is the previous one with the {@code set} paths applied
 * (dot paths; a value of null removes nothing, it stores null).
 */
public final class FakeLab {
    static final ObjectMapper JSON = new ObjectMapper();

    private final ObjectNode lesson;
    private final List<ObjectNode> states = new ArrayList<>();
    private final List<ArrayNode> events = new ArrayList<>();
    private final List<Integer> scripts = new ArrayList<>();
    /** Every message the page sent, in order (tests assert on inject and set). */
    public final List<JsonNode> received = new ArrayList<>();
    private int at;
    private int furthest;
    private boolean asyncPreemption = true;
    private boolean writeBarrier = true;

    private FakeLab(JsonNode fixture) {
        this.lesson = (ObjectNode) fixture.get("lesson");
        lesson.put("type", "lesson");
        ObjectNode state = (ObjectNode) fixture.get("base").deepCopy();
        int script = 0;
        for (JsonNode f : fixture.get("frames")) {
            state = state.deepCopy();
            JsonNode set = f.get("set");
            if (set != null) {
                for (Iterator<Map.Entry<String, JsonNode>> it = set.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    put(state, e.getKey(), e.getValue());
                }
            }
            int step = states.size();
            state.put("step", step);
            if (f.has("time")) {
                state.put("time", f.get("time").asLong());
            } else if (!state.has("time")) {
                state.put("time", 0);
            }
            if (state.has("go") && state.get("go").isObject()) {
                ((ObjectNode) state.get("go")).put("step", step).put("time", state.get("time").asLong());
            }
            ArrayNode evs = JSON.createArrayNode();
            for (JsonNode e : f.path("events")) {
                ObjectNode ev = e.deepCopy();
                ev.put("step", step);
                ev.put("time", state.get("time").asLong());
                if (!ev.has("fn")) {
                    ev.put("fn", "runtime." + ev.get("kind").asText());
                }
                if (!ev.has("src")) {
                    ev.put("src", "runtime/proc.go");
                }
                if (!ev.has("text")) {
                    ev.put("text", ev.get("kind").asText());
                }
                // what the event does to the pictures, decided by the server's own rules (a kind the engine
                // does not have is a broken fixture)
                EventKind kind = EventKind.byWire(ev.get("kind").asText());
                if (kind == null) {
                    throw new IllegalArgumentException("FakeLab: no event kind '" + ev.get("kind").asText() + "'");
                }
                JsonNode go = state.has("go") ? state.get("go") : state;
                Map<String, Object> detail = JSON.convertValue(ev, JSON.getTypeFactory().constructMapType(Map.class, String.class, Object.class));
                Map<String, Object> goMap = JSON.convertValue(go, JSON.getTypeFactory().constructMapType(Map.class, String.class, Object.class));
                Map<String, Object> roles = EventRoles.of(kind, integer(ev, "g"), integer(ev, "m"), integer(ev, "p"), detail, goMap).wire();
                roles.forEach((k, v) -> {
                    if (!ev.has(k)) {
                        ev.set(k, JSON.valueToTree(v));
                    }
                });
                evs.add(ev);
            }
            if (f.has("script")) {
                script = f.get("script").asInt();
            }
            states.add(state);
            events.add(evs);
            scripts.add(script);
        }
    }

    private static Integer integer(JsonNode ev, String field) {
        JsonNode n = ev.get(field);
        return n == null || !n.canConvertToInt() ? null : n.asInt();
    }

    public static FakeLab fixture(String resource) {
        try (InputStream in = FakeLab.class.getResourceAsStream("/fixtures/" + resource)) {
            if (in == null) {
                throw new IllegalArgumentException("FakeLab: no fixture /fixtures/" + resource);
            }
            return new FakeLab(JSON.readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fixture built in code (the frame-time measurement's large heap). */
    public static FakeLab of(JsonNode fixture) {
        return new FakeLab(fixture);
    }

    /** The fixture's states, frame by frame, and its lesson's model. */
    List<ObjectNode> states() {
        return states;
    }

    String model() {
        return lesson.path("model").asText("go");
    }

    public int frames() {
        return states.size();
    }

    /** Routes the page's /ws to this fake; call before navigating. */
    public FakeLab install(Page page) {
        page.routeWebSocket("**/ws", ws -> ws.onMessage(frame -> handle(ws, frame.text())));
        return this;
    }

    private void handle(WebSocketRoute ws, String text) {
        JsonNode msg;
        try {
            msg = JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        received.add(msg);
        String op = msg.path("op").asText();
        int last = states.size() - 1;
        switch (op) {
            case "load" -> {
                at = Math.min(last, msg.path("step").asInt(0));
                send(ws, lesson);
                send(ws, frame(at, false, 0));
            }
            case "step", "next" -> {
                int from = at;
                at = Math.min(last, at + Math.max(1, msg.path("n").asInt(1)));
                send(ws, frame(at, true, from));
            }
            case "back" -> {
                at = Math.max(0, at - Math.max(1, msg.path("n").asInt(1)));
                send(ws, frame(at, false, 0));
            }
            case "seek" -> {
                at = Math.max(0, Math.min(last, msg.path("step").asInt()));
                send(ws, frame(at, false, 0));
            }
            case "reset" -> {
                at = 0;
                send(ws, frame(at, false, 0));
            }
            case "lang", "set" -> {
                if (msg.has("asyncPreemption")) {
                    asyncPreemption = msg.get("asyncPreemption").asBoolean();
                }
                if (msg.has("writeBarrier")) {
                    writeBarrier = msg.get("writeBarrier").asBoolean();
                }
                if (op.equals("set")) {
                    at = 0;
                }
                send(ws, lesson);
                send(ws, frame(at, false, 0));
            }
            default -> send(ws, frame(at, false, 0));
        }
    }

    private ObjectNode frame(int i, boolean moved, int from) {
        // a fixture is a finished recording: every frame of it can be sought
        furthest = states.size() - 1;
        ObjectNode f = JSON.createObjectNode();
        f.put("type", "frame");
        f.put("step", i);
        f.put("time", states.get(i).get("time").asLong());
        f.put("furthest", furthest);
        f.put("ended", i == states.size() - 1);
        f.put("model", lesson.path("model").asText("go"));
        f.set("script", JSON.createObjectNode().put("index", scripts.get(i)).put("of", lesson.path("steps").size())
                .put("atEnd", true));
        f.set("switches", JSON.createObjectNode().put("asyncPreemption", asyncPreemption).put("writeBarrier", writeBarrier));
        f.set("state", states.get(i));
        ArrayNode evs = JSON.createArrayNode();
        if (moved) {
            for (int k = from + 1; k <= i; k++) {
                evs.addAll(events.get(k));
            }
        }
        f.set("events", evs);
        f.put("eventCount", evs.size());
        return f;
    }

    private static void send(WebSocketRoute ws, JsonNode message) {
        try {
            ws.send(JSON.writeValueAsString(message));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void put(ObjectNode root, String path, JsonNode value) {
        String[] keys = path.split("\\.");
        ObjectNode node = root;
        for (int i = 0; i < keys.length - 1; i++) {
            JsonNode child = node.get(keys[i]);
            if (!(child instanceof ObjectNode)) {
                child = JSON.createObjectNode();
                node.set(keys[i], child);
            }
            node = (ObjectNode) child;
        }
        node.set(keys[keys.length - 1], value);
    }
}
