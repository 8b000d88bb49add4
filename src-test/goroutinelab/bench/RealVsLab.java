package goroutinelab.bench;

import goroutinelab.engine.Engine;
import goroutinelab.lesson.Checker;
import goroutinelab.lesson.Engines;
import goroutinelab.lesson.Lesson;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The lab against the runtime it teaches, on the same machine: two small real
 * Go programs (src-test/resources/bench/real: two goroutines yielding with
 * {@code runtime.Gosched} on one P; a ping-pong over two unbuffered channels)
 * built with the installed Go toolchain, and the same programs as lessons
 * (bench-gosched, bench-pingpong), played three ways:
 *
 * <ul>
 *   <li><b>warm</b>: in this JVM after warm-up rounds, as the server plays a
 *       lesson (no invariant checks);</li>
 *   <li><b>warm, checked</b>: the same with the engine's invariants checked
 *       after every step, as {@code check} plays;</li>
 *   <li><b>check CLI</b>: {@code java -jar JAR check LESSON}, wall time of the
 *       whole process, JVM start-up included.</li>
 * </ul>
 *
 * The real programs are timed inside (their own clock and the CPU time their
 * process used) and as whole processes; the lab in wall time and in CPU time
 * (its thread's in-process, the whole JVM's for the command line). Each figure
 * is the best of its rounds, with its ratio to the real program's rate timed
 * inside, wall to wall and CPU to CPU: on a shared machine the CPU ratio is
 * the one other people's work disturbs least. Not part of {@code mvn verify}; see
 * docs/performance.md.
 *
 * <pre>mvn -B -q -Pbench test-compile exec:exec -Dbench.main=goroutinelab.bench.RealVsLab \
 *     -Dbench.args="--jar target/goroutine-lab.jar"</pre>
 *
 * Options: {@code --jar PATH} (default target/goroutine-lab.jar), {@code --go PATH}
 * (default /usr/bin/go), {@code --rounds N} (default 5), {@code --cli-jvm "FLAGS"}
 * (JVM flags for the CLI runs, space-separated), {@code --launcher PATH} (run the
 * CLI as {@code PATH LESSON} instead, e.g. server/bin/check), {@code --skip-cli}.
 */
public final class RealVsLab {
    private static final int N = 100_000;
    private static final java.lang.management.ThreadMXBean MX = java.lang.management.ManagementFactory.getThreadMXBean();

    record Program(String name, String lesson, String goFile, String unit, long count, long arg) {
    }

    public static void main(String[] args) throws Exception {
        String jar = "target/goroutine-lab.jar";
        String go = "/usr/bin/go";
        int rounds = 5;
        List<String> cliJvm = new ArrayList<>();
        boolean cli = true;
        String launcher = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--jar" -> jar = args[++i];
                case "--go" -> go = args[++i];
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--cli-jvm" -> cliJvm.addAll(Arrays.asList(args[++i].trim().split("\\s+")));
                case "--skip-cli" -> cli = false;
                case "--launcher" -> launcher = args[++i];
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        cliJvm.removeIf(String::isEmpty);
        Path src = Path.of("src-test/resources/bench").toAbsolutePath();
        Path tmp = Files.createTempDirectory("realvslab");
        List<Program> programs = List.of(
                new Program("Gosched, two goroutines on one P", "bench-gosched", "gosched.go", "Gosched", 2L * N, N),
                new Program("channel ping-pong on one P", "bench-pingpong", "pingpong.go", "round trips", N / 2, N / 2));
        System.out.println("RealVsLab: loadavg at the start " + loadavg());
        for (Program p : programs) {
            Path bin = tmp.resolve(p.lesson());
            run(List.of(go, "build", "-o", bin.toString(), src.resolve("real").resolve(p.goFile()).toString()), tmp);
            Rate real = new Rate();
            Rate realProcess = new Rate();
            for (int r = 0; r < rounds; r++) {
                long t0 = System.nanoTime();
                String out = run(List.of(bin.toString(), Long.toString(p.arg())), tmp).trim();
                long wall = System.nanoTime() - t0;
                String[] f = out.split(" ");
                real.add(p.count(), Long.parseLong(f[2]), Long.parseLong(f[3]));
                realProcess.add(p.count(), wall, 0);
            }
            Lesson lesson = BenchLessons.load(p.lesson());
            Rate warm = warm(lesson, p.count(), rounds, false);
            Rate checked = warm(lesson, p.count(), rounds, true);
            Rate[] played = played(lesson, p.count(), rounds);
            Rate cliRate = new Rate();
            if (cli) {
                for (int r = 0; r < Math.max(3, rounds / 2); r++) {
                    List<String> cmd = new ArrayList<>(List.of("/usr/bin/time", "-f", "cpu %U %S"));
                    if (launcher != null) {
                        cmd.addAll(List.of(launcher, src.resolve(p.lesson() + ".yaml").toString()));
                    } else {
                        cmd.add("java");
                        cmd.addAll(cliJvm);
                        cmd.addAll(List.of("-jar", jar, "check", src.resolve(p.lesson() + ".yaml").toString()));
                    }
                    long t0 = System.nanoTime();
                    String out = run(cmd, Path.of("."));
                    long wall = System.nanoTime() - t0;
                    String[] f = out.substring(out.lastIndexOf("cpu ")).trim().split("\\s+");
                    long cpu = (long) ((Double.parseDouble(f[1]) + Double.parseDouble(f[2])) * 1e9);
                    cliRate.add(p.count(), wall, cpu);
                }
            }
            System.out.printf("%n%s (%,d %s), best of %d rounds; rates per second of wall time | of CPU time:%n", p.name(),
                    p.count(), p.unit(), rounds);
            System.out.printf("  %-28s %s%n", "real Go, timed inside", real.row(real));
            System.out.printf("  %-28s %s%n", "real Go, whole process", realProcess.row(real));
            System.out.printf("  %-28s %s%n", "lab warm", warm.row(real));
            System.out.printf("  %-28s %s%n", "lab warm, invariants", checked.row(real));
            System.out.printf("  %-28s %s%n", "lab as check plays, first", played[0].row(real));
            System.out.printf("  %-28s %s%n", "lab as check plays, warm", played[1].row(real));
            if (cli) {
                System.out.printf("  %-28s %s  (%s)%n", "lab check CLI, whole process", cliRate.row(real),
                        launcher != null ? "launcher " + launcher : "JVM flags: " + (cliJvm.isEmpty() ? "none" : String.join(" ", cliJvm)));
            }
        }
        System.out.println("RealVsLab: loadavg at the end " + loadavg());
    }

