package goroutinelab.engine.cpython;

import goroutinelab.engine.Engine;
import goroutinelab.engine.Event;
import goroutinelab.engine.InvariantRun;
import goroutinelab.engine.RandomPrograms;
import goroutinelab.engine.Timeline;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many seeded random programs under the interpreter, with its invariants
 * (one running thread, the GIL's wait list, reference counts...) checked
 * after every step; and the determinism that step back and seek rest on.
 * A failure names the seed that reproduces it.
 */
class PyRandomInvariantsTest {
    static final int SEEDS = 1_000;
    static final int STEPS = 2_000;

    @Test
    void invariantsHoldAfterEveryStepForAThousandSeeds() {
        List<String> failures = new ArrayList<>();
        long totalSteps = 0;
        int exited = 0;
        for (long seed = 1; seed <= SEEDS && failures.size() < 5; seed++) {
            RandomPrograms.Case c = PyRandomPrograms.generate(seed);
            InvariantRun run = InvariantRun.play(new Interpreter(c.program(), c.config()), seed, STEPS);
            if (!run.ok()) {
                failures.add(run.failure());
            }
            totalSteps += run.steps();
            if (run.ended()) {
                exited++;
            }
        }
        assertThat(failures).as("reproduce with PyRandomPrograms.generate(seed)").isEmpty();
        assertThat(totalSteps).isGreaterThan(SEEDS * 20L);
        assertThat(exited).isGreaterThan(SEEDS / 2);
    }

    @Test
    void aSeedReproducesItsRunAndACopyRunsOnIdentically() {
        for (long seed = 1; seed <= 50; seed++) {
            RandomPrograms.Case c = PyRandomPrograms.generate(seed);
            Interpreter a = new Interpreter(c.program(), c.config());
            StringBuilder first = new StringBuilder();
            for (int i = 0; i < 200 && append(first, a.step()); i++) {
                // play
            }
            Interpreter copy = a.copy();
            assertThat(copy.snapshot()).isEqualTo(a.snapshot());
            StringBuilder restA = new StringBuilder();
            StringBuilder restCopy = new StringBuilder();
            for (int i = 0; i < 500; i++) {
                append(restA, a.step());
                append(restCopy, copy.step());
            }
            assertThat(restCopy.toString()).as("seed " + seed).isEqualTo(restA.toString());
            Interpreter again = new Interpreter(c.program(), c.config());
            StringBuilder replay = new StringBuilder();
            for (int i = 0; i < 200 && append(replay, again.step()); i++) {
                // play again
            }
            assertThat(replay.toString()).isEqualTo(first.toString());
        }
    }

    private static boolean append(StringBuilder sb, Event e) {
        if (e == null) {
            return false;
        }
        sb.append(e).append(' ').append(e.detail()).append('\n');
        return true;
    }

    @Test
    void seekingBackAndForthGivesTheSameEngineStateAsPlayingStraight() {
        for (long seed = 1; seed <= 40; seed++) {
            RandomPrograms.Case c = PyRandomPrograms.generate(seed);
            InvariantRun.assertSeekMatchesStraightPlay(() -> new Timeline(new Interpreter(c.program(), c.config()), 16), "seed " + seed);
        }
    }

    @Test
    void anInjectionAfterARunToATimeReplaysAtTheSameMoment() {
        for (long seed = 1; seed <= 40; seed++) {
            RandomPrograms.Case c = PyRandomPrograms.generate(seed);
            Timeline a = new Timeline(new Interpreter(c.program(), c.config()), 8);
            while (a.forward(3_000_000) != null) {
                // run to 3ms, as a lesson's run: {time: 3ms} does
            }
            a.inject(new goroutinelab.engine.Injection.Signal("SIGUSR2"));
            a.inject(new goroutinelab.engine.Injection.StartGoroutine("main"));
            for (int i = 0; i < 200 && a.forward() != null; i++) {
                // play on
            }
            long end = a.step();
            Map<String, Object> straight = a.engine().snapshot();
            a.seek(0);
            a.seek(end / 2);
            a.seek(end);
            assertThat(a.engine().snapshot()).as("seed " + seed).isEqualTo(straight);
        }
    }
}
