package goroutinelab.checkserver;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * server/bin/check and its warm check server print what
 * {@code java -jar JAR check ARGS} prints (each stream, and the exit code) for
 * a passing, a failing, an invalid and a missing lesson and a folder of them;
 * a wrong token, a dead port and a stale jar are never used and change nothing
 * the user sees; --stop stops the server. Every run uses a private
 * XDG_RUNTIME_DIR, and every server a test starts is stopped after it.
 *
 * <p>The jar is a manifest-only jar made here whose Class-Path is this test's
 * classpath, so the test runs before {@code package} (the launcher takes any
 * jar through GOROUTINE_LAB_JAR).
 */
class CheckServerTest {
    private static final Path LAUNCHER = Path.of("server/bin/check").toAbsolutePath();
    private static final String PASSING = "src-test/resources/conformance/gosched-global-queue.yaml";

    @TempDir
    static Path shared;
    private static Path jar;
    private static Path work;
    /** What {@code java -jar JAR check} prints for each case, run in {@link #work}. */
    private static final Map<String, Run> EXPECTED = new LinkedHashMap<>();
    private static final Map<String, List<String>> CASES = new LinkedHashMap<>();

    @TempDir
    Path runtimeDir;

    /** One process's exit code and what it printed on each stream, with the times it states made equal. */
    record Run(int code, String out, String err) {
        Run normalised() {
            return new Run(code, out.replaceAll("\\b\\d+ ms\\b", "# ms"), err.replaceAll("\\b\\d+ ms\\b", "# ms"));
        }
    }

    @BeforeAll
    static void jarLessonsAndWhatTheJarPrints() throws Exception {
        jar = thinJar(shared.resolve("jar"));
        work = Files.createDirectories(shared.resolve("work folder"));
        String text = Files.readString(Path.of(PASSING));
        Files.writeString(work.resolve("gosched-global-queue.yaml"), text);
        Path failing = Files.createDirectories(work.resolve("failing"));
        Files.writeString(failing.resolve("gosched-global-queue.yaml"), text.replace("g.2.status: _Grunning", "g.2.status: _Gwaiting"));
        // a file name with a space, and a letter beyond ASCII where the JVM's file names are UTF-8 (LANG unset is ASCII)
        String broken = "UTF-8".equals(System.getProperty("sun.jnu.encoding")) ? "broken é.yaml" : "broken file.yaml";
        Files.writeString(work.resolve(broken), "format: 1\nid: [not, a, name\n");
        CASES.put("passing", List.of("gosched-global-queue.yaml"));
        CASES.put("failing", List.of("failing/gosched-global-queue.yaml"));
        CASES.put("invalid", List.of(broken));
        CASES.put("missing", List.of("no-such-lesson.yaml"));
        CASES.put("folder and more", List.of(".", "./failing", "../work folder/no-such-lesson.yaml"));
        for (Map.Entry<String, List<String>> c : CASES.entrySet()) {
            List<String> cmd = new ArrayList<>(List.of("java", "-jar", jar.toString(), "check"));
            cmd.addAll(c.getValue());
            EXPECTED.put(c.getKey(), run(cmd, Map.of()).normalised());
        }
        assertThat(EXPECTED.get("passing").code()).isZero();
        assertThat(EXPECTED.get("failing").code()).isEqualTo(1);
        assertThat(EXPECTED.get("failing").out()).contains("FAIL");
        assertThat(EXPECTED.get("invalid").code()).isEqualTo(2);
        assertThat(EXPECTED.get("missing").code()).isEqualTo(2);
        assertThat(EXPECTED.get("missing").out()).contains("no-such-lesson.yaml: no such file or directory");
    }

    @BeforeEach
    void privateRuntimeDir() throws IOException {
        Files.setPosixFilePermissions(runtimeDir, PosixFilePermissions.fromString("rwx------"));
    }

