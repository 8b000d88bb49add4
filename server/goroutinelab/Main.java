package goroutinelab;

import goroutinelab.checkserver.CheckServer;
import goroutinelab.classroom.Classroom;
import goroutinelab.classroom.Database;
import goroutinelab.lesson.Checker;
import goroutinelab.lesson.LessonStore;
import goroutinelab.real.ExportCommand;
import goroutinelab.real.RealCommand;
import goroutinelab.web.Access;
import goroutinelab.web.App;
import goroutinelab.web.Limits;
import goroutinelab.web.RealRuns;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * goroutine-lab: with no command it serves the lab; {@code check} plays lessons
 * headless and checks their expectations; {@code export} and {@code real} turn a
 * lesson into a Go program and run it for real (package goroutinelab.real).
 */
@Command(name = "goroutine-lab", mixinStandardHelpOptions = true, version = "goroutine-lab 0.1",
        description = "Serves the goroutine-lab teaching lab (the default), or checks lessons.",
        subcommands = {Main.Check.class, ExportCommand.class, RealCommand.class})
public final class Main implements Callable<Integer> {

    @Option(names = "--port", description = "Port to listen on (default: $PORT or 7070).")
    Integer port;

    @Option(names = "--host", description = "Address to bind (default: 0.0.0.0).", defaultValue = "0.0.0.0")
    String host;

    @Option(names = "--lessons", description = "Serve lessons from this folder (re-read when a file changes) instead of the bundled ones.")
    Path lessons;

    @Option(names = "--max-message-bytes", paramLabel = "BYTES", defaultValue = "${env:GOROUTINE_LAB_MAX_MESSAGE_BYTES:-16384}",
            description = "A browser message larger than this is refused with a limit error (env GOROUTINE_LAB_MAX_MESSAGE_BYTES, default ${DEFAULT-VALUE}).")
    int maxMessageBytes;

    @Option(names = "--max-messages-per-second", paramLabel = "N", defaultValue = "${env:GOROUTINE_LAB_MAX_MESSAGES_PER_SECOND:-50}",
            description = "Messages one socket may send a second; the rest are refused (env GOROUTINE_LAB_MAX_MESSAGES_PER_SECOND, default ${DEFAULT-VALUE}).")
    int maxMessagesPerSecond;

    @Option(names = "--max-steps-per-session", paramLabel = "N", defaultValue = "${env:GOROUTINE_LAB_MAX_STEPS_PER_SESSION:-1000000}",
            description = "The engine step no session may pass (env GOROUTINE_LAB_MAX_STEPS_PER_SESSION, default ${DEFAULT-VALUE}).")
    long maxStepsPerSession;

    @Option(names = "--max-steps-per-message", paramLabel = "N", defaultValue = "${env:GOROUTINE_LAB_MAX_STEPS_PER_MESSAGE:-200000}",
            description = "Engine steps one step or seek message may run (env GOROUTINE_LAB_MAX_STEPS_PER_MESSAGE, default ${DEFAULT-VALUE}).")
    long maxStepsPerMessage;

    @Option(names = "--max-cpu-ms-per-second", paramLabel = "MS", defaultValue = "${env:GOROUTINE_LAB_MAX_CPU_MS_PER_SECOND:-250}",
            description = "CPU time one socket's messages may take a second on average: a move stops where it got to when its socket has had its share, and what it overran is owed (env GOROUTINE_LAB_MAX_CPU_MS_PER_SECOND, default ${DEFAULT-VALUE}).")
    long maxCpuMsPerSecond;

    @Option(names = "--session-memory-percent", paramLabel = "PERCENT", defaultValue = "${env:GOROUTINE_LAB_SESSION_MEMORY_PERCENT:-40}",
            description = "The share of the heap that sessions (and the lessons' maps) may hold by the engine's estimate; a move that would pass it stops, unless its session holds less than an equal share (env GOROUTINE_LAB_SESSION_MEMORY_PERCENT, default ${DEFAULT-VALUE}).")
    int sessionMemoryPercent;

