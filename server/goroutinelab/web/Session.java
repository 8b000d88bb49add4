package goroutinelab.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import goroutinelab.engine.Event;
import goroutinelab.engine.Injection;
import goroutinelab.lesson.History;
import goroutinelab.lesson.Lesson;
import goroutinelab.lesson.LessonStore;
import goroutinelab.lesson.Player;
import goroutinelab.lesson.ScriptMap;
import goroutinelab.web.Messages.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * One browser's lesson over the WebSocket (docs/spec/protocol.md): admits a
 * message, reads it ({@link Messages}), makes the move on its {@link Player},
 * and sends the {@link Frame} that {@link Frames} builds, or a typed error. A
 * refused message never harms the session.
 */
public final class Session {
    private static final Logger LOG = LoggerFactory.getLogger(Session.class);
    private static final List<String> SIGNALS = List.of("SIGHUP", "SIGINT", "SIGPIPE", "SIGTERM", "SIGURG", "SIGUSR1", "SIGUSR2");
    private static final int RECENT_EVENTS = 300;
    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

    private final LessonStore store;
    private final Limits limits;
    private final Consumer<String> out;
    private final LongSupplier clockMs;
    private final LongSupplier cpuNs;
    private final Admission admission;

    private Player player;
    private Frames frames = new Frames(false, 0, false);
    private String lang = "en";
    private final ArrayDeque<Event> recent = new ArrayDeque<>();
    private long lastActiveMs;
    /** Where the last frame sent left the browser: to rebuild the run after a move failed half-way. */
    private Shown shown;

