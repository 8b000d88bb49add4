package goroutinelab.real;

import goroutinelab.engine.Fmt;
import goroutinelab.lesson.Lesson;
import goroutinelab.lesson.LessonError;
import goroutinelab.lesson.YamlTree;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code real --check DIR} and {@code real --record DIR}: every Go lesson of a
 * folder, run for real. --check says, for each claim, in how many runs it held
 * (and whether it holds in the model); a fact that held in fewer than 9 runs in
 * 10 fails the check. --record writes one run of each lesson, cut to a window,
 * with its claims' tallies.
 */
final class RealCheck {
    private final RealRunner runner;
    private final PrintStream out;
    private final PrintStream err;
    private final Integer runs;
    private final long maxModelMs;

    RealCheck(RealRunner runner, PrintStream out, PrintStream err, Integer runs, long maxModelMs) {
        this.runner = runner;
        this.out = out;
        this.err = err;
        this.runs = runs;
        this.maxModelMs = maxModelMs;
    }

    /** The claims of a lesson: its own real: section, or DIR/real-claims/ID.yaml (not both); null if none. */
    static Claims.ClaimSet claims(RealCommand.Loaded l) throws LessonError, IOException {
        String id = l.lesson().id();
        YamlTree tree = YamlTree.parse(l.text(), l.file().toString());
        Claims.ClaimSet own = Claims.read(tree, l.file().toString(), id, "/real");
        Path side = l.file().toAbsolutePath().getParent().resolve("real-claims").resolve(id + ".yaml");
        if (!Files.isRegularFile(side)) {
            return own;
        }
        if (own != null) {
            throw new LessonError(new LessonError.Problem(side.toString(), 1, 1, "lesson " + id
                    + " has a real: section of its own: its claims go there or here, not both"));
        }
        String text = Files.readString(side, StandardCharsets.UTF_8);
        if (text.length() > YamlTree.MAX_CHARS) {
            throw new LessonError(new LessonError.Problem(side.toString(), 1, 1, "the file is over the size limit"));
        }
        return Claims.readFile(text, side.toString(), id);
    }

    /** A lesson ready to run: loaded, with its claims and the model's run. Null (and said why) if it is skipped. */
    private record Ready(RealCommand.Loaded loaded, Claims.ClaimSet claims, ModelRun model) {
    }

    private int invalid;
    private int failed;
    private int skipped;

    private Ready prepare(Path f) {
        RealCommand.Loaded l;
        Claims.ClaimSet claims;
        try {
            l = RealCommand.load(f);
            claims = claims(l);
        } catch (LessonError e) {
            e.problems().forEach(out::println);
            invalid++;
            return null;
        } catch (IOException e) {
            out.println(f + ": cannot read (" + e.getClass().getSimpleName() + ")");
            invalid++;
            return null;
        }
        String id = l.lesson().id();
        if (l.lesson().model() == Lesson.Model.CPYTHON) {
            out.printf("skip    %s: models the CPython interpreter only (no Go program)%n", id);
            skipped++;
            return null;
        }
        ModelRun model = ModelRun.play(l.lesson());
        if (model.endNs() > maxModelMs * 1_000_000L) {
            out.printf("skip    %s: its model runs %s, longer than --max-model-ms %d (run it alone: real %s --max-seconds %d)%n",
                    id, Fmt.time(model.endNs()), maxModelMs, f, (long) Math.ceil(model.endNs() * 1.5 / 1e9) + 10);
            skipped++;
            return null;
        }
        return new Ready(l, claims, model);
    }

    private RealRunner.Result run(Ready r, int n) {
        try {
            return runner.run(r.loaded.lesson(), r.loaded.text(), n);
        } catch (RealError e) {
            if (e.kind() == RealError.Kind.NEEDS_C_COMPILER) {
                out.printf("skip    %s: %s%n", r.loaded.lesson().id(), e.getMessage());
                skipped++;
            } else {
                out.printf("FAILED  %s: %s%n", r.loaded.lesson().id(), e.getMessage());
                failed++;
            }
            return null;
        }
    }

