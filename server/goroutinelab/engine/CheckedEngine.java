package goroutinelab.engine;

import java.util.List;
import java.util.Map;

/**
 * An engine whose invariants ({@link Engine#checkInvariants()}) are checked
 * after every step, and after every clock move: the first one that breaks
 * stops the run loudly with {@link Broken}, naming the engine step, the event
 * it followed and the invariant. The {@code check} command and the lesson
 * tests play every lesson this way; a learner's session does not pay for it.
 */
public final class CheckedEngine implements Engine {
    private final Engine engine;

    public CheckedEngine(Engine engine) {
        this.engine = engine;
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
        Event e = engine.step(deadline);
        check(e);
        return e;
    }

    @Override
    public void advanceTo(long t) {
        engine.advanceTo(t);
        check(null);
    }

    @Override
    public void inject(Injection injection) {
        engine.inject(injection);
        check(null);
    }

    @Override
    public CheckedEngine copy() {
        return new CheckedEngine(engine.copy());
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
