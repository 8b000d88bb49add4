package goroutinelab.web;

import goroutinelab.engine.Event;
import goroutinelab.lesson.Lesson;
import goroutinelab.lesson.Player;
import goroutinelab.lesson.ScriptMap;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a session's frames: the one place a {@link Frame} is made, from the
 * player's position and one snapshot of its engine, sent as {@link WireState}
 * (no event count of 0). It remembers the state the
 * last frame left the browser with, so a forward move can be sent as a patch,
 * and its events one at a time.
 */
final class Frames {
    /** A patch longer than this is sent as the whole state instead. */
    static final int MAX_PATCH_OPS = 400;
    /** The most events of one move shown one at a time. */
    static final int MAX_SEQUENCE = 24;

    private final boolean patches;
    private final int sequence;
    private final boolean author;
    /** The last step of a move that ends at its last event carries no patch (the page asked: it takes the frame's state). */
    private final boolean sendOnce;
    /** The state the last frame left the browser with, kept only while patching. */
    private Map<String, Object> lastState;

    /**
     * With {@code patches}, forward moves go as patches; {@code sequence} events of a move are shown in turn;
     * with {@code sendOnce}, a move's last step sends no operations the frame's patch already carries (a page
     * from before this asks without it, and still gets every step's patch).
     */
    Frames(boolean patches, int sequence, boolean author, boolean sendOnce) {
        this.patches = patches;
        this.sequence = patches ? Math.max(0, Math.min(sequence, MAX_SEQUENCE)) : 0;
        this.author = author;
        this.sendOnce = sendOnce;
    }

    /** Whether forward moves go as patches (the last frame's state is then kept). */
    boolean patching() {
        return patches;
    }

    /** How many of a move's last events to take a state after. */
    int sequence() {
        return sequence;
    }

    /** After a forward move: its events, as a patch (and per-event patches) where the browser can take them. */
    Frame moved(Player p, Player.Moved m, String lang) {
        List<Map<String, Object>> states = m.states();
        // the state after the move's last event is often the state it ended in: then it is not taken twice
        boolean lastIsNow = m.lastStateIsNow() && !states.isEmpty();
        Map<String, Object> snapshot = lastIsNow ? states.get(states.size() - 1) : p.engine().snapshot();
        Map<String, Object> state = WireState.of(snapshot);
        List<Map<String, Object>> patch = null;
        List<Frame.Step> steps = null;
        if (patches && lastState != null) {
            patch = StatePatch.diff(lastState, state);
            if (patch.size() > MAX_PATCH_OPS) {
                patch = null;
            } else if (!states.isEmpty()) {
                steps = steps(m, lastIsNow ? state : null, patch);
            }
        }
        return frame(p, events(m.events(), lang, snapshot, p.lesson()), m.count(), state, patch, steps,
                m.failures());
    }

    /** After a jump (load, back, seek, a switch, an injection): the whole state, no events. */
    Frame jumped(Player p) {
        lastState = null;
        return frame(p, List.of(), 0, WireState.of(p.engine().snapshot()), null, null, List.of());
    }

    /**
     * The per-event patches; {@code end}, when not null, is the frame's state, which is the state after the
     * last event: with {@code sendOnce} that step carries no patch (the browser takes the frame's state for it),
     * and when it is also the first, its patch is the frame's own ({@code patch}), not worked out again.
     */
    private List<Frame.Step> steps(Player.Moved m, Map<String, Object> end, List<Map<String, Object>> patch) {
        List<Frame.Step> out = new ArrayList<>();
        Map<String, Object> before = lastState;
        int first = m.statesFrom();
        int n = m.states().size();
        for (int i = 0; i < n; i++) {
            boolean atEnd = end != null && i == n - 1;
            if (atEnd && sendOnce) {
                out.add(new Frame.Step(first + i, null));
                break;
            }
            Map<String, Object> after = atEnd ? end : WireState.of(m.states().get(i));
            List<Map<String, Object>> d = atEnd && i == 0 ? patch : StatePatch.diff(before, after);
            if (d.size() > MAX_PATCH_OPS) {
                return null; // too much changes at once to show piece by piece: the frame jumps
            }
            out.add(new Frame.Step(first + i, d));
            before = after;
        }
        return out;
    }

    private Frame frame(Player p, List<Map<String, Object>> events, long count, Map<String, Object> state,
                        List<Map<String, Object>> patch, List<Frame.Step> steps, List<String> failures) {
        ScriptMap.Span span = p.span();
        long step = p.engine().steps();
        Frame.Script script = new Frame.Script(p.cursor(), p.map().size(), span == null ? null : span.start(),
                span == null ? null : span.end(), span == null ? step == 0 : step == span.end());
        List<String> shown = author && p.fork() == null && span != null ? span.failures() : null;
        lastState = patches ? state : null;
        return new Frame("frame", step, p.engine().now(), p.furthest(), p.engine().ended(), model(p.lesson()), script,
                p.fork(), new Frame.Switches(p.switchOn("asyncPreemption"), p.switchOn("writeBarrier")), p.forkToken(),
                events, count, patch == null ? state : null, patch, steps,
                shown == null || shown.isEmpty() ? null : shown);
    }

    /** After a change of language: the recent events again, in the new language. */
    static Map<String, Object> log(List<Event> recent, String lang, Player p) {
        Map<String, Object> log = new LinkedHashMap<>();
        log.put("type", "log");
        log.put("events", events(recent, lang, p.engine().snapshot(), p.lesson()));
        return log;
    }

    static String model(Lesson l) {
        return switch (l.model()) {
            case GO -> "go";
            case COMPARE -> "compare";
            case CPYTHON -> "cpython";
        };
    }

    /** The Go side of a state, whatever the lesson's model. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> goSide(Map<String, Object> state, Lesson l) {
        return switch (l.model()) {
            case GO -> state;
            case COMPARE -> (Map<String, Object>) state.get("go");
            case CPYTHON -> null;
        };
    }

    static List<Map<String, Object>> events(List<Event> events, String lang, Map<String, Object> state, Lesson l) {
        Map<String, Object> go = state == null ? null : goSide(state, l);
        List<Map<String, Object>> out = new ArrayList<>(events.size());
        for (Event e : events) {
            out.add(event(e, lang, go));
        }
        return out;
    }

    /** One event on the wire: what the engine said, and what it does to the pictures ({@link EventRoles}). */
    static Map<String, Object> event(Event e, String lang, Map<String, Object> go) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", e.kind().wire());
        m.put("step", e.step());
        m.put("time", e.time());
        m.put("g", e.g());
        m.put("m", e.m());
        m.put("p", e.p());
        m.put("fn", e.kind().fn());
        m.put("src", e.kind().src());
        m.put("text", e.text(lang));
        m.putAll(EventRoles.of(e, go).wire());
        e.detail().forEach(m::putIfAbsent);
        return m;
    }
}
