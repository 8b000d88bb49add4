package goroutinelab.engine;

import java.util.List;
import java.util.Map;

/**
 * An engine whose invariants ({@link Engine#checkInvariants()}) are checked
 * after every step, and after every clock move: the first one that breaks
 * stops the run loudly with {@link Broken}, naming the engine step, the event
 * it followed and the invariant. The {@code check} command and the lesson
 * tests play every lesson this way; a learner's session does not pay for it.
 *
 * <p>Checked after every step, the invariants cost several times the step
 * itself (every G's place, every P and M, the heap). {@link #every} checks
 * them every n steps instead, and names the same step: it keeps a copy of the
 * engine as it was at the last check that held, and the deadlines of the
 * steps since; when a check fails (or a step throws), it replays those steps
 * on the copy, checking after each, and reports the first that broke, with
 * its event, exactly as a check after every step would have. The engine is
 * deterministic, so the replay is the same run. Before anything that shows or
 * changes the run from outside (a snapshot, an injection, a clock move, a
 * copy) and at {@link #verify()}, the steps not yet checked are checked, so a
 * caller learns of a broken invariant no later than it would see its effects.
 */
public final class CheckedEngine implements Engine {
    private final Engine engine;
    /** Check after this many steps (1: after every step). */
    private final int every;
    /** The engine at the last check that held, when every > 1 (null until the first step). */
    private Engine base;
    /** The deadlines of the steps taken since base, in order. */
    private final long[] deadlines;
    private int pending;
    /** The event of the last step taken. */
    private Event last;

    public CheckedEngine(Engine engine) {
        this(engine, 1);
    }

    private CheckedEngine(Engine engine, int every) {
        if (every < 1) {
            throw new IllegalArgumentException("CheckedEngine: check every " + every + " steps");
        }
        this.engine = engine;
        this.every = every;
        this.deadlines = new long[every];
    }

    /** An engine checked every {@code n} steps, that still names the first step after which an invariant broke. */
    public static CheckedEngine every(Engine engine, int n) {
        return new CheckedEngine(engine, n);
    }

    /** A broken invariant: which engine step, after which event, and what broke. */
    public static final class Broken extends IllegalStateException {
        private final long step;
        private final transient Event after;
        private final List<String> invariants;

        Broken(long step, Event after, List<String> invariants) {
            super("after engine step " + step + (after == null ? "" : " (" + after + ")")
                    + ", an invariant of the engine broke: " + String.join("; ", invariants));
            this.step = step;
            this.after = after;
            this.invariants = List.copyOf(invariants);
        }

        public long step() {
            return step;
        }

        /** The event of that step, or null if the step found nothing to do. */
        public Event after() {
            return after;
        }

        /** Each broken invariant as the engine words it. */
        public List<String> invariants() {
            return invariants;
        }
    }

    private void check(Event after) {
        List<String> broken = engine.checkInvariants();
        if (!broken.isEmpty()) {
            throw new Broken(engine.steps(), after, broken);
        }
    }

    @Override
    public Event step(long deadline) {
        if (every == 1) {
            Event e = engine.step(deadline);
            check(e);
            return e;
        }
        if (base == null) {
            base = engine.copy();
        }
        Event e;
        try {
            e = engine.step(deadline);
        } catch (RuntimeException failed) {
            // a step that fails after one that broke an invariant: the broken invariant is what check reports
            replay(null);
            throw failed;
        }
        deadlines[pending++] = deadline;
        last = e;
        if (pending == every) {
            verify();
        }
        return e;
    }

    /**
     * Checks the steps not yet checked: throws {@link Broken} for the first
     * after which an invariant broke; a no-op when checked after every step.
     */
    public void verify() {
        if (pending == 0) {
            return;
        }
        List<String> broken = engine.checkInvariants();
        if (!broken.isEmpty()) {
            replay(new Broken(engine.steps(), last, broken));
        }
        base = engine.copy();
        pending = 0;
    }

    /**
     * Replays the unchecked steps on the copy taken at the last check that
     * held, checking after each, and throws Broken for the first that broke;
     * if none did, throws {@code otherwise} (when not null).
     */
    private void replay(Broken otherwise) {
        Engine r = base;
        for (int i = 0; i < pending && r != null; i++) {
            Event e = r.step(deadlines[i]);
            List<String> broken = r.checkInvariants();
            if (!broken.isEmpty()) {
                pending = 0;
                base = null;
                throw new Broken(r.steps(), e, broken);
            }
        }
        pending = 0;
        base = null;
        if (otherwise != null) {
            throw otherwise;
        }
    }

    @Override
    public void advanceTo(long t) {
        verify();
        engine.advanceTo(t);
        check(null);
        rebase();
    }

    @Override
    public void inject(Injection injection) {
        verify();
        engine.inject(injection);
        check(null);
        rebase();
    }

    /** The run was changed from outside: the replay copy must start from here. */
    private void rebase() {
        if (every > 1) {
            base = engine.copy();
        }
    }

    @Override
    public CheckedEngine copy() {
        verify();
        return new CheckedEngine(engine.copy(), every);
    }

    @Override
    public long steps() {
        return engine.steps();
    }

    @Override
    public long now() {
        return engine.now();
    }

    @Override
    public long nextTime() {
        return engine.nextTime();
    }

    @Override
    public long eventCount(String kind, Integer g) {
        return engine.eventCount(kind, g);
    }

    @Override
    public boolean ended() {
        return engine.ended();
    }

    @Override
    public Map<String, Object> snapshot() {
        verify();
        return engine.snapshot();
    }

    @Override
    public long approximateBytes() {
        return engine.approximateBytes();
    }

    @Override
    public List<String> checkInvariants() {
        return engine.checkInvariants();
    }
}
