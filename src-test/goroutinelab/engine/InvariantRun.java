package goroutinelab.engine;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One engine played step by step with its invariants checked after every
 * step: the shared loop of the random-program tests. A failure is one line
 * naming the seed, the event it followed and the one before, so the line
 * alone reproduces it.
 */
public record InvariantRun(long steps, boolean ended, String failure) {

    /** Plays at most {@code maxSteps} steps, stopping at the first broken invariant, event stamped off the clock, backward clock or exception. */
    public static InvariantRun play(Engine e, long seed, int maxSteps) {
        Event last = null;
        long steps = 0;
        try {
            for (int i = 0; i < maxSteps; i++) {
                Event ev = e.step();
                List<String> broken = e.checkInvariants();
                if (!broken.isEmpty()) {
                    return failed(steps, e, "seed=" + seed + " after " + ev + " (before it: " + last + "): " + broken);
                }
                if (ev == null) {
                    break;
                }
                if (last != null && ev.time() < last.time()) {
                    return failed(steps, e, "seed=" + seed + ": time went back at " + ev + " (before it: " + last + ")");
                }
                if (ev.time() != e.now()) {
                    return failed(steps, e, "seed=" + seed + ": " + ev + " stamped apart from the clock at t=" + e.now());
                }
                last = ev;
                steps++;
            }
        } catch (RuntimeException ex) {
            return failed(steps, e, "seed=" + seed + " threw " + ex + " at t=" + e.now() + " after " + last);
        }
        return new InvariantRun(steps, e.ended(), null);
    }

    private static InvariantRun failed(long steps, Engine e, String why) {
        return new InvariantRun(steps, e.ended(), why);
    }

    public boolean ok() {
        return failure == null;
    }

    /**
     * Seeking about a timeline (to the end, back to a third, five steps back,
     * to the end again) lands on the very state a straight play reaches, the
     * whole engine state ({@link StateDigest}: action queues, interrupts,
     * outside events, the random generator...), not only the snapshot: the
     * determinism that step back and shared links rest on.
     */
    public static void assertSeekMatchesStraightPlay(Supplier<Timeline> fresh, String label) {
        Timeline a = fresh.get();
        for (int i = 0; i < 300 && a.forward() != null; i++) {
            // play straight
        }
        long end = a.step();
        Map<String, Object> straight = a.engine().snapshot();
        String whole = StateDigest.of(a.engine());
        Timeline b = fresh.get();
        b.seek(end);
        b.seek(end / 3);
        b.back(5);
        b.seek(end);
        assertThat(b.engine().snapshot()).as(label).isEqualTo(straight);
        assertThat(StateDigest.of(b.engine())).as(label + ": the whole engine state").isEqualTo(whole);
    }
}
