package goroutinelab.engine.compare;

import goroutinelab.engine.Event;
import goroutinelab.engine.Harness;
import goroutinelab.engine.InvariantRun;
import goroutinelab.engine.Op;
import goroutinelab.engine.Program;
import goroutinelab.engine.RandomPrograms;
import goroutinelab.engine.RuntimeConfig;
import goroutinelab.engine.Timeline;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static goroutinelab.engine.Harness.ms;
import static goroutinelab.engine.Harness.prog;
import static org.assertj.core.api.Assertions.assertThat;

/** Compare mode: one program under the Go runtime and the interpreter, on one clock. */
class CompareEngineTest {

    private static Program fourWorkers() {
        return prog().chan("done", 4)
                .fn("main", new Op.Go("worker", 4), new Op.Recv("done"), new Op.Recv("done"), new Op.Recv("done"), new Op.Recv("done"))
                .fn("worker", new Op.Compute(ms(20)), new Op.Send("done")).build();
    }

    @Test
    void fourWorkersUseFourPsInGoButTakeTurnsOnOneGil() {
        Harness h = new Harness(new CompareEngine(fourWorkers(), RuntimeConfig.DEFAULT.withGomaxprocs(4)), true);
        int maxGoRunning = 0;
        int maxPyRunning = 0;
        long last = 0;
        while (!h.engine.ended()) {
            Event e = h.step();
            if (e == null) {
                break;
            }
            assertThat(e.time()).isGreaterThanOrEqualTo(last);
            last = e.time();
            assertThat(e.detail().get("side")).isIn("go", "cpython");
            assertThat(e.text().in("en")).startsWith("go".equals(e.detail().get("side")) ? "Go: " : "CPython: ");
            assertThat(e.step()).isEqualTo(h.engine.steps());
            int go = 0;
            int py = 0;
            for (int id = 1; id <= 5; id++) {
                if ("_Grunning".equals(h.at("go.g." + id + ".status"))) {
                    go++;
                }
                if ("running".equals(h.at("cpython.threads." + id + ".state"))) {
                    py++;
                }
            }
            maxGoRunning = Math.max(maxGoRunning, go);
            maxPyRunning = Math.max(maxPyRunning, py);
        }
        assertThat(maxGoRunning).isEqualTo(4);
        assertThat(maxPyRunning).isEqualTo(1);
        assertThat(h.at("go.process.exitCode")).isEqualTo(0);
        assertThat(h.at("cpython.process.exitCode")).isEqualTo(0);
        long goEnd = h.events.stream().filter(e -> e.kind().wire().equals("exit")).findFirst().orElseThrow().time();
        long pyEnd = h.events.stream().filter(e -> e.kind().wire().equals("py_exit")).findFirst().orElseThrow().time();
        // 80ms of CPU: about 20ms on four Ps, at least 80ms on one GIL
        assertThat(goEnd).isLessThan(ms(25));
        assertThat(pyEnd).isGreaterThan(ms(80));
    }

    @Test
    void theSnapshotHoldsBothSidesAtTheSameTime() {
        CompareEngine e = new CompareEngine(fourWorkers(), RuntimeConfig.DEFAULT.withGomaxprocs(2));
        for (int i = 0; i < 40; i++) {
            e.step();
        }
        Map<String, Object> s = e.snapshot();
        assertThat(s).containsOnlyKeys("step", "time", "go", "cpython");
        assertThat(s.get("step")).isEqualTo(40L);
        @SuppressWarnings("unchecked")
        Map<String, Object> go = (Map<String, Object>) s.get("go");
        @SuppressWarnings("unchecked")
        Map<String, Object> py = (Map<String, Object>) s.get("cpython");
        assertThat(go).containsKeys("p", "m", "g");
        assertThat(py).containsKeys("threads", "gil", "evalBreaker");
        assertThat(go.get("time")).isEqualTo(s.get("time"));
        assertThat(e.eventCount("execute", null)).isPositive();
        assertThat(e.eventCount("gil_acquire", null)).isPositive();
    }

    @Test
    void stepWithADeadlineStopsTheSharedClockThere() {
        CompareEngine e = new CompareEngine(fourWorkers(), RuntimeConfig.DEFAULT.withGomaxprocs(2));
        while (e.step(ms(3)) != null) {
            assertThat(e.now()).isLessThanOrEqualTo(ms(3));
        }
        assertThat(e.now()).isEqualTo(ms(3));
        assertThat(e.nextTime()).isGreaterThan(ms(3));
    }

    @Test
    void randomProgramsKeepBothSidesInvariantsAndReplayExactly() {
        List<String> failures = new ArrayList<>();
        for (long seed = 1; seed <= 150 && failures.size() < 3; seed++) {
            RandomPrograms.Case c = RandomPrograms.generate(seed);
            InvariantRun run = InvariantRun.play(new CompareEngine(c.program(), c.config()), seed, 1_500);
            if (!run.ok()) {
                failures.add(run.failure());
            }
        }
        assertThat(failures).isEmpty();
        for (long seed = 1; seed <= 20; seed++) {
            RandomPrograms.Case c = RandomPrograms.generate(seed);
            InvariantRun.assertSeekMatchesStraightPlay(() -> new Timeline(new CompareEngine(c.program(), c.config()), 16), "seed " + seed);
        }
    }
}
