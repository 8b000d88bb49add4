package goroutinelab.lesson;

import goroutinelab.engine.CheckedEngine;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The {@code check} command: plays every lesson headless, step by step, and
 * checks every expectation, and the engine's invariants after every engine
 * step. Exit 0 when all hold, 1 when an expectation, an invariant or a run
 * failed, 2 when a lesson is invalid.
 */
public final class Checker {
    private final PrintStream out;
    /** Where relative paths are read from; null for this process's working directory. */
    private final Path dir;
    private int played;
    private int failedLessons;
    private int invalidLessons;
    private long expectations;
    private long stepsPlayed;
    private int warnings;

    public Checker(PrintStream out) {
        this(out, null);
    }

    /**
     * A checker that reads relative paths from {@code dir} (the check server's
     * client's working directory) and prints every path as it was given, so its
     * output is the same as a {@code check} started in {@code dir}.
     */
    public Checker(PrintStream out, Path dir) {
        this.out = out;
        this.dir = dir;
    }

    /** The file a path given on the command line names. */
    private Path real(Path given) {
        return dir == null ? given : dir.resolve(given);
    }

    /**
     * The outcome of one lesson: how much was played and checked, each failed
     * run or expectation at its place in the file ({@code failing}), and the
     * problems that kept an invalid lesson from playing at all, and {@code warnings}
     * that do not fail it (a narration too long to read at a glance: {@link Narration}).
     */
    public record Result(String file, int stepsPlayed, int stepsTotal, int expectations, long engineSteps, long millis,
                         List<LessonError.Problem> failing, List<LessonError.Problem> problems,
                         List<LessonError.Problem> warnings) {
        public boolean ok() {
            return failing.isEmpty() && problems.isEmpty();
        }

        /** Whether every script step was played (a budgeted play may stop early). */
        public boolean complete() {
            return stepsPlayed == stepsTotal;
        }

        /** Each failure as check prints it: {@code file:line:col: step n: what went wrong}. */
        public List<String> failures() {
            return failing.stream().map(LessonError.Problem::toString).toList();
        }
    }