    /** The best rates (wall and this thread's CPU) of {@code rounds} plays to the end after two warm-up plays. */
    private static Rate warm(Lesson lesson, long count, int rounds, boolean checked) {
        Rate best = new Rate();
        long steps = 0;
        for (int r = 0; r < rounds + 2; r++) {
            long t0 = System.nanoTime();
            long c0 = MX.getCurrentThreadCpuTime();
            Engine e = checked ? Engines.withInvariantChecks(() -> Engines.create(lesson, lesson.runtime()))
                    : Engines.create(lesson, lesson.runtime());
            while (!e.ended()) {
                e.step();
            }
            steps = e.steps();
            if (r >= 2) {
                best.add(count, System.nanoTime() - t0, MX.getCurrentThreadCpuTime() - c0);
            }
        }
        System.out.printf("RealVsLab: %s %s: %,d engine steps%n", lesson.id(), checked ? "checked" : "plain", steps);
        return best;
    }

    /** As {@code check} plays (Checker.play: player, script, timeline, invariants): the first play's rates, and the best after it. */
    private static Rate[] played(Lesson lesson, long count, int rounds) {
        Rate first = new Rate();
        Rate best = new Rate();
        for (int r = 0; r < rounds + 2; r++) {
            long t0 = System.nanoTime();
            long c0 = MX.getCurrentThreadCpuTime();
            Checker.Result res = Checker.play(lesson, t0);
            if (!res.failures().isEmpty()) {
                throw new IllegalStateException(lesson.id() + " failed: " + res.failures());
            }
            (r == 0 ? first : best).add(count, System.nanoTime() - t0, MX.getCurrentThreadCpuTime() - c0);
        }
        return new Rate[] {first, best};
    }

    /** The best rate seen, per second of wall time and per second of CPU time. */
    static final class Rate {
        double wall;
        double cpu;

        void add(long count, long wallNs, long cpuNs) {
            wall = Math.max(wall, count / (wallNs / 1e9));
            if (cpuNs > 0) {
                cpu = Math.max(cpu, count / (cpuNs / 1e9));
            }
        }

        /** Both rates, each with its ratio to the real runtime's. */
        String row(Rate real) {
            String w = String.format("%,12.0f/s (1/%5.1f)", wall, real.wall / wall);
            String c = cpu == 0 ? "" : String.format("%,12.0f/s (1/%5.1f)", cpu, real.cpu / cpu);
            return w + " | " + c;
        }
    }

    private static String run(List<String> cmd, Path dir) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
        }
        return out;
    }

    static String loadavg() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "?";
        }
    }
}
