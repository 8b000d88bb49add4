package goroutinelab.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import goroutinelab.engine.Event;
import goroutinelab.engine.Injection;
import goroutinelab.lesson.History;
import goroutinelab.lesson.LessonStore;
import goroutinelab.lesson.Player;
import goroutinelab.web.Messages.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
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
    private static final int RECENT_EVENTS = 300;

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
        this(store, limits, out, clockMs, Admission::threadCpuNs);
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

    public synchronized long lastActiveMs() {
        return lastActiveMs;
    }

    /** Whether a lesson has been loaded on this socket. */
    public synchronized boolean loaded() {
        return player != null;
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
                msg = Messages.read(text);
                handle(msg);
            } finally {
                admission.spent(cpuNs.getAsLong() - cpu0);
            }
        } catch (Refused r) {
            send(WireFormat.error(r.code, Refused.capped(r.getMessage())));
        } catch (UnsupportedOperationException e) {
            // a part of the runtime the engine does not model yet (the lesson or the learner asked for it)
            recover(msg);
            send(WireFormat.error("bad_request", "not available yet: " + Refused.capped(e.getMessage())));
        } catch (RuntimeException | StackOverflowError e) {
            String id = Errors.reference();
            LOG.error("internal error {} handling a message: {}", id, e.toString(), e);
            recover(msg);
            send(WireFormat.error("internal", "something went wrong on the server (reference " + id
                    + "); the session is still usable"));
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
            player = Opening.rebuild(player.map(), limits, shown.fork(), shown.step(), shown.script());
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
            long n = Refused.count(s.n(), "n", 1L, 1, limits.maxStepsPerMessage());
            guardSteps(n);
            moved(player.step(n, frames.sequence()));
        } else if (msg instanceof Messages.Back b) {
            player.back(Refused.count(b.n(), "n", 1L, 1, Long.MAX_VALUE));
            jumped();
        } else if (msg instanceof Messages.Seek s) {
            long target = Refused.count(s.step(), "step", null, 0, limits.maxStepsPerSession());
            if (target > player.furthest() && target - player.timeline().step() > limits.maxStepsPerMessage()) {
                throw new Refused("limit", "seek would run " + (target - player.timeline().step())
                        + " new steps at once; at most " + limits.maxStepsPerMessage());
            }
            player.seek(target, s.script() == null ? -1 : s.script());
            jumped();
        } else if (msg instanceof Messages.Inject i) {
            Injection inj = i.injection(player.lesson().program().functions().keySet());
            guardHistory();
            player.inject(inj);
            jumped();
        } else if (msg instanceof Messages.SetSwitch s) {
            if (s.asyncPreemption() == null && s.writeBarrier() == null) {
                throw new Refused("bad_request", "set needs asyncPreemption or writeBarrier, e.g. {\"op\":\"set\",\"asyncPreemption\":false}");
            }
            guardHistory();
            Opening.switches(player, s.asyncPreemption(), s.writeBarrier());
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
            lang = Refused.language(l.lang());
            send(WireFormat.lesson(player.lesson(), lang));
            send(Frames.log(new ArrayList<>(recent), lang, player));
            jumped();
        }
    }

    private void load(Messages.Load msg) {
        Opening.Opened o = Opening.open(store, limits, msg);
        // nothing changes until the new run is built: a refused load leaves the session as it was
        player = o.player();
        lang = o.lang();
        frames = o.frames();
        recent.clear();
        send(WireFormat.lesson(player.lesson(), lang));
        jumped();
    }

    private void guardSteps(long n) {
        if (player.timeline().step() + n > limits.maxStepsPerSession()) {
            throw new Refused("limit", sessionLimit());
        }
    }

    /** Every frame's history token must rebuild its run: refuse the injection that would make it too long to. */
    private void guardHistory() {
        if (!History.hasRoom(player.forkToken())) {
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

    /** The UTF-8 length of text, or any number over {@code max} once it is known to be over. */
    static long utf8Length(String text, int max) {
        return Admission.utf8Length(text, max);
    }
}