    @Option(names = "--client-memory-percent", paramLabel = "PERCENT", defaultValue = "${env:GOROUTINE_LAB_CLIENT_MEMORY_PERCENT:-5}",
            description = "The share of the heap that the sessions of one client address may hold together by the engine's estimate (at most the sessions' share); a move that would pass it stops, however small its session (env GOROUTINE_LAB_CLIENT_MEMORY_PERCENT, default ${DEFAULT-VALUE}).")
    int clientMemoryPercent;

    @Option(names = "--engine-threads", paramLabel = "N", defaultValue = "${env:GOROUTINE_LAB_ENGINE_THREADS:-0}",
            description = "Sessions' moves run on this many threads at once; 0 is the cores less one, at least one (env GOROUTINE_LAB_ENGINE_THREADS, default ${DEFAULT-VALUE}).")
    int engineThreads;

    @Option(names = "--max-sessions", paramLabel = "N", defaultValue = "${env:GOROUTINE_LAB_MAX_SESSIONS:-2000}",
            description = "Sessions this server holds at once; the next socket is refused (env GOROUTINE_LAB_MAX_SESSIONS, default ${DEFAULT-VALUE}).")
    int maxSessions;

    @Option(names = "--idle-timeout-seconds", paramLabel = "S", defaultValue = "${env:GOROUTINE_LAB_IDLE_TIMEOUT_SECONDS:-1800}",
            description = "A session that sent nothing for this long is closed (env GOROUTINE_LAB_IDLE_TIMEOUT_SECONDS, default ${DEFAULT-VALUE}).")
    long idleTimeoutSeconds;

    @Option(names = "--max-outbox-bytes", paramLabel = "BYTES", defaultValue = "${env:GOROUTINE_LAB_MAX_OUTBOX_BYTES:-4194304}",
            description = "Frames one socket may have waiting for its browser to take them; the socket is not read while a sixteenth of this waits, and is closed past it (env GOROUTINE_LAB_MAX_OUTBOX_BYTES, default ${DEFAULT-VALUE}).")
    long maxOutboxBytes;

    @Option(names = "--max-unread-seconds", paramLabel = "S", defaultValue = "${env:GOROUTINE_LAB_MAX_UNREAD_SECONDS:-30}",
            description = "A socket whose browser takes none of its waiting frames for this long is closed (env GOROUTINE_LAB_MAX_UNREAD_SECONDS, default ${DEFAULT-VALUE}).")
    long maxUnreadSeconds;

    @Option(names = "--max-sockets-per-client", paramLabel = "N", defaultValue = "${env:GOROUTINE_LAB_MAX_SOCKETS_PER_CLIENT:-100}",
            description = "Sockets one client address (an IPv6 /64) may hold at once; raise it for a class behind one NAT address (env GOROUTINE_LAB_MAX_SOCKETS_PER_CLIENT, default ${DEFAULT-VALUE}).")
    int maxSocketsPerClient;

    @Option(names = "--max-previews-per-client", paramLabel = "N", defaultValue = "${env:GOROUTINE_LAB_MAX_PREVIEWS_PER_CLIENT:-5}",
            description = "Author-page previews one client address may keep; its next forgets its oldest (env GOROUTINE_LAB_MAX_PREVIEWS_PER_CLIENT, default ${DEFAULT-VALUE}).")
    int maxPreviewsPerClient;

    @Option(names = "--load-timeout-seconds", paramLabel = "S", defaultValue = "${env:GOROUTINE_LAB_LOAD_TIMEOUT_SECONDS:-10}",
            description = "A socket that has loaded no lesson this long after connecting is closed (env GOROUTINE_LAB_LOAD_TIMEOUT_SECONDS, default ${DEFAULT-VALUE}).")
    long loadTimeoutSeconds;

    @Option(names = "--trusted-proxies", paramLabel = "LIST", defaultValue = "${env:GOROUTINE_LAB_TRUSTED_PROXIES:-}",
            description = "Comma-separated addresses or networks (10.0.0.0/8) of the proxies in front of the server; only from these is X-Forwarded-For believed (env GOROUTINE_LAB_TRUSTED_PROXIES, default none).")
    String trustedProxies;

