package goroutinelab.real;

import goroutinelab.engine.Fmt;
import goroutinelab.lesson.Lesson;
import goroutinelab.lesson.LessonError;
import goroutinelab.lesson.LessonLoader;
import goroutinelab.lesson.YamlTree;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code real}: builds a lesson's program with the installed Go toolchain, runs
 * it under runtime/trace and prints the run in the lab's words ({@code --json}:
 * as JSON); {@code --check DIR} runs every lesson in DIR several times and
 * says in how many runs each of its claims held; {@code --record DIR} writes
 * one run of each lesson to a folder, small enough to bundle.
 */
@Command(name = "real", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run a lesson's program for real and convert its trace (docs/real-trace.md).",
                "  real LESSON.yaml [--runs N] [--json]     one lesson",
                "  real --check DIR                          every lesson's claims, held in k of N runs",
                "  real --record DIR [--to OUT]              one run of each lesson, to bundle",
                "Exit 0: done (--check: every fact held in at least 9 runs in 10); 1: a fact held less often; "
                        + "2: a lesson, its claims or a run failed."})
public final class RealCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "LESSON.yaml", description = "The lesson to run.")
    Path lesson;

    @Option(names = "--check", paramLabel = "DIR", description = "Check the claims of every lesson in DIR (claims: a lesson's real: section, or DIR/real-claims/ID.yaml).")
    Path checkDir;

    @Option(names = "--record", paramLabel = "DIR", description = "Record one run of every Go lesson in DIR.")
    Path recordDir;

    @Option(names = "--to", paramLabel = "OUT", description = "Where --record writes (default: DIR/real).")
    Path recordTo;

    @Option(names = "--runs", paramLabel = "N", description = "Runs per lesson (default: 1; --check: each lesson's runs:, else 10; --record: 5).")
    Integer runs;

    @Option(names = "--json", description = "Print the runs as JSON (docs/real-trace.md).")
    boolean json;

    @Option(names = "--go", paramLabel = "PATH", description = "The go command to use (default: go on the standard path).")
    String goPath;

    @Option(names = "--max-seconds", paramLabel = "S", defaultValue = "60", description = "No run may take longer (default ${DEFAULT-VALUE}).")
    int maxSeconds;

    @Option(names = "--max-model-ms", paramLabel = "MS", defaultValue = "2000",
            description = "--check and --record skip a lesson whose model runs longer than this (default ${DEFAULT-VALUE}).")
    long maxModelMs;

    @Option(names = "--cache", paramLabel = "DIR", description = "Where builds and runs are kept (default: ~/.cache/goroutine-lab/real).")
    Path cache;

    @Option(names = "--no-cache", description = "Run afresh instead of reusing kept runs.")
    boolean noCache;

    private final PrintStream out;
    private final PrintStream err;

    public RealCommand() {
        this(System.out, System.err);
    }

    RealCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() {
        int modes = (lesson != null ? 1 : 0) + (checkDir != null ? 1 : 0) + (recordDir != null ? 1 : 0);
        if (modes != 1) {
            throw new CommandLine.ParameterException(new CommandLine(this), "give one of: LESSON.yaml, --check DIR, --record DIR");
        }
        RealRunner runner;
        try {
            RealRunner.Options o = RealRunner.Options.defaults().withGo(goPath).withMaxRunSeconds(maxSeconds);
            runner = new RealRunner(o.withCache(cache != null ? cache : o.cacheDir(), !noCache));
        } catch (RealError e) {
            err.println(e.getMessage());
            return 2;
        }
        if (lesson != null) {
            return one(runner);
        }
        return checkDir != null ? new RealCheck(runner, out, err, runs, maxModelMs).check(checkDir)
                : new RealCheck(runner, out, err, runs, maxModelMs).record(recordDir, recordTo != null ? recordTo : recordDir.resolve("real"));
    }

    /** A lesson file and its text, loaded. */
    record Loaded(Lesson lesson, String text, Path file) {
    }

    static Loaded load(Path file) throws LessonError, IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        if (text.length() > YamlTree.MAX_CHARS) {
            throw new LessonError(new LessonError.Problem(file.toString(), 1, 1, "the file is over the size limit of "
                    + YamlTree.MAX_CHARS + " characters"));
        }
        String name = file.getFileName().toString();
        String id = name.endsWith(".yaml") ? name.substring(0, name.length() - 5) : name;
        return new Loaded(LessonLoader.parse(text, file.toString(), id), text, file);
    }

    static List<Path> lessonFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(goroutinelab.lesson.Course::isLessonFile).sorted(Comparator.naturalOrder()).toList();
        }
    }

    private int one(RealRunner runner) {
        Loaded l;
        try {
            l = load(lesson);
        } catch (LessonError e) {
            e.problems().forEach(err::println);
            return 2;
        } catch (IOException e) {
            err.println(lesson + ": cannot read (" + e.getClass().getSimpleName() + ")");
            return 2;
        }
        RealRunner.Result r;
        try {
            r = runner.run(l.lesson(), l.text(), runs == null ? 1 : runs);
        } catch (RealError e) {
            err.println(e.getMessage());
            return 2;
        }
        if (json) {
            try {
                Object value = r.runs().size() == 1 ? r.runs().get(0) : r.runs();
                out.println(RealTrace.mapper().writeValueAsString(value));
            } catch (IOException e) {
                err.println("cannot write JSON (" + e.getClass().getSimpleName() + ")");
                return 2;
            }
            return 0;
        }
        RealTrace first = r.runs().get(0);
        RealTrace.Recorded rec = first.recorded();
        out.printf("%s: %d real run%s with %s on %s/%s, %d CPUs%s%s%n", l.lesson().id(), r.runs().size(),
                r.runs().size() == 1 ? "" : "s", r.goVersion(), rec.os(), rec.arch(), rec.cpus(),
                rec.cpu() != null ? " (" + rec.cpu() + ")" : "", r.cached() ? "; from the cache" : "");
        for (RealTrace t : r.runs()) {
            print(t);
        }
        return 0;
    }

    /** One run as text: how it ended, the lesson's goroutines, and what they did. */
    private void print(RealTrace t) {
        long lessonGs = t.goroutines().stream().filter(g -> g.g() != null).count();
        out.printf("run %d: %s after %s (wall %s); %d goroutines of the lesson, %d of the runtime or the lab; "
                        + "%d system calls, %d GC cycles%n", t.run().index() + 1, t.run().endedBy(), Fmt.time(t.run().durationNs()),
                Fmt.time(t.run().wallNs()), lessonGs, t.goroutines().size() - lessonGs, t.syscalls().size(), t.gc().cycles().size());
        int shown = 0;
        for (RealTrace.Event e : t.events()) {
            boolean lessonG = e.g() != null || e.targetG() != null;
            boolean gc = e.kind().startsWith("gc") || e.kind().endsWith("TheWorld") || e.kind().equals("signal");
            if (!lessonG && !gc) {
                continue;
            }
            if (++shown > 80) {
                out.println("  ... (--json for every event)");
                break;
            }
            out.printf("  %10s  %-15s%s%s%s%s%n", Fmt.time(e.t()), e.kind(),
                    e.g() != null ? " G" + e.g() : e.gid() != null ? " g" + e.gid() : "",
                    e.targetG() != null ? " -> G" + e.targetG() : "",
                    e.p() != null ? " on P" + e.p() : "",
                    e.reason() != null ? " (" + e.reason() + ")" : "");
        }
    }

    static List<String> names(List<Path> files) {
        List<String> out = new ArrayList<>();
        files.forEach(f -> out.add(f.getFileName().toString()));
        return out;
    }
}