    int check(Path dir) {
        long start = System.nanoTime();
        List<Path> files;
        try {
            files = RealCommand.lessonFiles(dir);
        } catch (IOException e) {
            err.println(dir + ": cannot list (" + e.getClass().getSimpleName() + ")");
            return 2;
        }
        int checked = 0;
        int plain = 0;
        int claimCount = 0;
        int factsShort = 0;
        for (Path f : files) {
            Ready r = prepare(f);
            if (r == null) {
                continue;
            }
            int n = runs != null ? runs : r.claims != null ? r.claims.runs() : 1;
            long t = System.nanoTime();
            RealRunner.Result result = run(r, n);
            if (result == null) {
                continue;
            }
            String took = Fmt.time(System.nanoTime() - t) + (result.cached() ? ", cached" : "");
            String id = r.loaded.lesson().id();
            if (r.claims == null) {
                plain++;
                RealTrace first = result.runs().get(0);
                out.printf("ok      %s: %d run%s, no claims (%s after %s; %s)%n", id, n, n == 1 ? "" : "s",
                        first.run().endedBy(), Fmt.time(first.run().durationNs()), took);
                continue;
            }
            checked++;
            List<RealTrace.ClaimResult> tallies = tally(r.claims, result.runs(), r.model.seen(r.loaded.lesson()));
            boolean ok = tallies.stream().allMatch(c -> !c.fact() || Claims.enough(c.held(), c.runs()));
            out.printf("%s %s: %d claims, %d runs (%s)%n", ok ? "ok     " : "FAILED ", id, tallies.size(), n, took);
            for (int i = 0; i < tallies.size(); i++) {
                RealTrace.ClaimResult c = tallies.get(i);
                Claims.Claim claim = r.claims.claims().get(i);
                claimCount++;
                boolean short_ = c.fact() && !Claims.enough(c.held(), c.runs());
                factsShort += short_ ? 1 : 0;
                out.printf("  held in %d/%d runs  %s%s %s: %s%s%n", c.held(), c.runs(), c.fact() ? "fact" : "note",
                        c.timing() ? ", timing" : "", c.id(), Claims.describe(claim),
                        (Boolean.TRUE.equals(c.model()) ? "  [model: holds]" : "  [model: does not hold]")
                                + (short_ ? "  <- presented as fact, held in fewer than 9 runs in 10" : ""));
            }
        }
        out.printf("%d lessons: %d with claims checked (%d claims, %d facts held too rarely), %d ran without claims, "
                        + "%d skipped, %d failed, %d invalid; in %s%n", files.size(), checked, claimCount, factsShort, plain,
                skipped, failed, invalid, Fmt.time(System.nanoTime() - start));
        return invalid > 0 || failed > 0 ? 2 : factsShort > 0 ? 1 : 0;
    }

    /** For each claim: in how many runs it held, and whether it holds in the model. */
    static List<RealTrace.ClaimResult> tally(Claims.ClaimSet claims, List<RealTrace> runs, List<Claims.Seen> model) {
        List<RealTrace.ClaimResult> out = new ArrayList<>();
        List<List<Claims.Seen>> seen = runs.stream().map(Claims::seen).toList();
        for (Claims.Claim c : claims.claims()) {
            int held = 0;
            for (List<Claims.Seen> s : seen) {
                held += Claims.holds(c, s) ? 1 : 0;
            }
            out.add(new RealTrace.ClaimResult(c.id(), c.say(), Claims.describe(c), c.fact(), c.timing(), held, runs.size(),
                    model == null ? null : Claims.holds(c, model)));
        }
        return out;
    }

    int record(Path dir, Path to) {
        long start = System.nanoTime();
        List<Path> files;
        try {
            files = RealCommand.lessonFiles(dir);
            Files.createDirectories(to);
        } catch (IOException e) {
            err.println(dir + ": cannot list, or " + to + " cannot be made (" + e.getClass().getSimpleName() + ")");
            return 2;
        }
        int written = 0;
        for (Path f : files) {
            Ready r = prepare(f);
            if (r == null) {
                continue;
            }
            int n = runs != null ? runs : 5;
            RealRunner.Result result = run(r, n);
            if (result == null) {
                continue;
            }
            RealTrace kept = Recording.keep(result.runs(),
                    r.claims == null ? null : tally(r.claims, result.runs(), r.model.seen(r.loaded.lesson())));
            Path file = to.resolve(r.loaded.lesson().id() + ".json");
            try {
                RealTrace.mapper().writeValue(file.toFile(), kept);
            } catch (IOException e) {
                out.printf("FAILED  %s: cannot write %s (%s)%n", r.loaded.lesson().id(), file, e.getClass().getSimpleName());
                failed++;
                continue;
            }
            written++;
            out.printf("wrote   %s: the median of %d runs (%s), %d of %d events, %d KB%n", file, n,
                    Fmt.time(kept.run().durationNs()), kept.window().events(), kept.window().eventsTotal(), file.toFile().length() / 1024);
        }
        out.printf("%d lessons: %d recorded, %d skipped, %d failed, %d invalid; in %s%n", files.size(), written, skipped,
                failed, invalid, Fmt.time(System.nanoTime() - start));
        return invalid > 0 || failed > 0 ? 2 : 0;
    }
}