    /**
     * Checks files and directories (every *.yaml inside, not the schema folder; a
     * folder's course file, {@value Course#FILE}, is checked against the lessons
     * beside it); returns the exit code.
     */
    public int run(List<Path> targets) {
        List<Path> files = new ArrayList<>();
        int unreadable = 0;
        List<Path> courses = new ArrayList<>();
        for (Path t : targets) {
            Path real = real(t);
            if (Files.isDirectory(real)) {
                try (Stream<Path> s = Files.list(real)) {
                    s.map(p -> t.resolve(p.getFileName())).filter(p -> Course.isLessonFile(p) || p.toString().endsWith(".yml"))
                            .sorted().forEach(files::add);
                } catch (IOException e) {
                    out.println(t + ": cannot list: " + message(e, real, t));
                    invalidLessons++;
                    unreadable++;
                }
                if (Files.isRegularFile(real.resolve(Course.FILE))) {
                    courses.add(t.resolve(Course.FILE));
                }
            } else if (t.getFileName().toString().equals(Course.FILE) && Files.exists(real)) {
                courses.add(t);
            } else if (Files.exists(real)) {
                files.add(t);
            } else {
                out.println(t + ": no such file or directory");
                invalidLessons++;
                unreadable++;
            }
        }
        long start = System.nanoTime();
        for (Path f : files) {
            report(check(f, real(f)));
        }
        for (Path c : courses) {
            checkCourse(c);
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        out.printf("%s: %d passed, %d failed, %d invalid; %s played, %s checked in %d ms%s%n",
                count(files.size() + unreadable, "lesson"), played - failedLessons, failedLessons, invalidLessons,
                count(stepsPlayed, "step"), count(expectations, "expectation"), ms,
                warnings > 0 ? "; " + count(warnings, "warning") + " (they do not fail the check)" : "");
        return invalidLessons > 0 ? 2 : failedLessons > 0 ? 1 : 0;
    }

    public static Result check(Path file) {
        return check(file, file);
    }

    /** Checks the lesson in {@code real}, naming it {@code given} in every message. */
    private static Result check(Path given, Path real) {
        long t0 = System.nanoTime();
        Lesson lesson;
        try {
            lesson = LessonLoader.load(real, given);
        } catch (LessonError e) {
            return new Result(given.toString(), 0, 0, 0, 0, 0, List.of(), e.problems(), List.of());
        }
        return play(lesson, t0);
    }

    /** Plays a loaded lesson through every script step, the engine's invariants checked after every engine step. */
    public static Result play(Lesson lesson, long t0) {
        return Engines.withInvariantChecks(() -> play(lesson, t0, Long.MAX_VALUE));
    }

    /**
     * Plays script steps while the engine steps the next one may take (its
     * {@code steps}, or its {@code limit}) fit in {@code maxEngineSteps}; the
     * result says how many were played of how many (the author page checks a
     * draft this way, so no draft can keep the server busy).
     *
     * <p>The lesson's run is played once, on its {@link ScriptMap}, which is
     * where the expectations are checked: a learner's {@link Player} would
     * replay the same run on a second engine (with checkpoints for seeking
     * back) and report the map's findings, so {@code check} leaves it out and
     * asks the map what the player's Next would ask, in the same order (the
     * script step, then the run one step past its end), so that a broken
     * invariant or a failing engine is reported at the same script step.
     */
    public static Result play(Lesson lesson, long t0, long maxEngineSteps) {
        List<LessonError.Problem> failures = new ArrayList<>();
        int expects = 0;
        ScriptMap map;
        try {
            map = new ScriptMap(lesson, Long.MAX_VALUE);
        } catch (RuntimeException e) {
            return new Result(lesson.file(), 0, lesson.steps().size(), 0, 0, 0, List.of(),
                    List.of(new LessonError.Problem(lesson.file(), 0, 0, e.getMessage())), List.of());
        }
        // the engine step a player would be at: the end of the last script step shown
        long at = 0;
        int i = 0;
        for (Lesson.Step step : lesson.steps()) {
            if (at + worstCase(step.run()) > maxEngineSteps) {
                break;
            }
            i++;
            ScriptMap.Span sp;
            try {
                sp = map.span(i);
                if (sp != null) {
                    // a player's Next plays to the span's end and then needs the script one step further
                    map.cover(sp.end());
                    at = sp.end();
                }
            } catch (CheckedEngine.Broken e) {
                failures.add(at(lesson, step.pos(), "step " + i + ": " + e.getMessage()));
                break;
            } catch (RuntimeException e) {
                failures.add(at(lesson, step.pos(), "step " + i + ": the engine failed: " + e.getMessage()));
                break;
            }
            expects += step.expect().size();
            if (sp == null) {
                continue;
            }
            for (String f : sp.failures()) {
                YamlTree.Pos pos = step.runPos();
                for (Lesson.Expect e : step.expect()) {
                    if (f.startsWith(e.path() + ": ")) {
                        pos = e.pos();
                    }
                }
                failures.add(at(lesson, pos, "step " + i + ": " + f));
            }
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        return new Result(lesson.file(), i, lesson.steps().size(), expects, at, ms, failures, List.of(),
                Narration.warnings(lesson));
    }

    /**
     * {@code check} followed by files and folders only, nothing that looks like
     * an option: what picocli would hand to the check command unchanged.
     * Anything else (help, a typo'd option, no file) goes through picocli for
     * its usual messages.
     */
    public static boolean plainCommandLine(List<String> args) {
        if (args.size() < 2 || !args.get(0).equals("check")) {
            return false;
        }
        for (String a : args.subList(1, args.size())) {
            if (a.isEmpty() || a.startsWith("-") || a.startsWith("@")) {
                return false;
            }
            try {
                Path.of(a);
            } catch (java.nio.file.InvalidPathException e) {
                return false;
            }
        }
        return true;
    }

    /** An I/O error's message with the file it names as it was given (the JDK names the path it was handed). */
    static String message(IOException e, Path real, Path given) {
        String m = e.getMessage();
        return m == null || real.equals(given) ? m : m.replace(real.toString(), given.toString());
    }

    private static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    /** The most engine steps a run may take. */
    static long worstCase(Lesson.Run run) {
        return switch (run.kind()) {
            case NONE -> 0;
            case STEPS -> run.steps();
            default -> run.limit();
        };
    }

    private static LessonError.Problem at(Lesson lesson, YamlTree.Pos pos, String message) {
        YamlTree.Pos p = pos == null ? YamlTree.Pos.NONE : pos;
        return new LessonError.Problem(lesson.file(), p.line(), p.col(), message);
    }

    /** Checks a course file: it loads, every lesson it names is in its folder; a lesson in no chapter is a warning. */
    private void checkCourse(Path file) {
        List<String> lessons = new ArrayList<>();
        Path real = real(file);
        try (Stream<Path> s = Files.list(real.toAbsolutePath().getParent())) {
            s.filter(Course::isLessonFile).sorted().forEach(p -> {
                String name = p.getFileName().toString();
                lessons.add(name.substring(0, name.length() - ".yaml".length()));
            });
        } catch (IOException e) {
            out.println(file + ": cannot list its folder: " + message(e, real, file));
            invalidLessons++;
            return;
        }
        Course course;
        List<LessonError.Problem> problems;
        try {
            course = Course.parse(Files.readString(real), file.toString());
            problems = course.unknownLessons(lessons, file.toString());
        } catch (LessonError e) {
            course = null;
            problems = e.problems();
        } catch (IOException e) {
            course = null;
            problems = List.of(new LessonError.Problem(file.toString(), 0, 0, "cannot read: " + message(e, real, file)));
        }
        if (!problems.isEmpty()) {
            invalidLessons++;
            out.println("INVALID " + file);
            problems.forEach(p -> out.println("  " + p));
            return;
        }
        List<String> placed = course.chapters().stream().flatMap(c -> c.lessons().stream()).toList();
        out.println("ok      " + file + ": " + count(course.chapters().size(), "chapter") + ", " + count(placed.size(), "lesson"));
        for (String id : lessons) {
            if (!placed.contains(id)) {
                warnings++;
                out.println("  " + file + ": warning: lesson '" + id + "' is in no chapter: the catalogue shows it under other lessons");
            }
        }
    }

    private void report(Result r) {
        if (!r.problems().isEmpty()) {
            invalidLessons++;
            out.println("INVALID " + r.file());
            r.problems().forEach(p -> out.println("  " + p));
            return;
        }
        played++;
        expectations += r.expectations();
        stepsPlayed += r.stepsPlayed();
        String what = count(r.stepsPlayed(), "step") + " played, " + count(r.expectations(), "expectation") + " checked, "
                + count(r.engineSteps(), "engine step") + ", " + r.millis() + " ms";
        if (r.failures().isEmpty()) {
            out.println("ok      " + r.file() + ": " + what);
        } else {
            failedLessons++;
            out.println("FAIL    " + r.file() + ": " + what);
            r.failures().forEach(f -> out.println("  " + f));
        }
        warnings += r.warnings().size();
        r.warnings().forEach(w -> out.println("  " + new LessonError.Problem(w.file(), w.line(), w.col(), "warning: " + w.message())));
    }
}
