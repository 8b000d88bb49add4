package goroutinelab.bench;

import goroutinelab.engine.Engine;
import goroutinelab.engine.Timeline;
import goroutinelab.lesson.Engines;
import goroutinelab.lesson.Lesson;
import goroutinelab.web.WireFormat;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Issue 3's engine figures on the 1,000-goroutine, 8-P lesson
 * (src-test/resources/bench/thousand-goroutines.yaml); see docs/performance.md
 * for the command and the results. Not run by {@code mvn verify}.
 */
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class EngineBench {
    static final int BATCH = 10_000;
    static final long RUN = 1_000_000;

    /** An engine past start-up (every goroutine made), stepped on and on. */
    @State(Scope.Thread)
    public static class Running {
        Lesson lesson;
        Engine engine;
        Timeline timeline;

        @Setup(Level.Trial)
        public void setUp() {
            lesson = BenchLessons.thousandGoroutines();
            engine = Engines.create(lesson, lesson.runtime());
            for (int i = 0; i < 20_000; i++) {
                engine.step();
            }
            timeline = new Timeline(Engines.create(lesson, lesson.runtime()));
            timeline.seek(20_000);
        }
    }

    /** Raw engine steps: {@code Engine.step()}, one runtime action each. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(BATCH)
    public long engineSteps(Running r) {
        long sum = 0;
        for (int i = 0; i < BATCH; i++) {
            sum += r.engine.step().step();
        }
        return sum;
    }

    /** Steps as a session takes them: through the Timeline, checkpoints included. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(BATCH)
    public long timelineSteps(Running r) {
        long sum = 0;
        for (int i = 0; i < BATCH; i++) {
            sum += r.timeline.forward().step();
        }
        return sum;
    }

    /** A frame's payload: the snapshot of the 1,000-goroutine state as JSON. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public String snapshotJson(Running r) throws Exception {
        return WireFormat.JSON.writeValueAsString(r.engine.snapshot());
    }

    /** One copy of the world: what a checkpoint costs. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Engine copy(Running r) {
        return r.engine.copy();
    }

    /** A 1,000,000-step run, played once; then seeks to random steps in it. */
    @State(Scope.Thread)
    public static class Played {
        Timeline timeline;
        final SplittableRandom random = new SplittableRandom(42);

        @Setup(Level.Trial)
        public void setUp() {
            Lesson lesson = BenchLessons.thousandGoroutines();
            timeline = new Timeline(Engines.create(lesson, lesson.runtime()));
            timeline.seek(RUN);
            if (timeline.step() != RUN) {
                throw new IllegalStateException("the run ended at " + timeline.step());
            }
        }
    }

    /** Seek to a random step of the 1,000,000-step run (anywhere: back, forward, far or near). */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public long seekRandom(Played p) {
        p.timeline.seek(p.random.nextLong(RUN + 1));
        return p.timeline.step();
    }
}