    @Option(names = "--allowed-origins", paramLabel = "LIST", defaultValue = "${env:GOROUTINE_LAB_ALLOWED_ORIGINS:-}",
            description = "Comma-separated origins (https://course.example.edu) whose pages may open lab sockets besides the lab's own (env GOROUTINE_LAB_ALLOWED_ORIGINS, default none).")
    String allowedOrigins;

    @Option(names = "--echo-endpoint", defaultValue = "${env:GOROUTINE_LAB_ECHO_ENDPOINT:-false}",
            description = "Also serve /echo, a bare WebSocket echo: the baseline for the load test (docs/performance.md). Off by default.")
    boolean echoEndpoint;

    @Option(names = "--database", paramLabel = "JDBC_URL", defaultValue = "${env:GOROUTINE_LAB_DATABASE}",
            description = "The classroom's database: a PostgreSQL JDBC URL (jdbc:postgresql://host/db?user=...&password=...), which "
                    + "several replicas share (env GOROUTINE_LAB_DATABASE; default: an embedded H2 file in --data-dir).")
    String database;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "${env:GOROUTINE_LAB_DATA_DIR:-data}",
            description = "Where the embedded database keeps its file when --database is not given (env GOROUTINE_LAB_DATA_DIR, default ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--room-idle-minutes", paramLabel = "MIN", defaultValue = "${env:GOROUTINE_LAB_ROOM_IDLE_MINUTES:-240}",
            description = "A live class with no instructor move and no student joining for this long ends (env GOROUTINE_LAB_ROOM_IDLE_MINUTES, default ${DEFAULT-VALUE}).")
    long roomIdleMinutes;

    @Option(names = "--room-size", paramLabel = "N", defaultValue = "${env:GOROUTINE_LAB_ROOM_SIZE:-500}",
            description = "Students one live class takes; the next sees a 'class is full' page (env GOROUTINE_LAB_ROOM_SIZE, default ${DEFAULT-VALUE}).")
    int roomSize;

    @Option(names = "--real-runs", defaultValue = "${env:GOROUTINE_LAB_REAL_RUNS:-false}",
            description = "Let the player's button record a lesson's real run again on this server: it builds and runs the "
                    + "lesson's Go program with the installed Go toolchain, one lesson at a time, for the server's own lessons "
                    + "only (env GOROUTINE_LAB_REAL_RUNS; off by default: docs/deploy.md says why).")
    boolean realRuns;

    @Option(names = "--real-runs-key", paramLabel = "KEY", defaultValue = "${env:GOROUTINE_LAB_REAL_RUNS_KEY:-}",
            description = "With --real-runs: the instructor's key that recording needs (16 or more letters, digits, '-' or '_'; "
                    + "env GOROUTINE_LAB_REAL_RUNS_KEY). Without it the server makes one and prints the link that carries it.")
    String realRunsKey;

    @Override
    public Integer call() {
        int p = port != null ? port : envPort();
        Limits limits = limits();
        Access access = access();
        Classroom.Options roomOptions = classroomOptions();
        LessonStore store = lessons != null ? LessonStore.folder(lessons) : LessonStore.bundled();
        Database db;
        try {
            db = database != null && !database.isBlank() ? Database.open(database.trim()) : Database.embedded(dataDir);
        } catch (RuntimeException e) {
            System.err.println("goroutine-lab: cannot open the classroom database: " + rootMessage(e));
            return 2;
        }
        Classroom classroom = Classroom.open(db, store, roomOptions);
        String key = realRunsKey == null || realRunsKey.isBlank() ? RealRuns.Options.newKey() : realRunsKey.trim();
        RealRuns.Options real;
        try {
            real = realRuns ? RealRuns.Options.on(null, key) : RealRuns.Options.off();
        } catch (IllegalArgumentException e) {
            System.err.println("goroutine-lab: --real-runs-key: " + e.getMessage());
            db.close();
            return 2;
        }
        App app = App.start(store, host, p, limits, access, echoEndpoint, classroom, real);
        String base = "http://" + ("0.0.0.0".equals(host) ? "localhost" : host) + ":" + app.port();
        System.out.println("goroutine-lab is running at " + base + "/  (Ctrl-C to stop)");
        System.out.println(limits.describe() + (echoEndpoint ? "; /echo is on" : "")
                + (realRuns ? "; lessons may be recorded for real again here (--real-runs)" : ""));
        if (realRuns) {
            System.out.println("real runs: an instructor gets the record button by opening a lesson once with "
                    + "#record-key=KEY after its address (keep it private): " + base + "/lessons/ID#record-key=" + key);
        }
        if (!access.trustedProxies().isEmpty() || !access.allowedOrigins().isEmpty()) {
            System.out.println("trusted proxies: " + access.trustedProxies() + "; origins allowed besides the lab's own: "
                    + access.allowedOrigins());
        }
        System.out.println("classroom: " + (db.kind() == Database.Kind.POSTGRESQL ? "PostgreSQL (replicas share it)"
                : "embedded database in " + dataDir.toAbsolutePath()) + "; rooms end after " + roomIdleMinutes
                + " idle minutes, at most " + roomSize + " students each");
        // SIGTERM (a Kubernetes pod stopping, docker stop) and Ctrl-C run this: every socket is told
        // "restarting" (1012) so the browser resumes elsewhere, then the server stops.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.stop();
            db.close();
        }, "shutdown"));
        app.join();
        return 0;
    }

    Classroom.Options classroomOptions() {
        try {
            return new Classroom.Options(Math.multiplyExact(roomIdleMinutes, 60_000L), roomSize);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new CommandLine.ParameterException(new CommandLine(this), "bad classroom setting: " + e.getMessage());
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        int nl = m.indexOf('\n');
        return nl > 0 ? m.substring(0, nl) : m;
    }

    Limits limits() {
        try {
            return new Limits(maxMessageBytes, maxMessagesPerSecond, maxStepsPerSession, maxSessions,
                    Math.multiplyExact(idleTimeoutSeconds, 1000L), maxStepsPerMessage, maxCpuMsPerSecond,
                    maxOutboxBytes, Math.multiplyExact(maxUnreadSeconds, 1000L), maxSocketsPerClient, maxPreviewsPerClient,
                    Math.multiplyExact(loadTimeoutSeconds, 1000L), sessionMemoryPercent, clientMemoryPercent,
                    engineThreads == 0 ? Limits.defaultEngineThreads() : engineThreads);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new CommandLine.ParameterException(new CommandLine(this), "bad limit: " + e.getMessage());
        }
    }

    Access access() {
        try {
            return Access.parse(trustedProxies, allowedOrigins);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(new CommandLine(this), "bad setting: " + e.getMessage());
        }
    }

    private static int envPort() {
        String env = System.getenv("PORT");
        if (env == null || env.isBlank()) {
            return 7070;
        }
        try {
            return Integer.parseInt(env.trim());
        } catch (NumberFormatException e) {
            throw new CommandLine.ParameterException(new CommandLine(new Main()), "PORT is not a number: " + env);
        }
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Play each lesson headless and check every expect. Exit 0: all hold; 1: an expectation failed; 2: a lesson is invalid.")
    static final class Check implements Callable<Integer> {
        @Parameters(arity = "1..*", paramLabel = "FILE_OR_DIR", description = "Lesson files or folders of them.")
        List<Path> targets;

        @Override
        public Integer call() {
            return new Checker(System.out).run(targets);
        }
    }

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("check-server")) {
            // server/bin/check's warm checker (goroutinelab.checkserver): not in the help, the launcher starts it
            System.exit(CheckServer.main(java.util.Arrays.copyOfRange(args, 1, args.length)));
        }
        if (plainCheck(args)) {
            // the common case of check, without building picocli's model of every command (a third of check's start-up)
            System.exit(new Checker(System.out).run(java.util.Arrays.stream(args, 1, args.length).map(Path::of).toList()));
        }
        System.exit(new CommandLine(new Main()).execute(args));
    }

    /**
     * {@code check} followed by files and folders only, nothing that looks like
     * an option: what picocli would hand to {@link Check#call()} unchanged.
     * Anything else (help, a typo'd option, no file) goes through picocli for
     * its usual messages.
     */
    static boolean plainCheck(String[] args) {
        return Checker.plainCommandLine(java.util.Arrays.asList(args));
    }
}
