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

    static Opened open(LessonStore store, Limits limits, Messages.Load msg) {
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
        if (step > limits.maxStepsPerMessage() * 5) {
            throw new Refused("limit", "cannot rebuild more than " + limits.maxStepsPerMessage() * 5 + " steps at once");
        }
        Player p;
        try {
            p = rebuild(map, limits, token, step, script);
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
        return new Opened(p, lang, new Frames(Boolean.TRUE.equals(msg.patch()), msg.sequence() == null ? 0 : msg.sequence(),
                Boolean.TRUE.equals(msg.author())));
    }

    /** The lesson's run (or a forked run from its token) at a step, showing a script step where that is ambiguous. */
    static Player rebuild(ScriptMap map, Limits limits, String token, long step, int script) {
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
    static void switches(Player p, Boolean asyncPreemption, Boolean writeBarrier) {
        if (asyncPreemption != null && asyncPreemption != p.switchOn("asyncPreemption")) {
            p.inject(new Injection.SetSwitch("asyncPreemption", asyncPreemption));
        }
        if (writeBarrier != null && writeBarrier != p.switchOn("writeBarrier")) {
            p.inject(new Injection.SetSwitch("writeBarrier", writeBarrier));
        }
    }
}
