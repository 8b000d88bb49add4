package goroutinelab.web;

import goroutinelab.engine.Injection;
import goroutinelab.lesson.History;
import goroutinelab.lesson.LessonStore;
import goroutinelab.lesson.Player;
import goroutinelab.lesson.ScriptMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opening a lesson for a socket ({@code load}): the lesson's own run at a
 * step (a link to a moment), or a forked run from its token, each refused with
 * a reason when it cannot be; and flipping switches, which fork the run.
 */
final class Opening {
    private static final Logger LOG = LoggerFactory.getLogger(Opening.class);

    private Opening() {
    }

    /** A run opened for a load, in the language and frame options it asked for. */
    record Opened(Player player, String lang, Frames frames) {
    }

    /**
     * The run a load asks for, built within the move's budget: it replays the
     * run from its start, so a link to a step (or with an injection) further
     * than one message's steps is refused, and so is a rebuild the budget
     * stops; the session keeps what it had.
     */
    static Opened open(LessonStore store, Limits limits, Messages.Load msg, Move move) {
        if (msg.lesson() == null) {
            throw new Refused("bad_request", "load needs \"lesson\": a lesson id such as \"goroutines-and-run-queues\"");
        }
        String lang = msg.lang() == null ? "en" : Refused.language(msg.lang());
        LessonStore.Entry entry = store.get(msg.lesson())
                .orElseThrow(() -> new Refused("no_lesson", "no lesson " + Refused.quoted(msg.lesson())));
        if (!entry.ok()) {
            throw new Refused("no_lesson", "lesson " + Refused.quoted(msg.lesson()) + " has errors: " + entry.problems().get(0));
        }
        ScriptMap map = ScriptMap.of(entry.lesson(), limits.maxStepsPerSession());
        long step = Refused.count(msg.step(), "step", 0L, 0, limits.maxStepsPerSession());
        int script = msg.script() == null ? -1 : (int) Refused.count(msg.script().longValue(), "script", null, 0, 10_000);
        String token = msg.history() == null || msg.history().isEmpty() || History.isLegacy(msg.history()) ? null : msg.history();
        // a rebuild cannot stop half-way: it replays at most one message's steps (the map's play besides), and
        // what its CPU overruns is owed
        move.rebuilding(2 * limits.maxStepsPerMessage());
        Player p;
        try {
            p = rebuild(map, limits, token, step, script, move);
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
            if (p.seek(step, -1, move) == Player.Stop.BUDGET) {
                throw new Refused("limit", "could not open this link: " + move.why(p.timeline().step()));
            }
        }
        return new Opened(p, lang, new Frames(Boolean.TRUE.equals(msg.patch()), msg.sequence() == null ? 0 : msg.sequence(),
                Boolean.TRUE.equals(msg.author()), Boolean.TRUE.equals(msg.sendOnce())));
    }

    /** The lesson's run (or a forked run from its token) at a step, showing a script step where that is ambiguous. */
    private static Player rebuild(ScriptMap map, Limits limits, String token, long step, int script, Move move) {
        Player p = new Player(map, limits.maxStepsPerSession());
        move.measuring(p);
        Player.Stop stop;
        if (token != null) {
            History.Parsed h = History.parse(token, map.lesson());
            long last = h.entries().isEmpty() ? h.fork() : h.entries().get(h.entries().size() - 1).step();
            guardReplay(limits, Math.max(step, last), step >= last ? "step " + step : "an injection at step " + last);
            stop = p.restoreFork(h, step, move);
        } else {
            guardReplay(limits, step, "step " + step);
            stop = p.seek(step, script, move);
        }
        if (stop == Player.Stop.BUDGET) {
            throw new Refused("limit", "could not open this link: " + move.why(p.timeline().step()));
        }
        return p;
    }

    /** A rebuild replays the run from its start: at most one message's steps. */
    private static void guardReplay(Limits limits, long steps, String what) {
        if (steps > limits.maxStepsPerMessage()) {
            throw new Refused("limit", "this link is to " + what + ", and the server rebuilds at most "
                    + limits.maxStepsPerMessage() + " steps of a run at once: open the lesson at an earlier step");
        }
    }

    /** The run as the last frame showed it, rebuilt whatever it costs (after an internal error: the server's doing). */
    static Player restored(ScriptMap map, Limits limits, String token, long step, int script) {
        Player p = new Player(map, limits.maxStepsPerSession());
        if (token != null) {
            p.restoreFork(History.parse(token, map.lesson()), step);
        } else {
            p.seek(step, script);
        }
        return p;
    }

    /** As {@link #restored}, or the lesson from its start when even that fails (the session stays usable). */
    static Player restoredOrAfresh(ScriptMap map, Limits limits, String token, long step, int script) {
        try {
            return restored(map, limits, token, step, script);
        } catch (RuntimeException | StackOverflowError e) {
            LOG.warn("could not rebuild a session after an error; it starts over: {}", e.toString());
            return new Player(map, limits.maxStepsPerSession());
        }
    }

    /** Flips the switches given at the current step: the run forks here. */
    static void switches(Player p, Boolean asyncPreemption, Boolean writeBarrier) {
        if (asyncPreemption != null && asyncPreemption != p.switchOn("asyncPreemption")) {
            p.inject(new Injection.SetSwitch("asyncPreemption", asyncPreemption));
        }
        if (writeBarrier != null && writeBarrier != p.switchOn("writeBarrier")) {
            p.inject(new Injection.SetSwitch("writeBarrier", writeBarrier));
        }
    }
}