    private record Shown(String fork, long step, int script) {
    }

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
        this.admission = new Admission(limits);
        this.lastActiveMs = clockMs.getAsLong();
    }

    /** This thread's CPU time in ns, or 0 where the JVM cannot tell (then the CPU limit never applies). */
    private static long threadCpuNs() {
        return THREADS.isCurrentThreadCpuTimeSupported() ? Math.max(0, THREADS.getCurrentThreadCpuTime()) : 0;
    }

    public synchronized long lastActiveMs() {
        return lastActiveMs;
    }

    /** Whether a lesson has been loaded on this socket. */
    public synchronized boolean loaded() {
        return player != null;
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
        Message msg = null;
        try {
            admission.admit(text, now);
            long cpu0 = cpuNs.getAsLong();
            try {
                msg = read(text);
                handle(msg);
            } finally {
                admission.spent(cpuNs.getAsLong() - cpu0);
            }
        } catch (Refused r) {
            send(WireFormat.error(r.code, capped(r.getMessage())));
        } catch (UnsupportedOperationException e) {
            // a part of the runtime the engine does not model yet (the lesson or the learner asked for it)
            recover(msg);
            send(WireFormat.error("bad_request", "not available yet: " + capped(e.getMessage())));
        } catch (RuntimeException | StackOverflowError e) {
            String id = Errors.reference();
            LOG.error("internal error {} handling a message: {}", id, e.toString(), e);
            recover(msg);
            send(WireFormat.error("internal", "something went wrong on the server (reference " + id
                    + "); the session is still usable"));
        }
    }

    private static Message read(String text) {
        try {
            return Messages.read(text);
        } catch (Messages.Unreadable u) {
            throw new Refused(u.code, u.getMessage());
        }
    }

    /**
     * After a move failed half-way, the engine may be in a state no run reaches:
     * rebuild the player as the last frame showed it. A failed load or inject
     * changed nothing (a load builds its player aside, an injection is tried on a
     * copy), so there is nothing to rebuild.
     */
    private void recover(Message failed) {
        if (player == null || shown == null || failed instanceof Messages.Load || failed instanceof Messages.Inject) {
            return;
        }
        try {
            player = rebuild(player.map(), shown.fork(), shown.step(), shown.script());
        } catch (RuntimeException | StackOverflowError e) {
            LOG.warn("could not rebuild a session after an error; it starts over: {}", e.toString());
            player = new Player(player.map(), limits.maxStepsPerSession());
        }
    }

    /** A binary frame: the protocol is text only. */
    public synchronized void onBinary() {
        lastActiveMs = clockMs.getAsLong();
        send(WireFormat.error("bad_request", "binary messages are not part of the protocol: send JSON text"));
    }

    private void handle(Message msg) {
        if (msg instanceof Messages.Load l) {
            load(l);
            return;
        }
        if (player == null) {
            throw new Refused("not_loaded", "no lesson loaded: send {\"op\":\"load\",\"lesson\":\"<id>\"} first");
        }
        if (msg instanceof Messages.Next) {
            if (player.fork() != null) {
                throw new Refused("bad_request", "this is your own run: Next follows the lesson's script; go back to the lesson first ({\"op\":\"lesson\"})");
            }
            guardSteps(1);
            moved(player.next(frames.sequence()));
        } else if (msg instanceof Messages.Step s) {
            long n = count(s.n(), "n", 1L, 1, limits.maxStepsPerMessage());
            guardSteps(n);
            moved(player.step(n, frames.sequence()));
        } else if (msg instanceof Messages.Back b) {
            player.back(count(b.n(), "n", 1L, 1, Long.MAX_VALUE));
            jumped();
        } else if (msg instanceof Messages.Seek s) {
            long target = count(s.step(), "step", null, 0, limits.maxStepsPerSession());
            if (target > player.furthest() && target - player.timeline().step() > limits.maxStepsPerMessage()) {
                throw new Refused("limit", "seek would run " + (target - player.timeline().step())
                        + " new steps at once; at most " + limits.maxStepsPerMessage());
            }
            player.seek(target, s.script() == null ? -1 : s.script());
            jumped();
        } else if (msg instanceof Messages.Inject i) {
            Injection inj = injection(i);
            guardHistory();
            player.inject(inj);
            jumped();
        } else if (msg instanceof Messages.SetSwitch s) {
            if (s.asyncPreemption() == null && s.writeBarrier() == null) {
                throw new Refused("bad_request", "set needs asyncPreemption or writeBarrier, e.g. {\"op\":\"set\",\"asyncPreemption\":false}");
            }
            guardHistory();
            switches(player, s.asyncPreemption(), s.writeBarrier());
            jumped();
        } else if (msg instanceof Messages.Reset) {
            player.reset();
            recent.clear();
            jumped();
        } else if (msg instanceof Messages.BackToLesson) {
            player.backToLesson();
            recent.clear();
            jumped();
        } else if (msg instanceof Messages.Lang l) {
            lang = language(l.lang());
            send(WireFormat.lesson(player.lesson(), lang));
            Map<String, Object> log = new LinkedHashMap<>();
            log.put("type", "log");
            log.put("events", Frames.events(new ArrayList<>(recent), lang, player.engine().snapshot(), player.lesson()));
            send(log);
            jumped();
        }
    }

    private void load(Messages.Load msg) {
        if (msg.lesson() == null) {
            throw new Refused("bad_request", "load needs \"lesson\": a lesson id such as \"goroutines-and-run-queues\"");
        }
        String newLang = msg.lang() == null ? "en" : language(msg.lang());
        LessonStore.Entry entry = store.get(msg.lesson())
                .orElseThrow(() -> new Refused("no_lesson", "no lesson " + quoted(msg.lesson())));
        if (!entry.ok()) {
            throw new Refused("no_lesson", "lesson " + quoted(msg.lesson()) + " has errors: " + entry.problems().get(0));
        }
        ScriptMap map = ScriptMap.of(entry.lesson(), limits.maxStepsPerSession());
        long step = count(msg.step(), "step", 0L, 0, limits.maxStepsPerSession());
        int script = msg.script() == null ? -1 : (int) count(msg.script().longValue(), "script", null, 0, 10_000);
        String token = msg.history() == null || msg.history().isEmpty() || History.isLegacy(msg.history()) ? null : msg.history();
        if (step > limits.maxStepsPerMessage() * 5) {
            throw new Refused("limit", "cannot rebuild more than " + limits.maxStepsPerMessage() * 5 + " steps at once");
        }
        Player p;
        try {
            p = rebuild(map, token, step, script);
        } catch (IllegalArgumentException e) {
            throw new Refused("bad_request", e.getMessage());
        } catch (IllegalStateException e) {
            // a well-formed token that no run of this lesson produced: the session keeps what it had
            String id = Errors.reference();
            LOG.warn("history token refused, reference {}: {}", id, e.getMessage());
            throw new Refused("bad_request", "history: the token does not replay as a run of this lesson (reference " + id + ")");
        }
        if (token == null && (msg.asyncPreemption() != null || msg.writeBarrier() != null)) {
            // a link from an earlier version of the lab kept the switches apart: they fork the run at its start
            p.reset();
            switches(p, msg.asyncPreemption(), msg.writeBarrier());
            p.seek(step);
        }
        // nothing changes until the new run is built: a refused load leaves the session as it was
        player = p;
        lang = newLang;
        frames = new Frames(Boolean.TRUE.equals(msg.patch()), msg.sequence() == null ? 0 : msg.sequence(),
                Boolean.TRUE.equals(msg.author()));
        recent.clear();
        send(WireFormat.lesson(entry.lesson(), lang));
        jumped();
    }

    /** The lesson's run (or a forked run from its token) at a step, showing a script step where that is ambiguous. */
    private Player rebuild(ScriptMap map, String token, long step, int script) {
        Player p = new Player(map, limits.maxStepsPerSession());
        if (token != null) {
            History.Parsed h = History.parse(token, map.lesson());
            long replay = Math.max(step, h.entries().isEmpty() ? h.fork() : h.entries().get(h.entries().size() - 1).step());
            if (replay > limits.maxStepsPerMessage() * 5) {
                throw new Refused("limit", "cannot rebuild more than " + limits.maxStepsPerMessage() * 5 + " steps at once");
            }
            p.restoreFork(h, step);
        } else {
            p.seek(step, script);
        }
        return p;
    }

    /** Flips the switches given at the current step: the run forks here. */
    private static void switches(Player p, Boolean asyncPreemption, Boolean writeBarrier) {
        if (asyncPreemption != null && asyncPreemption != p.switchOn("asyncPreemption")) {
            p.inject(new Injection.SetSwitch("asyncPreemption", asyncPreemption));
        }
        if (writeBarrier != null && writeBarrier != p.switchOn("writeBarrier")) {
            p.inject(new Injection.SetSwitch("writeBarrier", writeBarrier));
        }
    }

    private static String language(String lang) {
        if (!"en".equals(lang) && !"zh".equals(lang)) {
            throw new Refused("bad_request", "\"lang\" must be \"en\" or \"zh\"");
        }
        return lang;
    }

    private Injection injection(Messages.Inject msg) {
        if (msg.signal() != null) {
            if (!SIGNALS.contains(msg.signal())) {
                throw new Refused("bad_request", "unknown signal " + quoted(msg.signal()) + ": expected one of " + String.join(", ", SIGNALS));
            }
            return new Injection.Signal(msg.signal());
        }
        if (msg.gc() != null) {
            if (!msg.gc()) {
                throw new Refused("bad_request", "\"gc\" must be true");
            }
            return new Injection.ForceGc();
        }
        if (msg.go() != null) {
            Lesson l = player.lesson();
            if (!l.program().functions().containsKey(msg.go())) {
                throw new Refused("bad_request", "unknown function " + quoted(msg.go()) + ": this lesson has "
                        + String.join(", ", l.program().functions().keySet()));
            }
            return new Injection.StartGoroutine(msg.go());
        }
        throw new Refused("bad_request", "inject needs signal, gc or go, e.g. {\"op\":\"inject\",\"signal\":\"SIGUSR1\"}");
    }

    /** A count from a message: absent is {@code absent} (or refused when that is null), then checked against min and max. */
    private static long count(Long v, String field, Long absent, long min, long max) {
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

    private void guardSteps(long n) {
        if (player.timeline().step() + n > limits.maxStepsPerSession()) {
            throw new Refused("limit", sessionLimit());
        }
    }

    /** Every frame's history token must rebuild its run: refuse the injection that would make it too long to. */
    private void guardHistory() {
        String h = player.forkToken();
        long entries = h == null ? 0 : h.chars().filter(c -> c == ',').count() + 1;
        if (entries + 1 > History.MAX_ENTRIES || (h != null && h.length() + 60 > History.MAX_LENGTH)) {
            throw new Refused("limit", "at most " + History.MAX_ENTRIES + " injections in one run; go back before some of them, or reset, to make room");
        }
    }

    private String sessionLimit() {
        return "this session has reached its limit of " + limits.maxStepsPerSession() + " steps; reset or go back";
    }

    private void moved(Player.Moved m) {
        for (Event e : m.events()) {
            recent.addLast(e);
            if (recent.size() > RECENT_EVENTS) {
                recent.pollFirst();
            }
        }
        sendFrame(frames.moved(player, m, lang));
        if (m.stoppedShort()) {
            send(WireFormat.error("limit", sessionLimit()));
        }
    }

    private void jumped() {
        sendFrame(frames.jumped(player));
    }

    /** Sends a frame; once it has gone, it is what the browser shows. */
    private void sendFrame(Frame f) {
        out.accept(json(f));
        shown = new Shown(f.history(), f.step(), f.script().index());
    }

    private void send(Map<String, Object> message) {
        out.accept(json(message));
    }

    /** A wire message as JSON text. */
    static String json(Object message) {
        try {
            return WireFormat.JSON.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Session.json: cannot write JSON", e);
        }
    }

    // ---- text helpers for refusals ----

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

    /** The UTF-8 length of text, or any number over {@code max} once it is known to be over. */
    static long utf8Length(String text, int max) {
        return Admission.utf8Length(text, max);
    }
}