    @AfterEach
    void stopEveryServerThisTestStarted() throws Exception {
        launcher(Map.of(), "--stop");
        for (long pid : serverPids()) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
        }
        await("every check server gone", () -> serverProcesses().isEmpty());
    }

    @Test
    void theLauncherWithAndWithoutTheServerPrintsWhatTheJarPrints() throws Exception {
        for (Map.Entry<String, List<String>> c : CASES.entrySet()) {
            assertThat(launcher(Map.of("GOROUTINE_LAB_CHECK_SERVER", "off"), c.getValue())).as("server off: " + c.getKey())
                    .isEqualTo(EXPECTED.get(c.getKey()));
        }
        assertThat(serverProcesses()).as("no server when it is off").isEmpty();
        assertThat(launcherThroughPipes(CASES.get("passing"))).as("the first check, no server yet").isEqualTo(EXPECTED.get("passing"));
        awaitServing();
        for (Map.Entry<String, List<String>> c : CASES.entrySet()) {
            assertThat(launcher(Map.of("GOROUTINE_LAB_CHECK_SERVER", "require"), c.getValue())).as("through the server: " + c.getKey())
                    .isEqualTo(EXPECTED.get(c.getKey()));
        }
        for (Map.Entry<String, List<String>> c : CASES.entrySet()) {
            assertThat(direct(c.getValue())).as("the server's own answer: " + c.getKey()).isEqualTo(EXPECTED.get(c.getKey()));
        }
        assertThat(serverProcesses()).as("one server for all of these").hasSize(1);
    }

    @Test
    void aLessonChangedOnDiskIsReadAgain(@TempDir Path dir) throws Exception {
        Path lesson = dir.resolve("gosched-global-queue.yaml");
        String text = Files.readString(Path.of(PASSING));
        Files.writeString(lesson, text);
        launcher(Map.of(), List.of(lesson.toString()));
        awaitServing();
        Map<String, String> require = Map.of("GOROUTINE_LAB_CHECK_SERVER", "require");
        assertThat(launcher(require, List.of(lesson.toString())).code()).isZero();
        Files.writeString(lesson, text.replace("g.2.status: _Grunning", "g.2.status: _Gwaiting"));
        Run failing = launcher(require, List.of(lesson.toString()));
        assertThat(failing.code()).isEqualTo(1);
        assertThat(failing.out()).contains("FAIL    " + lesson).contains("g.2.status");
    }

    @Test
    void aWrongTokenIsRefusedAndTheServerGoesOn() throws Exception {
        launcher(Map.of(), CASES.get("passing"));
        awaitServing();
        String[] file = stateLine();
        String reply = send(Integer.parseInt(file[0]), "0".repeat(file[1].length()), "check", work.toString(), CASES.get("passing"));
        assertThat(reply).isEqualTo("GLCHECK1 refused\n");
        assertThat(send(Integer.parseInt(file[0]), "x", "stop", null, List.of())).isEqualTo("GLCHECK1 refused\n");
        assertThat(direct(CASES.get("passing"))).isEqualTo(EXPECTED.get("passing"));
    }

    @Test
    void aWrongTokenOrADeadPortInTheFileFallsBackUnseen() throws Exception {
        launcher(Map.of(), CASES.get("passing"));
        awaitServing();
        String[] f = stateLine();
        Path state = stateFile().orElseThrow();
        Files.writeString(state, String.join(" ", f[0], "0".repeat(f[1].length()), f[2], f[3], f[4], f[5]) + "\n");
        assertThat(launcher(Map.of("GOROUTINE_LAB_CHECK_SERVER", "require"), CASES.get("failing")).code()).as("refused").isEqualTo(3);
        assertThat(launcher(Map.of(), CASES.get("failing"))).isEqualTo(EXPECTED.get("failing"));
        int dead;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            dead = s.getLocalPort();
        }
        // a token no server has: a server still alive leaves when it sees its file name another, and frees the lock
        Files.writeString(state, String.join(" ", Integer.toString(dead), "1".repeat(f[1].length()), f[2], f[3], f[4], f[5]) + "\n");
        assertThat(launcher(Map.of(), CASES.get("invalid"))).as("dead port").isEqualTo(EXPECTED.get("invalid"));
        awaitServing(); // the server that check started, so that the test stops it
    }

    @Test
    void aRebuiltJarIsNotUsedAndItsServerExits() throws Exception {
        launcher(Map.of(), CASES.get("passing"));
        awaitServing();
        long old = Long.parseLong(stateLine()[5]);
        FileTime was = Files.getLastModifiedTime(jar);
        try {
            Files.setLastModifiedTime(jar, FileTime.fromMillis(was.toMillis() + 5_000));
            assertThat(launcher(Map.of("GOROUTINE_LAB_CHECK_SERVER", "require"), CASES.get("passing")).code())
                    .as("a server for the jar as it was is not used").isEqualTo(3);
            await("the old server exits", () -> ProcessHandle.of(old).map(p -> !p.isAlive()).orElse(true));
            assertThat(launcher(Map.of(), CASES.get("missing"))).isEqualTo(EXPECTED.get("missing"));
            awaitServing();
            assertThat(Long.parseLong(stateLine()[5])).as("a new server").isNotEqualTo(old);
        } finally {
            Files.setLastModifiedTime(jar, was);
        }
    }

    @Test
    void stopStopsTheServer() throws Exception {
        launcher(Map.of(), CASES.get("passing"));
        awaitServing();
        long pid = Long.parseLong(stateLine()[5]);
        Run stop = launcher(Map.of(), "--stop");
        assertThat(stop).isEqualTo(new Run(0, "server/bin/check: stopped the check server (pid " + pid + ")\n", ""));
        await("the server exits", () -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
        assertThat(stateFile()).isEmpty();
        assertThat(launcher(Map.of(), "--stop")).isEqualTo(new Run(0, "server/bin/check: no check server was running\n", ""));
    }

    @Test
    void anIdleServerExits() throws Exception {
        launcher(Map.of("GOROUTINE_LAB_CHECK_SERVER_IDLE_SECONDS", "1"), CASES.get("passing"));
        awaitServing();
        long pid = Long.parseLong(stateLine()[5]);
        await("the idle server exits", () -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
        assertThat(stateFile()).isEmpty();
    }

    // ---- helpers ----

    /** The launcher in {@link #work}, with this test's private runtime folder and jar. */
    private Run launcher(Map<String, String> env, String... args) throws Exception {
        return launcher(env, List.of(args));
    }

    private Run launcher(Map<String, String> env, List<String> args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(LAUNCHER.toString()));
        cmd.addAll(args);
        Map<String, String> e = new LinkedHashMap<>(env);
        e.put("XDG_RUNTIME_DIR", runtimeDir.toString());
        e.put("GOROUTINE_LAB_JAR", jar.toString());
        e.putIfAbsent("GOROUTINE_LAB_CHECK_SERVER_WARMUP_ROUNDS", "0");
        return run(cmd, e).normalised();
    }

    /**
     * The launcher with its output on pipes, read to their end: the server it
     * starts must not hold them open (a CI job reading a check's output would
     * wait for the server's 15 idle minutes).
     */
    private Run launcherThroughPipes(List<String> args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(LAUNCHER.toString()));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(work.toFile());
        pb.environment().remove("GOROUTINE_LAB_CHECK_SERVER");
        pb.environment().put("XDG_RUNTIME_DIR", runtimeDir.toString());
        pb.environment().put("GOROUTINE_LAB_JAR", jar.toString());
        pb.environment().put("GOROUTINE_LAB_CHECK_SERVER_WARMUP_ROUNDS", "0");
        Process p = pb.start();
        java.util.concurrent.CompletableFuture<byte[]> out = java.util.concurrent.CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
        java.util.concurrent.CompletableFuture<byte[]> err = java.util.concurrent.CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("the launcher ends").isTrue();
        String o = new String(out.get(60, TimeUnit.SECONDS), StandardCharsets.UTF_8);
        String e = new String(err.get(60, TimeUnit.SECONDS), StandardCharsets.UTF_8);
        return new Run(p.exitValue(), o, e).normalised();
    }

    private static byte[] readAll(InputStream in) {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Run run(List<String> cmd, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(work.toFile());
        pb.environment().remove("GOROUTINE_LAB_CHECK_SERVER");
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        pb.environment().putAll(env);
        Path out = Files.createTempFile(shared, "out", ".txt");
        Path err = Files.createTempFile(shared, "err", ".txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process p = pb.start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as(cmd + " ends").isTrue();
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    /** The state file of the one server this test's folder holds. */
    private Optional<Path> stateFile() throws IOException {
        Path dir = runtimeDir.resolve("goroutine-lab");
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().matches("check-[0-9]+")).findFirst();
        }
    }

    /** PORT TOKEN SIZE MTIME INODE PID. */
    private String[] stateLine() throws IOException {
        return Files.readString(stateFile().orElseThrow()).trim().split(" ");
    }

    private List<Long> serverPids() throws IOException {
        return serverProcesses().stream().map(ProcessHandle::pid).toList();
    }

    /** The check servers started for this test's runtime folder, by their command lines. */
    private List<ProcessHandle> serverProcesses() {
        String mine = runtimeDir.resolve("goroutine-lab").toString();
        return ProcessHandle.allProcesses().filter(p -> p.info().arguments()
                .map(a -> List.of(a).contains("check-server") && String.join(" ", a).contains(mine)).orElse(false)).toList();
    }

    /** Waits until the server named in the file takes a check (the launcher with require says so). */
    private void awaitServing() throws Exception {
        await("a check server takes checks", () -> {
            try {
                return launcher(Map.of("GOROUTINE_LAB_CHECK_SERVER", "require"), CASES.get("passing")).code() != 3;
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
    }

    /** Asks the server for a check straight over its port, as the launcher would, and reads its answer. */
    private Run direct(List<String> args) throws Exception {
        String[] f = stateLine();
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), Integer.parseInt(f[0]))) {
            write(s.getOutputStream(), f[1], "check", work.toString(), args);
            InputStream in = s.getInputStream();
            assertThat(readLine(in)).isEqualTo("GLCHECK1 accepted");
            String[] ok = readLine(in).split(" ");
            assertThat(ok[1]).isEqualTo("ok");
            byte[] err = in.readNBytes(Integer.parseInt(ok[3]));
            byte[] out = in.readAllBytes();
            return new Run(Integer.parseInt(ok[2]), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8))
                    .normalised();
        }
    }

    private static String send(int port, String token, String command, String cwd, List<String> args) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            write(s.getOutputStream(), token, command, cwd, args);
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void write(OutputStream o, String token, String command, String cwd, List<String> args) throws IOException {
        List<String> fields = new ArrayList<>(List.of("GLCHECK1", token, command));
        if (cwd != null) {
            fields.add(cwd);
            fields.add(Integer.toString(args.size()));
            fields.addAll(args);
        }
        for (String f : fields) {
            o.write(f.getBytes(StandardCharsets.UTF_8));
            o.write(0);
        }
        o.flush();
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c = in.read(); c >= 0 && c != '\n'; c = in.read()) {
            b.write(c);
        }
        return b.toString(StandardCharsets.UTF_8);
    }

    private static void await(String what, BooleanSupplier done) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        while (!done.getAsBoolean()) {
            assertThat(System.currentTimeMillis()).as("not within 60 s: " + what).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    /**
     * A jar with nothing but a manifest: goroutinelab.Main, and this test's
     * classpath as its Class-Path (surefire's own manifest-only jar is opened
     * up, so the server's JVM loads the same classes as this one).
     */
    static Path thinJar(Path dir) throws IOException {
        List<String> urls = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path p = Path.of(entry).toAbsolutePath();
            String inner = null;
            if (entry.endsWith(".jar") && Files.isRegularFile(p)) {
                try (JarFile j = new JarFile(p.toFile())) {
                    Manifest m = j.getManifest();
                    inner = m == null ? null : m.getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
                }
            }
            if (inner != null && p.getFileName().toString().startsWith("surefire")) {
                for (String u : inner.trim().split("\\s+")) {
                    urls.add(p.toUri().resolve(u).toString());
                }
            } else {
                urls.add(p.toUri().toString());
            }
        }
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "goroutinelab.Main");
        m.getMainAttributes().put(Attributes.Name.CLASS_PATH, String.join(" ", urls));
        Files.createDirectories(dir);
        Path jar = dir.resolve("goroutine-lab.jar");
        try (JarOutputStream o = new JarOutputStream(Files.newOutputStream(jar), m)) {
            o.flush();
        }
        return jar;
    }
}
