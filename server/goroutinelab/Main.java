package goroutinelab;

import goroutinelab.lesson.Checker;
import goroutinelab.lesson.LessonStore;
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
 * headless and checks their expectations.
 */
@Command(name = "goroutine-lab", mixinStandardHelpOptions = true, version = "goroutine-lab 0.1",
        description = "Serves the goroutine-lab teaching lab (the default), or checks lessons.",
        subcommands = {Main.Check.class})
public final class Main implements Callable<Integer> {

    @Option(names = "--port", description = "Port to listen on (default: $PORT or 7070).")
    Integer port;

    @Option(names = "--host", description = "Address to bind (default: 0.0.0.0).", defaultValue = "0.0.0.0")
    String host;

    @Option(names = "--lessons", description = "Serve lessons from this folder (re-read when a file changes) instead of the bundled ones.")
    Path lessons;

    @Override
    public Integer call() {
        int p = port != null ? port : envPort();
        LessonStore store = lessons != null ? LessonStore.folder(lessons) : LessonStore.bundled();
        App app = App.start(store, host, p, Limits.defaults());
        System.out.println("goroutine-lab is running at http://" + ("0.0.0.0".equals(host) ? "localhost" : host)
                + ":" + app.port() + "/  (Ctrl-C to stop)");
        Runtime.getRuntime().addShutdownHook(new Thread(app::stop, "shutdown"));
        app.join();
        return 0;
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
