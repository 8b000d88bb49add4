package goroutinelab.bench;

import goroutinelab.engine.Engine;
import goroutinelab.engine.Event;
import goroutinelab.engine.Op;
import goroutinelab.engine.Program;
import goroutinelab.engine.RuntimeConfig;
import goroutinelab.engine.runtime.GoRuntime;
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

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Issue 4's figure: engine steps per second while a 10,000-object heap is marked
 * and 100 goroutines mutate it (loads, pointer stores through the write barrier,
 * allocations that draw assists), on 8 Ps; main calls runtime.GC back to back,
 * so nearly every step falls inside a cycle. Built in code: the lesson format
 * caps a heap at 5,000 declared objects. Not run by {@code mvn verify}; see
 * docs/performance.md.
 */
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class GcBench {
    static final int BATCH = 10_000;
    static final int OBJECTS = 10_000;
    static final int MUTATORS = 100;

    /** The heap and the mutators; the same program every time. */
    static Program program() {
        Map<String, Program.ObjectSpec> objs = new LinkedHashMap<>();
        for (int i = 0; i < OBJECTS; i++) {
            Map<String, String> fields = new LinkedHashMap<>();
            fields.put("a", "X" + ((i * 7 + 1) % OBJECTS));
            if (i % 3 == 0) {
                fields.put("b", "X" + ((i * 13 + 5) % OBJECTS));
            }
            objs.put("X" + i, new Program.ObjectSpec(512, fields));
        }
        Map<String, String> globals = new LinkedHashMap<>();
        for (int i = 0; i < 8; i++) {
            globals.put("g" + i, "X" + (i * (OBJECTS / 8)));
        }
        List<Op> body = List.of(new Op.Load("p", "global.g1"), new Op.Load("q", "p.a"), new Op.Store("p.b", "q"),
                new Op.Alloc("t", 256), new Op.Store("q.a", "t"), new Op.Compute(2_000), new Op.Load("p", "q.b"));
        Map<String, List<Op>> fns = new LinkedHashMap<>();
        fns.put("main", List.of(new Op.Go("mutator", MUTATORS),
                new Op.Repeat(1_000_000, List.of(new Op.Gc(), new Op.Sleep(100_000)))));
        fns.put("mutator", List.of(new Op.Load("p", "global.g0"), new Op.Repeat(10_000_000, body)));
        return new Program(fns, Map.of(), new Program.HeapSpec(objs, globals, Map.of()), List.of());
    }

    @State(Scope.Thread)
    public static class Marking {
        Engine engine;
        long marking;
        long all;

        @Setup(Level.Trial)
        public void setUp() {
            engine = new GoRuntime(program(), RuntimeConfig.DEFAULT.withGomaxprocs(8));
            for (int i = 0; i < 50_000; i++) {
                engine.step();
            }
        }
    }

    /** Engine steps while the collector marks and the mutators run. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(BATCH)
    public long stepsWhileMarking(Marking s) {
        long sum = 0;
        for (int i = 0; i < BATCH; i++) {
            Event e = s.engine.step();
            sum += e.step();
        }
        return sum;
    }

    /**
     * One straight run of a million steps, for the share of it inside a cycle
     * (printed for docs/performance.md); with {@code cpu}, steps per CPU-second
     * of this thread over steps 1M to 4M instead, a figure a loaded machine
     * disturbs less than wall-clock throughput.
     */
    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("cpu")) {
            cpuRun();
            return;
        }
        if (args.length > 0 && args[0].equals("long")) {
            longRun(args.length > 1 ? Integer.parseInt(args[1]) : 30);
            return;
        }
        Engine e = new GoRuntime(program(), RuntimeConfig.DEFAULT.withGomaxprocs(8));
        long steps = 0;
        long inCycle = 0;
        boolean marking = false;
        long t0 = System.nanoTime();
        while (steps < 1_000_000) {
            Event ev = e.step();
            steps++;
            if (ev.kind() == goroutinelab.engine.EventKind.GC_START) {
                marking = true;
            } else if (ev.kind() == goroutinelab.engine.EventKind.GC_MARK_TERMINATION) {
                marking = false;
            }
            if (marking) {
                inCycle++;
            }
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf("%d steps in %d ms (%.0f steps/s, cold JVM), %d%% of them inside a cycle, %d cycles, %d ms simulated%n",
                steps, ms, steps * 1000.0 / ms, inCycle * 100 / steps, e.eventCount("gcStart", null), e.now() / 1_000_000);
    }

    /**
     * One engine for {@code millions} million steps: per million, the steps
     * per CPU-second of this thread, the process's CPU (the JVM's own
     * collector included) and the Java heap in use after a full collection
     * (outside the timed part). The rate should hold steady.
     */
    private static void longRun(int millions) {
        Engine e = new GoRuntime(program(), RuntimeConfig.DEFAULT.withGomaxprocs(8));
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        Runtime jvm = Runtime.getRuntime();
        System.out.printf("%-8s %14s %14s %14s %10s%n", "million", "steps/thr-CPU-s", "steps/proc-CPU-s", "steps/wall-s", "heap MB");
        for (int mil = 1; mil <= millions; mil++) {
            long cpu0 = mx.getCurrentThreadCpuTime();
            long proc0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            for (int i = 0; i < 1_000_000; i++) {
                e.step();
            }
            long cpuNs = mx.getCurrentThreadCpuTime() - cpu0;
            long procNs = os.getProcessCpuTime() - proc0;
            long wallNs = System.nanoTime() - t0;
            System.gc();
            long heapMb = (jvm.totalMemory() - jvm.freeMemory()) >> 20;
            System.out.printf("%-8d %14.0f %14.0f %14.0f %10d%n", mil, 1e15 / cpuNs, 1e15 / procNs, 1e15 / wallNs, heapMb);
        }
    }

    private static void cpuRun() {
        Engine e = new GoRuntime(program(), RuntimeConfig.DEFAULT.withGomaxprocs(8));
        for (int i = 0; i < 1_000_000; i++) {
            e.step();
        }
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long steps = 3_000_000;
        long cpu0 = mx.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        for (long i = 0; i < steps; i++) {
            e.step();
        }
        long cpuNs = mx.getCurrentThreadCpuTime() - cpu0;
        long wallNs = System.nanoTime() - t0;
        System.out.printf("steps 1M to 4M: %.0f steps per CPU-second, %.0f steps per wall-clock second%n",
                steps * 1e9 / cpuNs, steps * 1e9 / wallNs);
    }
}
