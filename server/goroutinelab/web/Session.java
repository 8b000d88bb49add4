package goroutinelab.web;

import goroutinelab.engine.Event;
import goroutinelab.engine.Injection;
import goroutinelab.lesson.Budget;
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
 *
 * <p>Every move runs within a {@link Move}, the {@link Budget} its player
 * reports to every few hundred engine steps: there the move's engine steps
 * are counted against the per-message limit, its CPU against the socket's
 * share ({@link CpuBudget}), the session's memory against the server's
 * ({@link MemoryBudget}), and the engine thread is offered to a client
 * that has used less ({@link EnginePool.Sharing}). A move told to stop shows
 * where it got to, followed by a {@code limit} error saying why.
 */
public final class Session {
    private static final Logger LOG = LoggerFactory.getLogger(Session.class);
    private static final int RECENT_EVENTS = 300;

    private final LessonStore store;
    private final Limits limits;
    private final Consumer<String> out;
    private final LongSupplier clockMs;
    private final Admission admission;
    /** What every move of this session is measured with. */
    private final Move.Meter meter;

    /** Read by the sweeper without the session's lock (a move may be waiting for its turn while holding it). */
    private volatile Player player;
    private Frames frames = new Frames(false, 0, false, false);
    private String lang = "en";
    private final ArrayDeque<Event> recent = new ArrayDeque<>();
    private volatile long lastActiveMs;
    /** Where the last frame sent left the browser: to rebuild the run after a move failed half-way. */
    private Shown shown;
    /** The move under way (null between messages). */
    private Move move;

    private record Shown(String fork, long step, int script) {
    }

    public Session(LessonStore store, Limits limits, Consumer<String> out, LongSupplier clockMs) {
        this(store, limits, out, clockMs, Admission::threadCpuNs);
    }

    /** With {@code cpuNs}, the CPU time of the thread handling the message (tests pass a fake). */
    public Session(LessonStore store, Limits limits, Consumer<String> out, LongSupplier clockMs, LongSupplier cpuNs) {
        this(store, limits, out, clockMs, cpuNs, MemoryBudget.unlimited(), EnginePool.Sharing.NONE);
    }

    /** A session that is its own client for the memory budget (tests). */
    Session(LessonStore store, Limits limits, Consumer<String> out, LongSupplier clockMs, LongSupplier cpuNs,
            MemoryBudget memory, EnginePool.Sharing sharing) {
        this(store, limits, out, clockMs, cpuNs, memory, sharing, null);
    }

    /**
     * A server's session: its memory counts against the server's budget and
     * its {@code client}'s share of it (null: the session is its own client),
     * and its moves share the engine threads.
     */
    Session(LessonStore store, Limits limits, Consumer<String> out, LongSupplier clockMs, LongSupplier cpuNs,
            MemoryBudget memory, EnginePool.Sharing sharing, Object client) {
        this.store = store;
        this.limits = limits;
        this.out = out;
        this.clockMs = clockMs;
        this.lastActiveMs = clockMs.getAsLong();
        CpuBudget cpu = new CpuBudget(limits.maxCpuMsPerSecond(), lastActiveMs);
        this.admission = new Admission(limits, cpu);
        this.meter = new Move.Meter(limits, cpuNs, clockMs, cpu, memory, sharing, this, client == null ? this : client,
                p -> MemoryBudget.sessionBytes(p, frames.patching(), recent.size()));
    }

    public long lastActiveMs() {
        return lastActiveMs;
    }

    /** Whether a lesson has been loaded on this socket. */
    public boolean loaded() {
        return player != null;
    }

    /** What this session holds by the engine's estimate (its run's worlds and checkpoints, its recent events). */
    public synchronized long memoryBytes() {
        return player == null ? 0 : meter.bytesOf().applyAsLong(player);
    }

