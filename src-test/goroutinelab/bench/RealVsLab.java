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
 * The real programs are timed inside (their own clock) and as whole processes.
 * Each figure is the best of its rounds; the ratio is the lab's rate over the
 * real runtime's in-program rate. Not part of {@code mvn verify}; see
 * docs/performance.md.
 *
 * <pre>mvn -B -q -Pbench test-compile exec:exec -Dbench.main=goroutinelab.bench.RealVsLab \
 *     -Dbench.args="--jar target/goroutine-lab.jar"</pre>
 *
 * Options: {@code --jar PATH} (default target/goroutine-lab.jar), {@code --go PATH}
 * (default /usr/bin/go), {@code --rounds N} (default 5), {@code --cli-jvm "FLAGS"}
 * (JVM flags for the CLI runs, space-separated), {@code --skip-cli}.
 */
public final class RealVsLab {
    private static final int N = 100_000;

    record Program(String name, String lesson, String goFile, String unit, long count, long arg) {
    }

    public static void main(String[] args) throws Exception {
        String jar = "target/goroutine-lab.jar";
        String go = "/usr/bin/go";
        int rounds = 5;
        List<String> cliJvm = new ArrayList<>();
        boolean cli = true;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--jar" -> jar = args[++i];
                case "--go" -> go = args[++i];
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--cli-jvm" -> cliJvm.addAll(Arrays.asList(args[++i].trim().split("\\s+")));
                case "--skip-cli" -> cli = false;
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
            double realIn = 0;
            double realWall = 0;
            for (int r = 0; r < rounds; r++) {
                long t0 = System.nanoTime();
                String out = run(List.of(bin.toString(), Long.toString(p.arg())), tmp).trim();
                long wall = System.nanoTime() - t0;
                String[] f = out.split(" ");
                realIn = Math.max(realIn, Long.parseLong(f[1]) / (Long.parseLong(f[2]) / 1e9));
                realWall = Math.max(realWall, Long.parseLong(f[1]) / (wall / 1e9));
            }
            Lesson lesson = BenchLessons.load(p.lesson());
            double warm = warm(lesson, p.count(), rounds, false);
            double checked = warm(lesson, p.count(), rounds, true);
            double[] played = played(lesson, p.count(), rounds);
            double cliRate = 0;
            if (cli) {
                for (int r = 0; r < Math.max(3, rounds / 2); r++) {
                    List<String> cmd = new ArrayList<>(List.of("java"));
                    cmd.addAll(cliJvm);
                    cmd.addAll(List.of("-jar", jar, "check", src.resolve(p.lesson() + ".yaml").toString()));
                    long t0 = System.nanoTime();
                    run(cmd, Path.of("."));
                    cliRate = Math.max(cliRate, p.count() / ((System.nanoTime() - t0) / 1e9));
                }
            }
            System.out.printf("%n%s (%,d %s), best of %d:%n", p.name(), p.count(), p.unit(), rounds);
            System.out.printf("  real Go, timed inside      %,12.0f %s/s%n", realIn, p.unit());
            System.out.printf("  real Go, whole process     %,12.0f %s/s%n", realWall, p.unit());
            System.out.printf("  lab warm                   %,12.0f %s/s   1/%.1f of real%n", warm, p.unit(), realIn / warm);
            System.out.printf("  lab warm, invariants       %,12.0f %s/s   1/%.1f of real%n", checked, p.unit(), realIn / checked);
            System.out.printf("  lab as check plays, cold   %,12.0f %s/s   1/%.1f of real (the first play in this JVM)%n",
                    played[0], p.unit(), realIn / played[0]);
            System.out.printf("  lab as check plays, warm   %,12.0f %s/s   1/%.1f of real%n", played[1], p.unit(),
                    realIn / played[1]);
            if (cli) {
                System.out.printf("  lab check CLI %-12s %,12.0f %s/s   1/%.1f of real (JVM flags: %s)%n", "", cliRate,
                        p.unit(), realIn / cliRate, cliJvm.isEmpty() ? "none" : String.join(" ", cliJvm));
            }
        }
        System.out.println("RealVsLab: loadavg at the end " + loadavg());
    }

    /** The best rate of {@code rounds} plays to the end after two warm-up plays. */
    private static double warm(Lesson lesson, long count, int rounds, boolean checked) {
        double best = 0;
        long steps = 0;
        for (int r = 0; r < rounds + 2; r++) {
            long t0 = System.nanoTime();
            Engine e = checked ? Engines.withInvariantChecks(() -> Engines.create(lesson, lesson.runtime()))
                    : Engines.create(lesson, lesson.runtime());
            while (!e.ended()) {
                e.step();
            }
            steps = e.steps();
            long ns = System.nanoTime() - t0;
            if (r >= 2) {
                best = Math.max(best, count / (ns / 1e9));
            }
        }
        System.out.printf("RealVsLab: %s %s: %,d engine steps%n", lesson.id(), checked ? "checked" : "plain", steps);
        return best;
    }

    /** As {@code check} plays (Checker.play: player, script, timeline, invariants): the first play's rate, and the best after it. */
    private static double[] played(Lesson lesson, long count, int rounds) {
        double first = 0;
        double best = 0;
        for (int r = 0; r < rounds + 2; r++) {
            long t0 = System.nanoTime();
            Checker.Result res = Checker.play(lesson, t0);
            if (!res.failures().isEmpty()) {
                throw new IllegalStateException(lesson.id() + " failed: " + res.failures());
            }
            double rate = count / ((System.nanoTime() - t0) / 1e9);
            if (r == 0) {
                first = rate;
            } else {
                best = Math.max(best, rate);
            }
        }
        return new double[] {first, best};
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
