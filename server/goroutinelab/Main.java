package goroutinelab;

import goroutinelab.lesson.Checker;
import goroutinelab.lesson.LessonStore;
import goroutinelab.real.ExportCommand;
import goroutinelab.real.RealCommand;
import goroutinelab.web.App;
import goroutinelab.web.Limits;
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
            description = "CPU time one socket's messages may take a second; then its messages are refused until the next second (env GOROUTINE_LAB_MAX_CPU_MS_PER_SECOND, default ${DEFAULT-VALUE}).")
    long maxCpuMsPerSecond;

    @Option(names = "--max-sessions", paramLabel = "N", defaultValue = "${env:GOROUTINE_LAB_MAX_SESSIONS:-2000}",
            description = "Sessions this server holds at once; the next socket is refused (env GOROUTINE_LAB_MAX_SESSIONS, default ${DEFAULT-VALUE}).")
    int maxSessions;

    @Option(names = "--idle-timeout-seconds", paramLabel = "S", defaultValue = "${env:GOROUTINE_LAB_IDLE_TIMEOUT_SECONDS:-1800}",
            description = "A session that sent nothing for this long is closed (env GOROUTINE_LAB_IDLE_TIMEOUT_SECONDS, default ${DEFAULT-VALUE}).")
    long idleTimeoutSeconds;

    @Option(names = "--echo-endpoint", defaultValue = "${env:GOROUTINE_LAB_ECHO_ENDPOINT:-false}",
            description = "Also serve /echo, a bare WebSocket echo: the baseline for the load test (docs/performance.md). Off by default.")
    boolean echoEndpoint;

    @Override
    public Integer call() {
        int p = port != null ? port : envPort();
        Limits limits = limits();
        LessonStore store = lessons != null ? LessonStore.folder(lessons) : LessonStore.bundled();
        App app = App.start(store, host, p, limits, echoEndpoint);
        System.out.println("goroutine-lab is running at http://" + ("0.0.0.0".equals(host) ? "localhost" : host)
                + ":" + app.port() + "/  (Ctrl-C to stop)");
        System.out.println(limits.describe() + (echoEndpoint ? "; /echo is on" : ""));
        // SIGTERM (a Kubernetes pod stopping, docker stop) and Ctrl-C run this: every socket is told
        // "restarting" (1012) so the browser resumes elsewhere, then the server stops.
        Runtime.getRuntime().addShutdownHook(new Thread(app::stop, "shutdown"));
        app.join();
        return 0;
    }

    Limits limits() {
        try {
            return new Limits(maxMessageBytes, maxMessagesPerSecond, maxStepsPerSession, maxSessions,
                    Math.multiplyExact(idleTimeoutSeconds, 1000L), maxStepsPerMessage, maxCpuMsPerSecond);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new CommandLine.ParameterException(new CommandLine(this), "bad limit: " + e.getMessage());
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
        System.exit(new CommandLine(new Main()).execute(args));
    }
}
