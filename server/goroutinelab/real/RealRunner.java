package goroutinelab.real;

import com.fasterxml.jackson.databind.ObjectMapper;
import goroutinelab.lesson.Lesson;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Builds a lesson's exported program with the installed Go toolchain and runs
 * it for real, under runtime/trace, then converts each trace into the lab's
 * vocabulary ({@link RealTrace}).
 *
 * <p>Every run is bounded: it happens in a fresh temporary directory with a
 * scrubbed environment, under a wall-clock limit (from the model's own run
 * time, capped), a limit on what it may print, and, where prlimit exists,
 * limits on address space, file size, open files and CPU; at most
 * {@code concurrency} runs happen at once in one runner. Builds and runs are
 * cached under the cache directory, keyed by a hash of the lesson's text and
 * the Go version, so asking again costs nothing.
 *
 * <p>This class runs whatever lesson it is given: only lessons from the
 * server's own disk may reach it (see {@link TrustedLessons}).
 */
public final class RealRunner {
    /** Changes when the exported program or the conversion changes, so old cache entries are not reused. */
    static final String EXPORT_VERSION = "5";
    private static final Pattern CALIBRATION = Pattern.compile("^lab: calibration ([0-9.]+),([0-9.]+)\\s*$");

    /**
     * @param goPath          the go command (null: find it)
     * @param maxRunSeconds   no run may take longer than this, whatever the model says
     * @param maxOutputBytes  what a run may print, both streams together
     * @param maxMemoryBytes  a run's address space (where prlimit exists)
     * @param maxTraceBytes   the trace file, and the trace as text
     * @param concurrency     runs at once in this runner
     * @param cacheDir        where builds and runs are kept
     * @param useCache        whether to reuse runs kept from before
     */
    public record Options(String goPath, int maxRunSeconds, long maxOutputBytes, long maxMemoryBytes, long maxTraceBytes,
                          int concurrency, Path cacheDir, boolean useCache) {
        public Options {
            // the built program is run by its path and go refuses a relative GOPATH: keep the folder absolute
            cacheDir = cacheDir.toAbsolutePath().normalize();
        }

        public static Options defaults() {
            return new Options(null, 60, 1 << 20, 3L << 29, 64L << 20, 2, defaultCacheDir(), true);
        }

        public Options withGo(String path) {
            return new Options(path, maxRunSeconds, maxOutputBytes, maxMemoryBytes, maxTraceBytes, concurrency, cacheDir, useCache);
        }

        public Options withMaxRunSeconds(int s) {
            return new Options(goPath, s, maxOutputBytes, maxMemoryBytes, maxTraceBytes, concurrency, cacheDir, useCache);
        }

        public Options withMaxOutputBytes(long b) {
            return new Options(goPath, maxRunSeconds, b, maxMemoryBytes, maxTraceBytes, concurrency, cacheDir, useCache);
        }

        public Options withCache(Path dir, boolean use) {
            return new Options(goPath, maxRunSeconds, maxOutputBytes, maxMemoryBytes, maxTraceBytes, concurrency, dir, use);
        }

        public Options withConcurrency(int n) {
            return new Options(goPath, maxRunSeconds, maxOutputBytes, maxMemoryBytes, maxTraceBytes, n, cacheDir, useCache);
        }
    }

    /** The runs of one lesson, and whether they came from the cache. */
    public record Result(GoExport.GoProgram program, String goVersion, List<RealTrace> runs, boolean cached) {
    }

    private final Options options;
    private final GoToolchain go;
    private final Semaphore slots;
    /** One lock per cache entry: two requests for the same lesson run it once, the second from the cache. */
    private final java.util.concurrent.ConcurrentHashMap<String, Object> locks = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicInteger mostInFlight = new java.util.concurrent.atomic.AtomicInteger();

    public RealRunner(Options options) throws RealError {
        this(options, null);
    }

