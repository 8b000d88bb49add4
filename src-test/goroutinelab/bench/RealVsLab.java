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
import java.util.Map;

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
 *       whole process, JVM start-up included;</li>
 *   <li><b>server/bin/check</b> with its check server (docs/performance.md, "A warm
 *       checker"): cold (no server: the launcher's own JVM, which then starts
 *       one), the first check after the server's warm-up, and warm; wall time
 *       per command (the user's wait) and CPU time of the launcher's processes
 *       ({@code /usr/bin/time}) plus the server's ({@code /proc/PID/stat} before
 *       and after, in clock ticks: the CPU figures are means over the rounds).
 *       The server lives in a private XDG_RUNTIME_DIR and is stopped at the end.</li>
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
 * CLI as {@code PATH LESSON} instead, e.g. server/bin/check), {@code --skip-cli},
 * {@code --skip-server} (no server/bin/check rows), {@code --server-rounds N}
 * (warm checks through the server, default 20).
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
        boolean server = true;
        int serverRounds = 20;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--jar" -> jar = args[++i];
                case "--go" -> go = args[++i];
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--cli-jvm" -> cliJvm.addAll(Arrays.asList(args[++i].trim().split("\\s+")));
                case "--skip-cli" -> cli = false;
                case "--launcher" -> launcher = args[++i];
                case "--skip-server" -> server = false;
                case "--server-rounds" -> serverRounds = Integer.parseInt(args[++i]);
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
        Path runtimeDir = Files.createTempDirectory(tmp, "xdg", java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
        LauncherRuns lr = new LauncherRuns(Path.of("server/bin/check").toAbsolutePath(), Path.of(jar).toAbsolutePath(), runtimeDir);
        try {
            for (Program p : programs) {
                play(p, src, tmp, go, jar, rounds, cliJvm, cli, launcher, server ? lr : null, serverRounds);
            }
        } finally {
            lr.stop();
        }
        System.out.println("RealVsLab: loadavg at the end " + loadavg());
    }

    private static void play(Program p, Path src, Path tmp, String go, String jar, int rounds, List<String> cliJvm, boolean cli,
                             String launcher, LauncherRuns lr, int serverRounds) throws Exception {
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
                // the launcher's JVM path, as before the check server (GOROUTINE_LAB_CHECK_SERVER=off); LauncherRuns measures the server
                String out = run(cmd, Path.of("."), Map.of("GOROUTINE_LAB_CHECK_SERVER", "off"));
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
        if (lr != null) {
            lr.measure(p, src.resolve(p.lesson() + ".yaml"), Math.max(3, rounds / 2), serverRounds, real);
        }
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

    /**
     * server/bin/check and its check server, in a private runtime folder: cold
     * rounds (each after --stop, so the launcher runs its own JVM), then, once
     * the server the last of them started has warmed up, the first check and
     * {@code warm} more through it (GOROUTINE_LAB_CHECK_SERVER=require, so a
     * fallback cannot pass for the server).
     */
    static final class LauncherRuns {
        private final Path launcher;
        private final Path jar;
        private final Path runtimeDir;
        private final long tickNs = 1_000_000_000L / clockTicks();

        LauncherRuns(Path launcher, Path jar, Path runtimeDir) {
            this.launcher = launcher;
            this.jar = jar;
            this.runtimeDir = runtimeDir;
        }

        void measure(Program p, Path lesson, int coldRounds, int warmRounds, Rate real) throws Exception {
            Rate cold = new Rate();
            List<Long> coldWall = new ArrayList<>();
            long coldCpu = 0;
            for (int r = 0; r < coldRounds; r++) {
                stop();
                Timed t = launch(lesson, false);
                cold.add(p.count(), t.wallNs, t.cpuNs);
                coldWall.add(t.wallNs);
                coldCpu += t.cpuNs;
            }
            awaitWarm();
            Timed first = launch(lesson, true);
            List<Long> walls = new ArrayList<>();
            long client = 0;
            long serverCpu = 0;
            for (int r = 0; r < warmRounds; r++) {
                Timed t = launch(lesson, true);
                walls.add(t.wallNs);
                client += t.cpuNs;
                serverCpu += t.serverCpuNs;
            }
            walls.sort(null);
            coldWall.sort(null);
            long median = walls.get(walls.size() / 2);
            long cpuMean = (client + serverCpu) / warmRounds;
            System.out.printf("  %-28s %s  (best of %d; median wall %.0f ms, mean CPU %.0f ms)%n", "server/bin/check, no server",
                    cold.row(real), coldRounds, coldWall.get(coldWall.size() / 2) / 1e6, coldCpu / 1e6 / coldRounds);
            System.out.printf("  %-28s %s  (first check after the server's warm-up: wall %.0f ms, client CPU %.0f ms, server CPU %.0f ms)%n",
                    "server/bin/check, 1st warm", rateRow(p.count(), first.wallNs, first.cpuNs + first.serverCpuNs, real),
                    first.wallNs / 1e6, first.cpuNs / 1e6, first.serverCpuNs / 1e6);
            System.out.printf("  %-28s %s  (wall best; CPU the mean of %d: client %.1f ms + server %.1f ms a check)%n",
                    "server/bin/check, warm", rateRow(p.count(), walls.get(0), cpuMean, real), warmRounds,
                    client / 1e6 / warmRounds, serverCpu / 1e6 / warmRounds);
            System.out.printf("  %-28s %s  (median wall %.0f ms)%n", "server/bin/check, warm, median",
                    rateRow(p.count(), median, cpuMean, real), median / 1e6);
        }

        private static String rateRow(long count, long wallNs, long cpuNs, Rate real) {
            Rate r = new Rate();
            r.add(count, wallNs, cpuNs);
            return r.row(real);
        }

        record Timed(long wallNs, long cpuNs, long serverCpuNs) {
        }

        /** One command: wall time, the CPU of the launcher's processes (/usr/bin/time), and with the server the server's CPU. */
        Timed launch(Path lesson, boolean require) throws Exception {
            long pid = require ? serverPid() : -1;
            long s0 = pid > 0 ? serverTicks(pid) : 0;
            List<String> cmd = List.of("/usr/bin/time", "-f", "cpu %U %S", launcher.toString(), lesson.toString());
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            pb.environment().put("XDG_RUNTIME_DIR", runtimeDir.toString());
            pb.environment().put("GOROUTINE_LAB_JAR", jar.toString());
            pb.environment().put("GOROUTINE_LAB_CHECK_SERVER", require ? "require" : "on");
            long t0 = System.nanoTime();
            Process proc = pb.start();
            String out = new String(proc.getInputStream().readAllBytes());
            int code = proc.waitFor();
            long wall = System.nanoTime() - t0;
            if (code != 0) {
                throw new IllegalStateException(String.join(" ", cmd) + " failed (" + code + "): " + out);
            }
            long s1 = pid > 0 ? serverTicks(pid) : 0;
            String[] f = out.substring(out.lastIndexOf("cpu ")).trim().split("\\s+");
            long cpu = (long) ((Double.parseDouble(f[1]) + Double.parseDouble(f[2])) * 1e9);
            return new Timed(wall, cpu, (s1 - s0) * tickNs);
        }

        /** Waits (at most two minutes) for the log line the server writes when its warm-up is over. */
        void awaitWarm() throws Exception {
            long deadline = System.nanoTime() + 120_000_000_000L;
            while (System.nanoTime() < deadline) {
                Path state = stateFile();
                if (state != null) {
                    Path log = Path.of(state + ".log");
                    String pid = Files.readString(state).trim().split(" ")[5];
                    if (Files.exists(log) && Files.readString(log).contains("check server " + pid + " warmed up")) {
                        return;
                    }
                }
                Thread.sleep(100);
            }
            throw new IllegalStateException("the check server did not warm up within two minutes");
        }

        Path stateFile() throws IOException {
            Path dir = runtimeDir.resolve("goroutine-lab");
            if (!Files.isDirectory(dir)) {
                return null;
            }
            try (var s = Files.list(dir)) {
                return s.filter(x -> x.getFileName().toString().matches("check-[0-9]+")).findFirst().orElse(null);
            }
        }

        long serverPid() throws IOException {
            Path state = stateFile();
            if (state == null) {
                throw new IllegalStateException("no check server");
            }
            return Long.parseLong(Files.readString(state).trim().split(" ")[5]);
        }

        /** utime + stime of the process, every thread (fields 14 and 15 of /proc/PID/stat), in clock ticks. */
        static long serverTicks(long pid) throws IOException {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        }

        static long clockTicks() {
            try {
                Process p = new ProcessBuilder("getconf", "CLK_TCK").start();
                return Long.parseLong(new String(p.getInputStream().readAllBytes()).trim());
            } catch (IOException | RuntimeException e) {
                return 100;
            }
        }

        void stop() throws Exception {
            ProcessBuilder pb = new ProcessBuilder(launcher.toString(), "--stop").redirectErrorStream(true);
            pb.environment().put("XDG_RUNTIME_DIR", runtimeDir.toString());
            Process proc = pb.start();
            proc.getInputStream().readAllBytes();
            proc.waitFor();
        }
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
        return run(cmd, dir, Map.of());
    }

    private static String run(List<String> cmd, Path dir, Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
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