    /** Handles one text message from the browser. */
    public synchronized void onMessage(String text) {
        long now = clockMs.getAsLong();
        lastActiveMs = now;
        Message msg = null;
        try {
            admission.admit(text, now);
            move = new Move(meter, player);
            try {
                msg = Messages.read(text);
                handle(msg);
            } finally {
                move.settle();
                move = null;
                if (player != null) {
                    meter.hold(player);
                }
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
        player = Opening.restoredOrAfresh(player.map(), limits, shown.fork(), shown.step(), shown.script());
    }

    /** The socket closed: what the session held is free. */
    void closed() {
        meter.memory().release(this);
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
            Refused.unlessRoomFor(1, player, limits);
            meter.admitGrowth(player);
            moved(player.next(frames.sequence(), move), "press Next again to go on");
        } else if (msg instanceof Messages.Step s) {
            long n = Refused.count(s.n(), "n", 1L, 1, limits.maxStepsPerMessage());
            Refused.unlessRoomFor(n, player, limits);
            meter.admitGrowth(player);
            moved(player.step(n, frames.sequence(), move), "step again to go on");
        } else if (msg instanceof Messages.Back b) {
            jumped(player.back(Refused.count(b.n(), "n", 1L, 1, Long.MAX_VALUE), move));
        } else if (msg instanceof Messages.Seek s) {
            long target = Refused.count(s.step(), "step", null, 0, limits.maxStepsPerSession());
            if (target > player.furthest() && target - player.timeline().step() > limits.maxStepsPerMessage()) {
                throw new Refused("limit", "seek would run " + (target - player.timeline().step())
                        + " new steps at once; at most " + limits.maxStepsPerMessage());
            }
            if (target > player.furthest()) {
                meter.admitGrowth(player);
            }
            jumped(player.seek(target, s.script() == null ? -1 : s.script(), move));
        } else if (msg instanceof Messages.Inject i) {
            Injection inj = i.injection(player.lesson().program().functions().keySet());
            Refused.unlessHistoryRoom(player);
            player.inject(inj);
            jumped();
        } else if (msg instanceof Messages.SetSwitch s) {
            if (s.asyncPreemption() == null && s.writeBarrier() == null) {
                throw new Refused("bad_request", "set needs asyncPreemption or writeBarrier, e.g. {\"op\":\"set\",\"asyncPreemption\":false}");
            }
            Refused.unlessHistoryRoom(player);
            Opening.switches(player, s.asyncPreemption(), s.writeBarrier());
            jumped();
        } else if (msg instanceof Messages.Reset) {
            player.reset();
            recent.clear();
            jumped();
        } else if (msg instanceof Messages.BackToLesson) {
            Player.Stop stop = player.backToLesson(move);
            recent.clear();
            jumped(stop);
        } else if (msg instanceof Messages.Lang l) {
            lang = Refused.language(l.lang());
            send(WireFormat.lesson(player.lesson(), lang));
            send(Frames.log(new ArrayList<>(recent), lang, player));
            jumped();
        }
    }

    private void load(Messages.Load msg) {
        Opening.Opened o = Opening.open(store, limits, msg, move);
        // nothing changes until the new run is built: a refused load leaves the session as it was
        player = o.player();
        lang = o.lang();
        frames = o.frames();
        recent.clear();
        send(WireFormat.lesson(player.lesson(), lang));
        jumped();
    }

    private void moved(Player.Moved m, String goOn) {
        breathe();
        for (Event e : m.events()) {
            recent.addLast(e);
            if (recent.size() > RECENT_EVENTS) {
                recent.pollFirst();
            }
        }
        sendFrame(frames.moved(player, m, lang));
        if (m.stop() == Player.Stop.CEILING) {
            send(WireFormat.error("limit", Refused.sessionLimit(limits)));
        } else if (m.stop() == Player.Stop.BUDGET) {
            send(WireFormat.error("limit", move.why(player.timeline().step()) + (move.memoryStopped() ? "" : "; " + goOn)));
        }
    }

    private void jumped() {
        breathe();
        sendFrame(frames.jumped(player));
    }

    private void breathe() {
        if (move != null) {
            move.breathe();
        }
    }

    /** After a move that travels (seek, back, the lesson again): its frame, then why it stopped short, if it did. */
    private void jumped(Player.Stop stop) {
        jumped();
        if (stop == Player.Stop.BUDGET) {
            send(WireFormat.error("limit", move.why(player.timeline().step())));
        }
    }

    /** Sends a frame; once it has gone, it is what the browser shows. */
    private void sendFrame(Frame f) {
        out.accept(WireFormat.text(f));
        shown = new Shown(f.history(), f.step(), f.script().index());
    }

    private void send(Map<String, Object> message) {
        out.accept(WireFormat.text(message));
    }
}