    /** With a given toolchain (tests); null finds it. */
    RealRunner(Options options, GoToolchain toolchain) throws RealError {
        this.options = options;
        try {
            Files.createDirectories(options.cacheDir().resolve("home"));
        } catch (IOException e) {
            throw new RealError(RealError.Kind.RUN_FAILED, "cannot create the cache folder (" + e.getClass().getSimpleName() + ")");
        }
        this.go = toolchain != null ? toolchain : GoToolchain.find(options.goPath(), options.cacheDir());
        this.slots = new Semaphore(Math.max(1, options.concurrency()), true);
    }

    public GoToolchain toolchain() {
        return go;
    }

    public Options options() {
        return options;
    }

    static Path defaultCacheDir() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("goroutine-lab").resolve("real");
    }

    /** The cache key of a lesson's runs: its text, the Go version, the exporter's version. */
    String key(String lessonText) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(lessonText.getBytes(StandardCharsets.UTF_8));
            d.update((byte) 0);
            d.update(go.version().getBytes(StandardCharsets.UTF_8));
            d.update((byte) 0);
            d.update(EXPORT_VERSION.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d.digest()).substring(0, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("RealRunner.key: no SHA-256", e);
        }
    }

    /** Exports, builds and runs the lesson {@code runs} times (from the cache where it can). */
    public Result run(Lesson lesson, String text, int runs) throws RealError {
        if (runs < 1 || runs > 100) {
            throw new RealError(RealError.Kind.REFUSED, "runs must be 1 to 100, got " + runs);
        }
        GoExport.GoProgram program;
        try {
            program = GoExport.export(lesson, text);
        } catch (ExportError e) {
            throw new RealError(RealError.Kind.NOT_RUNNABLE, e.getMessage());
        }
        if (program.cgo() && !go.hasCCompiler()) {
            throw new RealError(RealError.Kind.NEEDS_C_COMPILER, "lesson " + lesson.id() + " calls C (cgo, lessons/" + lesson.id()
                    + ".yaml:" + program.cgoLine() + "): running it for real needs a C compiler (gcc or cc), and none was found. "
                    + "The exported program is still valid Go; install gcc to run it.");
        }
        ModelRun model = ModelRun.play(lesson);
        Duration limit = timeLimit(model.endNs());
        String key = key(text);
        synchronized (locks.computeIfAbsent(key, k -> new Object())) {
            return runLocked(lesson, program, model, limit, options.cacheDir().resolve(key), runs);
        }
    }

    /** The most runs that were in flight at once in this runner (tests check the bound). */
    int mostInFlight() {
        return mostInFlight.get();
    }

    private Result runLocked(Lesson lesson, GoExport.GoProgram program, ModelRun model, Duration limit, Path dir, int runs)
            throws RealError {
        List<RealTrace> out = new ArrayList<>();
        boolean allCached = true;
        try {
            Files.createDirectories(dir);
            String calibration = null;
            for (int i = 0; i < runs; i++) {
                Path cached = dir.resolve("run-" + i + ".json");
                if (options.useCache() && Files.isRegularFile(cached)) {
                    out.add(mapper().readValue(cached.toFile(), RealTrace.class));
                    continue;
                }
                allCached = false;
                Path binary = build(program, dir);
                RealTrace t = runOnce(program, binary, i, calibration, limit, injected(program, lesson, model),
                        model.goroutineNumbers());
                if (t.recorded() != null && t.recorded().computeStepsPerMs() != null) {
                    calibration = t.recorded().computeStepsPerMs() + "," + t.recorded().loopIterationsPerMs();
                }
                mapper().writeValue(cached.toFile(), t);
                out.add(t);
            }
        } catch (IOException e) {
            throw new RealError(RealError.Kind.RUN_FAILED, "the real run of " + lesson.id() + " failed ("
                    + e.getClass().getSimpleName() + ")");
        }
        return new Result(program, go.version(), out, allCached);
    }

    /** How long one run may take: ten seconds more than three times the model's run, within the cap. */
    Duration timeLimit(long modelEndNs) throws RealError {
        long capNs = options.maxRunSeconds() * 1_000_000_000L;
        if (modelEndNs > capNs) {
            throw new RealError(RealError.Kind.LIMIT, "the lesson's program runs for " + Math.round(modelEndNs / 1e9)
                    + " s in the model; a real run may take at most " + options.maxRunSeconds() + " s (raise --max-seconds)");
        }
        long ns = Math.min(capNs, 10_000_000_000L + 3 * modelEndNs);
        return Duration.ofNanos(ns);
    }

    private static ObjectMapper mapper() {
        return RealTrace.mapper();
    }

    /** Builds main.go in dir unless the binary is there already (a cache hit). */
    private Path build(GoExport.GoProgram program, Path dir) throws IOException, RealError {
        Path binary = dir.resolve("lesson");
        Path src = dir.resolve("main.go");
        if (Files.isExecutable(binary) && Files.isRegularFile(src) && Files.readString(src).equals(program.source())) {
            return binary;
        }
        Files.writeString(src, program.source());
        Files.writeString(dir.resolve("go.mod"), "module lesson\n\ngo 1.19\n");
        Files.deleteIfExists(binary);
        Bounded.Outcome o = Bounded.run(List.of(go.go().toString(), "build", "-o", "lesson", "."), dir, go.env(program.cgo()),
                new Bounded.Limits(Duration.ofSeconds(300), options.maxOutputBytes(), 0, 0));
        if (o.exitCode() != 0 || !Files.isExecutable(binary)) {
            throw new RealError(RealError.Kind.BUILD_FAILED, "go build failed for lesson " + program.lessonId()
                    + (o.limitHit() != null ? " (" + o.limitHit() + ")" : "") + ":\n" + firstLines(o.stderr(), 12));
        }
        return binary;
    }

    private static String firstLines(String s, int n) {
        return String.join("\n", s.lines().limit(n).toList());
    }

    /** The program's scheduled signals, to show among the events at their times. */
    private static List<RealTraceBuilder.Injected> injected(GoExport.GoProgram program, Lesson lesson, ModelRun model) {
        List<RealTraceBuilder.Injected> out = new ArrayList<>();
        for (goroutinelab.engine.Program.TimedInjection t : lesson.program().injections()) {
            if (t.injection() instanceof goroutinelab.engine.Injection.Signal s) {
                out.add(new RealTraceBuilder.Injected(t.atNs(), "signal", s.name()));
            }
        }
        return out;
    }

    /** One run in a fresh temporary directory; the trace is converted and the directory removed. */
    private RealTrace runOnce(GoExport.GoProgram program, Path binary, int index, String calibration, Duration limit,
                              List<RealTraceBuilder.Injected> injected, Map<String, Integer> numbers)
            throws IOException, RealError {
        try {
            slots.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RealError(RealError.Kind.RUN_FAILED, "interrupted while waiting for a free run slot");
        }
        mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        Path tmp = Files.createTempDirectory("goroutine-lab-run");
        try {
            List<String> cmd = new ArrayList<>(List.of(binary.toString(), "-trace", "trace.out"));
            if (calibration != null) {
                cmd.add("-calibration");
                cmd.add(calibration);
            }
            Map<String, String> env = new LinkedHashMap<>();
            env.put("PATH", "/usr/bin:/bin");
            String godebug = program.godebug(program.heap());
            if (!godebug.isEmpty()) {
                env.put("GODEBUG", godebug);
            }
            Bounded.Outcome o = Bounded.run(cmd, tmp, env,
                    new Bounded.Limits(limit, options.maxOutputBytes(), options.maxMemoryBytes(), options.maxTraceBytes()));
            String endedBy = endedBy(program, o);
            Path trace = tmp.resolve("trace.out");
            if (!Files.isRegularFile(trace) || Files.size(trace) == 0) {
                throw new RealError(o.limitHit() != null ? RealError.Kind.LIMIT : RealError.Kind.RUN_FAILED,
                        "the real run of " + program.lessonId() + " wrote no trace: " + endedBy
                                + (o.stderr().isBlank() ? "" : "\n" + firstLines(o.stderr(), 8)));
            }
            TraceText.Parsed parsed = convert(trace, tmp);
            Map<Long, String> starts = TraceStacks.startFunctions(trace);
            double[] cal = calibration(o.stderrLines(), calibration);
            RealTrace.Recorded rec = Machine.recorded(go.version(), parsed.format(), program.gomaxprocs(), godebug,
                    cal == null ? null : cal[0], cal == null ? null : cal[1]);
            RealTrace.RunInfo info = new RealTrace.RunInfo(index, o.exitCode(), endedBy, 0, o.wallNs());
            return RealTraceBuilder.build(program.lessonId(), parsed.events(), injected, GcTrace.parse(o.stderrLines()), info, rec,
                    numbers, starts);
        } finally {
            deleteTree(tmp);
            inFlight.decrementAndGet();
            slots.release();
        }
    }

    /** How the run ended, in the lab's words; a limit or an unexpected death is an error. */
    static String endedBy(GoExport.GoProgram program, Bounded.Outcome o) throws RealError {
        if (o.limitHit() != null) {
            throw new RealError(RealError.Kind.LIMIT, "the real run of " + program.lessonId() + " was stopped: " + o.limitHit());
        }
        if (o.exitCode() == 0) {
            return "main returned";
        }
        for (String sig : program.fatalSignals()) {
            if (o.exitCode() == 128 + Signals.number(sig)) {
                return "signal " + sig + (program.notified().contains(sig) ? " (it came before the program asked for it)" : "");
            }
        }
        throw new RealError(RealError.Kind.RUN_FAILED, "the real run of " + program.lessonId() + " exited with status "
                + o.exitCode() + (o.stderr().isBlank() ? "" : ":\n" + firstLines(o.stderr(), 8)));
    }

    private static double[] calibration(List<String> stderr, String given) {
        for (String line : stderr) {
            Matcher m = CALIBRATION.matcher(line);
            if (m.matches()) {
                return new double[]{Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2))};
            }
        }
        if (given != null) {
            String[] p = given.split(",");
            return new double[]{Double.parseDouble(p[0]), Double.parseDouble(p[1])};
        }
        return null;
    }

    /** go tool trace prints the trace as text into a file (bounded), which is read line by line. */
    private TraceText.Parsed convert(Path trace, Path tmp) throws IOException, RealError {
        Path text = tmp.resolve("trace.txt");
        List<String> cmd = new ArrayList<>();
        cmd.add(go.go().toString());
        cmd.addAll(go.traceTextArgs());
        cmd.add("trace.out");
        Bounded.Outcome o = Bounded.run(cmd, tmp, go.env(false),
                new Bounded.Limits(Duration.ofSeconds(120), options.maxOutputBytes(), 0, options.maxTraceBytes() * 4), text);
        if (o.exitCode() != 0 || o.limitHit() != null) {
            throw new RealError(RealError.Kind.RUN_FAILED, "go tool trace could not read the trace"
                    + (o.limitHit() != null ? " (" + o.limitHit() + ")" : "") + ":\n" + firstLines(o.stderr(), 6));
        }
        try (BufferedReader r = Files.newBufferedReader(text, StandardCharsets.UTF_8)) {
            return TraceText.parse(r);
        } catch (TraceText.TraceFormatError e) {
            throw new RealError(RealError.Kind.RUN_FAILED, "the trace text could not be read: " + e.getMessage());
        }
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind is harmless
        }
    }

    /** When each result was made, to the second (for the record). */
    static String now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
