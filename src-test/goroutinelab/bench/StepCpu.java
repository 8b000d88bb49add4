package goroutinelab.bench;

import goroutinelab.engine.Engine;
import goroutinelab.engine.Program;
import goroutinelab.engine.RuntimeConfig;
import goroutinelab.lesson.Engines;
import goroutinelab.lesson.Lesson;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * Engine steps per second of this thread's CPU time (not wall time), the best
 * of several rounds: on a shared machine other people's work stretches wall
 * time, and JMH's error bars with it, much more than it stretches the CPU
 * time our own thread spends. Plays the 1,000-goroutine lesson and GcBench's
 * marking program, 1,000,000 steps each after a warm-up. Not part of
 * {@code mvn verify}; see docs/performance.md.
 *
 * <pre>mvn -B -q -Pbench test-compile exec:exec -Dbench.main=goroutinelab.bench.StepCpu -Dbench.args=</pre>
 */
public final class StepCpu {
    private static final int ROUNDS = 7;
    private static final int STEPS = 1_000_000;

    public static void main(String[] args) throws Exception {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Lesson lesson = BenchLessons.thousandGoroutines();
        if (args.length > 0 && args[0].equals("copy")) {
            copies(mx, () -> Engines.create(lesson, lesson.runtime()));
            return;
        }
        if (args.length > 0 && args[0].equals("seek")) {
            seeks(mx, lesson);
            return;
        }
        report("thousand-goroutines", mx, () -> Engines.create(lesson, lesson.runtime()));
        report("gc-marking", mx, StepCpu::gcEngine);
        copies(mx, () -> Engines.create(lesson, lesson.runtime()));
    }

    /** CPU time of seeks to 400 random steps of a 1,000,000-step run (as EngineBench.seekRandom, in CPU time). */
    private static void seeks(ThreadMXBean mx, Lesson lesson) {
        goroutinelab.engine.Timeline t = new goroutinelab.engine.Timeline(Engines.create(lesson, lesson.runtime()));
        t.seek(1_000_000);
        java.util.SplittableRandom random = new java.util.SplittableRandom(42);
        long[] ns = new long[400];
        for (int i = 0; i < ns.length; i++) {
            long t0 = mx.getCurrentThreadCpuTime();
            t.seek(random.nextLong(1_000_001));
            ns[i] = mx.getCurrentThreadCpuTime() - t0;
        }
        java.util.Arrays.sort(ns);
        System.out.printf("seek to a random step of 1,000,000: CPU p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                ns[200] / 1e6, ns[380] / 1e6, ns[396] / 1e6, ns[399] / 1e6);
    }

    /** CPU time of one copy of the 1,000-goroutine world (a checkpoint), best of several rounds of 200. */
    private static void copies(ThreadMXBean mx, java.util.function.Supplier<Engine> make) {
        Engine e = make.get();
        for (int i = 0; i < 20_000; i++) {
            e.step();
        }
        double best = Double.MAX_VALUE;
        long keep = 0;
        for (int round = 0; round < ROUNDS * 3; round++) {
            long t0 = mx.getCurrentThreadCpuTime();
            for (int i = 0; i < 200; i++) {
                keep += e.copy().steps();
            }
            best = Math.min(best, (mx.getCurrentThreadCpuTime() - t0) / 200.0 / 1000);
        }
        System.out.printf("copy of the 1,000-goroutine world: best %.1f µs of CPU (%d)%n", best, keep % 2);
    }

    /** GcBench's program on 8 Ps, made without naming the Go runtime's class (its package moved). */
    private static Engine gcEngine() {
        try {
            Class<?> rt;
            try {
                rt = Class.forName("goroutinelab.engine.runtime.GoRuntime");
            } catch (ClassNotFoundException e) {
                rt = Class.forName("goroutinelab.engine.sched.GoRuntime");
            }
            return (Engine) rt.getConstructor(Program.class, RuntimeConfig.class)
                    .newInstance(GcBench.program(), RuntimeConfig.DEFAULT.withGomaxprocs(8));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void report(String name, ThreadMXBean mx, java.util.function.Supplier<Engine> make) {
        double best = 0;
        StringBuilder all = new StringBuilder();
        for (int round = 0; round < ROUNDS; round++) {
            Engine e = make.get();
            for (int i = 0; i < 50_000; i++) {
                e.step();
            }
            long t0 = mx.getCurrentThreadCpuTime();
            long sum = 0;
            for (int i = 0; i < STEPS; i++) {
                sum += e.step().step();
            }
            long cpuNs = mx.getCurrentThreadCpuTime() - t0;
            double perSecond = STEPS * 1e9 / cpuNs;
            best = Math.max(best, perSecond);
            all.append(String.format(" %.0f", perSecond / 1000));
            if (sum == 42) {
                System.out.println();
            }
        }
        System.out.printf("%s: best %.0f steps per CPU-second (rounds, thousands:%s)%n", name, best, all);
    }
}
