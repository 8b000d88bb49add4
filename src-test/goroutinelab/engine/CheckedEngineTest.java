package goroutinelab.engine;

import goroutinelab.engine.runtime.GoRuntime;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** CheckedEngine stops a run at the first step after which an invariant is broken, and says which. */
class CheckedEngineTest {

    /** A real engine whose invariants are said to break from engine step {@code from} on. */
    private static Engine breaksFrom(Engine real, long from) {
        return breaksFrom(real, from, Long.MAX_VALUE);
    }

    /** As {@link #breaksFrom(Engine, long)}, and its step number {@code failsAt} throws. */
    private static Engine breaksFrom(Engine real, long from, long failsAt) {
        return new Engine() {
            @Override
            public Event step(long deadline) {
                if (real.steps() + 1 == failsAt) {
                    throw new IllegalStateException("schedule: no M to run G2");
                }
                return real.step(deadline);
            }

            @Override
            public void advanceTo(long t) {
                real.advanceTo(t);
            }

            @Override
            public long steps() {
                return real.steps();
            }

            @Override
            public long now() {
                return real.now();
            }

            @Override
            public long nextTime() {
                return real.nextTime();
            }

            @Override
            public long eventCount(String kind, Integer g) {
                return real.eventCount(kind, g);
            }

            @Override
            public boolean ended() {
                return real.ended();
            }

            @Override
            public void inject(Injection injection) {
                real.inject(injection);
            }

            @Override
            public Map<String, Object> snapshot() {
                return real.snapshot();
            }

            @Override
            public Engine copy() {
                return breaksFrom(real.copy(), from, failsAt);
            }

            @Override
            public List<String> checkInvariants() {
                return real.steps() >= from ? List.of("G2 must be in exactly one place, is in [P0.runq, P0.runnext]") : List.of();
            }
        };
    }

    private static Program program() {
        return Harness.prog().fn("main", new Op.Go("w", 2), new Op.Compute(Harness.us(50))).fn("w", new Op.Compute(Harness.us(10))).build();
    }

    @Test
    void theFirstStepAfterWhichAnInvariantBreaksStopsTheRunNamingStepEventAndInvariant() {
        Engine checked = new CheckedEngine(breaksFrom(new GoRuntime(program(), RuntimeConfig.DEFAULT), 3));
        checked.step();
        checked.step();
        assertThatThrownBy(checked::step).isInstanceOfSatisfying(CheckedEngine.Broken.class, b -> {
            assertThat(b.step()).isEqualTo(3);
            assertThat(b.after().step()).isEqualTo(3);
            assertThat(b.invariants()).containsExactly("G2 must be in exactly one place, is in [P0.runq, P0.runnext]");
            assertThat(b.getMessage()).startsWith("after engine step 3 (#3 ").contains("an invariant of the engine broke: G2 must be");
        });
    }

    @Test
    void aCopyChecksToo() {
        Engine checked = new CheckedEngine(breaksFrom(new GoRuntime(program(), RuntimeConfig.DEFAULT), 1));
        assertThat(checked.copy()).isInstanceOf(CheckedEngine.class);
        assertThatThrownBy(() -> checked.copy().step()).isInstanceOf(CheckedEngine.Broken.class);
    }

    @Test
    void aHealthyRunPlaysToItsEndUnchanged() {
        Engine plain = new GoRuntime(program(), RuntimeConfig.DEFAULT);
        Engine checked = new CheckedEngine(new GoRuntime(program(), RuntimeConfig.DEFAULT));
        for (Event e = plain.step(); e != null; e = plain.step()) {
            assertThat(checked.step()).hasToString(e.toString());
        }
        assertThat(checked.step()).isNull();
        assertThat(checked.ended()).isTrue();
    }

    @Test
    void checkedEveryFewStepsItStillNamesTheFirstStepThatBrokeAnInvariant() {
        Engine checked = CheckedEngine.every(breaksFrom(new GoRuntime(program(), RuntimeConfig.DEFAULT), 3), 5);
        checked.step();
        checked.step();
        checked.step();
        checked.step();
        assertThatThrownBy(checked::step).isInstanceOfSatisfying(CheckedEngine.Broken.class, b -> {
            assertThat(b.step()).isEqualTo(3);
            assertThat(b.after().step()).isEqualTo(3);
            assertThat(b.getMessage()).startsWith("after engine step 3 (#3 ").contains("an invariant of the engine broke: G2 must be");
        });
    }

    @Test
    void checkedEveryFewStepsASnapshotOrAVerifyChecksTheStepsNotYetChecked() {
        CheckedEngine checked = CheckedEngine.every(breaksFrom(new GoRuntime(program(), RuntimeConfig.DEFAULT), 2), 100);
        checked.step();
        checked.step();
        assertThatThrownBy(checked::snapshot).isInstanceOfSatisfying(CheckedEngine.Broken.class, b -> assertThat(b.step()).isEqualTo(2));
        CheckedEngine other = CheckedEngine.every(breaksFrom(new GoRuntime(program(), RuntimeConfig.DEFAULT), 2), 100);
        other.step();
        other.verify();
        other.step();
        assertThatThrownBy(other::verify).isInstanceOfSatisfying(CheckedEngine.Broken.class, b -> assertThat(b.step()).isEqualTo(2));
    }

    @Test
    void checkedEveryFewStepsAStepThatFailsAfterABrokenInvariantReportsTheInvariant() {
        Engine checked = CheckedEngine.every(breaksFrom(new GoRuntime(program(), RuntimeConfig.DEFAULT), 2, 4), 100);
        checked.step();
        checked.step();
        checked.step();
        assertThatThrownBy(checked::step).isInstanceOfSatisfying(CheckedEngine.Broken.class, b -> assertThat(b.step()).isEqualTo(2));
        Engine healthy = CheckedEngine.every(breaksFrom(new GoRuntime(program(), RuntimeConfig.DEFAULT), 99, 4), 100);
        healthy.step();
        healthy.step();
        healthy.step();
        assertThatThrownBy(healthy::step).isInstanceOf(IllegalStateException.class).hasMessage("schedule: no M to run G2");
    }

    @Test
    void checkedEveryFewStepsAHealthyRunPlaysToItsEndUnchanged() {
        Engine plain = new GoRuntime(program(), RuntimeConfig.DEFAULT);
        Engine checked = CheckedEngine.every(new GoRuntime(program(), RuntimeConfig.DEFAULT), 3);
        for (Event e = plain.step(); e != null; e = plain.step()) {
            assertThat(checked.step()).hasToString(e.toString());
        }
        assertThat(checked.step()).isNull();
        assertThat(checked.ended()).isTrue();
        assertThat(checked.snapshot()).isEqualTo(plain.snapshot());
    }
}
