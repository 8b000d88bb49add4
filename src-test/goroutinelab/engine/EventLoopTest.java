package goroutinelab.engine;

import goroutinelab.engine.runtime.GoRuntime;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The shared step loop: counts per kind and per goroutine, and a copy's counts going their own way. */
class EventLoopTest {

    private static Engine engine() {
        return new GoRuntime(Harness.prog().fn("main", new Op.Go("w", 6), new Op.Repeat(20, List.of(new Op.Compute(Harness.us(30)), new Op.Gosched())))
                .fn("w", new Op.Repeat(10, List.of(new Op.Compute(Harness.us(20)), new Op.Sleep(Harness.us(15))))).build(),
                RuntimeConfig.DEFAULT.withGomaxprocs(2));
    }

    private static List<Long> counts(Engine e) {
        List<Long> out = new ArrayList<>();
        for (int g = 0; g <= 8; g++) {
            for (EventKind k : new EventKind[]{EventKind.EXECUTE, EventKind.GOPARK, EventKind.GOSCHED, EventKind.TIMER}) {
                out.add(e.eventCount(k.wire(), g == 0 ? null : g));
            }
        }
        return out;
    }

    @Test
    void eventsAreCountedPerKindAndPerGoroutine() {
        Engine e = engine();
        long executes = 0;
        long ofG2 = 0;
        for (Event ev = e.step(); ev != null; ev = e.step()) {
            executes += ev.kind() == EventKind.EXECUTE ? 1 : 0;
            ofG2 += ev.kind() == EventKind.EXECUTE && Integer.valueOf(2).equals(ev.g()) ? 1 : 0;
        }
        assertThat(e.eventCount("execute", null)).isEqualTo(executes).isPositive();
        assertThat(e.eventCount("execute", 2)).isEqualTo(ofG2).isPositive();
        assertThat(e.eventCount("no_such_kind", null)).isZero();
        assertThat(e.eventCount("execute", 999)).isZero();
    }

    @Test
    void aCopysCountsAndItsOriginalsGoTheirOwnWays() {
        Engine e = engine();
        for (int i = 0; i < 60; i++) {
            e.step();
        }
        Engine c = e.copy();
        List<Long> atCopy = counts(c);
        for (int i = 0; i < 300; i++) {
            e.step();
        }
        assertThat(counts(c)).as("the original's steps leave the copy's counts alone").isEqualTo(atCopy);
        List<Long> original = counts(e);
        for (int i = 0; i < 300; i++) {
            c.step();
        }
        assertThat(counts(c)).as("the copy, played the same, counts the same").isEqualTo(original);
        Engine again = c.copy();
        for (int i = 0; i < 100; i++) {
            c.step();
        }
        assertThat(counts(again)).isEqualTo(original);
    }
}
