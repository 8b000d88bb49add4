package goroutinelab.real;

import goroutinelab.lesson.Lesson;
import goroutinelab.lesson.LessonError;
import goroutinelab.lesson.LessonLoader;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A lesson's program as Go: it builds, it is laid out as gofmt would, and its comments point at the lesson. */
class GoExportTest {
    private static final Pattern COMMENT = Pattern.compile("(lessons/([a-z0-9-]+)\\.yaml):(\\d+)");

    @Test
    void everyBundledGoLessonExportsToAProgramThatBuilds() throws Exception {
        GoToolchain go = GoHere.go();
        Path root = Path.of("target", "real-test-build").toAbsolutePath();
        RealRunner.deleteTree(root);
        Files.createDirectories(root);
        Files.writeString(root.resolve("go.mod"), "module lab\n\ngo 1.19\n");
        List<String> built = new ArrayList<>();
        for (Path f : GoHere.goLessons()) {
            GoExport.GoProgram p = GoExport.export(f);
            if (p.cgo() && !go.hasCCompiler()) {
                System.out.println("skipped building " + p.lessonId() + ": it calls C and there is no C compiler here");
                continue;
            }
            Files.createDirectories(root.resolve(p.lessonId()));
            Files.writeString(root.resolve(p.lessonId()).resolve("main.go"), p.source());
            built.add(p.lessonId());
        }
        Bounded.Outcome o = Bounded.run(List.of(go.go().toString(), "build", "-o", "bin/", "./..."), root, go.env(go.hasCCompiler()),
                new Bounded.Limits(Duration.ofSeconds(300), 1 << 20, 0, 0));
        assertThat(o.exitCode()).as("go build ./... of %s:%n%s", built, o.stderr()).isZero();
        for (String id : built) {
            assertThat(root.resolve("bin").resolve(id)).as(id).isExecutable();
        }
        assertThat(built).hasSizeGreaterThanOrEqualTo(16);
    }

    @Test
    void theProgramIsLaidOutAsGofmtWouldLayItOut() throws Exception {
        GoToolchain go = GoHere.go();
        Path gofmt = go.go().getParent().resolve("gofmt");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(gofmt), "no gofmt next to go");
        Path dir = Files.createTempDirectory("gofmt");
        for (Path f : GoHere.goLessons()) {
            GoExport.GoProgram p = GoExport.export(f);
            Files.writeString(dir.resolve(p.lessonId() + ".go"), p.source());
        }
        Bounded.Outcome o = Bounded.run(List.of(gofmt.toString(), "-l", "."), dir, Map.of("PATH", "/usr/bin:/bin"),
                new Bounded.Limits(Duration.ofSeconds(60), 1 << 20, 0, 0));
        assertThat(o.stdout()).as("files gofmt would change").isEmpty();
        RealRunner.deleteTree(dir);
    }

    @TestFactory
    Stream<DynamicTest> eachCommentPointsAtTheLessonLineOfItsOp() throws Exception {
        return GoHere.goLessons().stream().map(f -> DynamicTest.dynamicTest(f.toString(), () -> {
            GoExport.GoProgram p = GoExport.export(f);
            List<String> yaml = Files.readAllLines(f);
            int checked = 0;
            for (String line : p.source().split("\n")) {
                Matcher m = COMMENT.matcher(line);
                if (!m.find() || line.startsWith("// Code generated") || line.contains("goroutine-lab real")) {
                    continue;
                }
                assertThat(m.group(2)).isEqualTo(p.lessonId());
                int n = Integer.parseInt(m.group(3));
                assertThat(n).as(line).isBetween(1, yaml.size());
                List<String> keys = expectedKeys(line.trim());
                assertThat(keys).as("a rule for: " + line).isNotEmpty();
                String at = yaml.get(n - 1);
                assertThat(keys.stream().anyMatch(at::contains)).as("%s%n  points at line %d: %s%n  which should hold one of %s",
                        line.trim(), n, at, keys).isTrue();
                checked++;
            }
            assertThat(checked).as("op comments in " + f).isGreaterThan(3);
        }));
    }

    /** The lesson words a generated line's op comes from. */
    private static List<String> expectedKeys(String line) {
        Map<String, List<String>> rules = new LinkedHashMap<>();
        rules.put("^compute\\(", List.of("compute"));
        rules.put("^[A-Za-z_0-9]+\\(\\) +//", List.of("call"));
        rules.put("^//   - Step \\d+", List.of("say", "inject"));
        rules.put("^loop\\(", List.of("loop"));
        rules.put("^time\\.Sleep\\(", List.of("sleep"));
        rules.put("^nanosleep\\(", List.of("syscall"));
        rules.put("^cgoCall\\(", List.of("cgo"));
        rules.put("^netread\\(", List.of("netread"));
        rules.put("^go [A-Za-z_0-9]+\\(\\)", List.of("go:"));
        rules.put("^for i := 0; i < \\d+; i\\+\\+ \\{", List.of("repeat", "count"));
        rules.put("^<-", List.of("recv"));
        rules.put("^[A-Za-z_0-9]+ = <-", List.of("recv"));
        rules.put("^[A-Za-z_0-9]+ <- ", List.of("send"));
        rules.put("^close\\(", List.of("close"));
        rules.put("^runtime\\.GC\\(\\)", List.of("gc"));
        rules.put("^runtime\\.Gosched\\(\\)", List.of("gosched"));
        rules.put("^notify\\(", List.of("notify"));
        rules.put("^heap\\.[A-Za-z_0-9]+ = newObject\\(", List.of("size"));
        rules.put("^heap\\.[A-Za-z_0-9]+\\.[A-Za-z_0-9]+ = heap\\.", List.of("fields", ":"));
        rules.put("^[A-Za-z_0-9]+ = heap\\.", List.of("globals", ":"));
        rules.put("^[A-Za-z_0-9]+ = newObject\\(", List.of("alloc"));
        rules.put("^[A-Za-z_0-9]+ = nil", List.of("clear", "store"));
        rules.put("^[A-Za-z_0-9]+\\.[A-Za-z_0-9]+ = ", List.of("store"));
        rules.put("^[A-Za-z_0-9]+ = [A-Za-z_0-9.]+ +//", List.of("load"));
        rules.put("^[A-Za-z_0-9]+ +\\*object +//", List.of("globals", ":"));
        rules.put("^[A-Za-z_0-9]+ +=? ?make\\(chan", List.of("cap"));
        rules.put("^begin\\(", List.of("runtime"));
        rules.put("^\\{at: ", List.of("at:", "inject"));
        rules.put("^var [A-Za-z_0-9]+ \\*object = heap\\.", List.of(":"));
        rules.put("^// (lessonMain|[A-Za-z_0-9]+) is the lesson's", List.of(":"));
        rules.put("^// (The lesson's|heap holds)", List.of(":"));
        for (Map.Entry<String, List<String>> r : rules.entrySet()) {
            if (Pattern.compile(r.getKey()).matcher(line).find()) {
                return r.getValue();
            }
        }
        return List.of();
    }

    private static Lesson parse(String yaml) throws LessonError {
        return LessonLoader.parse(yaml, "hostile.yaml", "hostile");
    }

    private static final String HOSTILE_BASE = """
            format: 1
            id: hostile
            title: "*/ func init() { os.Exit(3) } /*"
            summary: "\\n}\\nfunc init() { panic(1) }\\n"
            runtime: {gomaxprocs: 1}
            channels:
              jobs: {cap: 1}
            heap:
              objects:
                A: {size: 1KB, fields: {%s: null}}
              globals: {%s: A}
            functions:
              main:
                - go: worker
                - send: jobs
              worker:
                - recv: jobs
            steps:
              - say: "\\"); os.RemoveAll(\\"/\\"); fmt.Println(\\""
                run: {until: end}
            """;

    @Test
    void aChannelThatCarriesPointersIsAChanOfObjectPointersAndItsOpsSendAndReceiveThem() throws Exception {
        String yaml = """
                format: 1
                id: hostile
                title: Pointers on a channel
                channels:
                  jobs: {cap: 0}
                  plain: {cap: 1}
                heap:
                  objects:
                    Job: {size: 1KB}
                  locals: {main: {job: Job}}
                functions:
                  main:
                    - go: worker
                    - send: {chan: jobs, value: job}
                    - send: plain
                    - recv: plain
                  worker:
                    - recv: {chan: jobs, to: got}
                steps:
                  - say: Go.
                    run: {until: end}
                """;
        String src = GoExport.export(parse(yaml), yaml).source();
        assertThat(src).containsPattern("jobs\\s+= make\\(chan \\*object\\)");
        assertThat(src).containsPattern("plain\\s+= make\\(chan int, 1\\)");
        assertThat(src).containsPattern("jobs <- job\\b");
        assertThat(src).containsPattern("got\\w* = <-jobs");
    }

    @Test
    void textTypedIntoTheLessonNeverReachesTheSource() throws Exception {
        GoExport.GoProgram p = GoExport.export(parse(HOSTILE_BASE.formatted("next", "root")), HOSTILE_BASE.formatted("next", "root"));
        assertThat(p.source()).doesNotContain("os.Exit(3)", "panic(1)", "RemoveAll", "*/ func");
        assertThat(p.source()).contains("next    *object", "root = heap.A");
    }

    @Test
    void aFieldOrGlobalNameThatIsNotAPlainIdentifierIsRefusedAtItsLine() throws Exception {
        String[][] attempts = {
                {"\"next */ func init() { os.Exit(1) } /*\"", "root"},
                {"\"x\\nfunc init() {}\"", "root"},
                {"\"n\u0435xt\"", "root"}, // a Cyrillic e
                {"next", "\"root = nil; os.Exit(1); _\""},
                {"next", "\"a.b\""},
                {"\"1next\"", "root"},
        };
        for (String[] a : attempts) {
            String yaml = HOSTILE_BASE.formatted(a[0], a[1]);
            Lesson l;
            try {
                l = parse(yaml);
            } catch (LessonError e) {
                continue; // the loader already refuses it: nothing can reach the exporter
            }
            assertThatThrownBy(() -> GoExport.export(l, yaml)).as(a[0] + " / " + a[1])
                    .isInstanceOf(ExportError.class)
                    .hasMessageContaining("lessons/hostile.yaml:")
                    .hasMessageContaining("cannot become a Go name");
        }
    }

    @Test
    void aLessonNameThatIsAGoWordOrATemplateNameIsRenamed() throws Exception {
        String yaml = """
                format: 1
                id: words
                title: Go words
                channels:
                  chan: {cap: 0}
                  begin: {cap: 1}
                functions:
                  main:
                    - go: func
                    - recv: chan
                    - send: begin
                  func:
                    - send: chan
                  compute:
                    - compute: 1us
                steps:
                  - say: Run.
                    run: {until: end}
                """;
        Lesson l = LessonLoader.parse(yaml, "words.yaml", "words");
        GoExport.GoProgram p = GoExport.export(l, yaml);
        assertThat(p.source()).contains("func func_2() {", "go func_2()", "chan_2  = make(chan int)", "begin_2 = make(chan int, 1)",
                "func compute_2() {", "<-chan_2", "begin_2 <- 1", "spawn(\"func\")");
        GoToolchain go = GoHere.go();
        Path dir = Files.createTempDirectory("words");
        Files.writeString(dir.resolve("main.go"), p.source());
        Files.writeString(dir.resolve("go.mod"), "module words\n\ngo 1.19\n");
        Bounded.Outcome o = Bounded.run(List.of(go.go().toString(), "vet", "."), dir, go.env(false),
                new Bounded.Limits(Duration.ofSeconds(120), 1 << 20, 0, 0));
        assertThat(o.exitCode()).as(o.stderr()).isZero();
        RealRunner.deleteTree(dir);
    }

    @Test
    void aCpythonLessonHasNoGoProgram() {
        assertThatThrownBy(() -> GoExport.export(Path.of("lessons/signals-in-the-interpreter.yaml")))
                .isInstanceOf(ExportError.class).hasMessageContaining("CPython interpreter only");
    }

    @Test
    void aSignalThatMayEndTheProgramIsCaughtToSaveTheTrace() throws Exception {
        GoExport.GoProgram p = GoExport.export(Path.of("lessons/sigusr1.yaml"));
        assertThat(p.fatalSignals()).containsExactly("SIGHUP", "SIGTERM");
        assertThat(p.notified()).containsExactly("SIGUSR1", "SIGHUP");
        assertThat(p.source()).contains("{at: 8 * time.Millisecond, signal: syscall.SIGTERM, fatal: true}, // lessons/sigusr1.yaml:25",
                "{at: 5 * time.Millisecond, signal: syscall.SIGHUP, fatal: true},", "notify(hups, syscall.SIGHUP)");
    }

    @Test
    void numbersAreFormattedInTheLargestExactUnit() {
        assertThat(GoExport.duration(30_000_000)).isEqualTo("30 * time.Millisecond");
        assertThat(GoExport.duration(1_000_000)).isEqualTo("time.Millisecond");
        assertThat(GoExport.duration(1_500_000)).isEqualTo("1500 * time.Microsecond");
        assertThat(GoExport.duration(130_000_000_000L)).isEqualTo("130 * time.Second");
        assertThat(GoExport.duration(7)).isEqualTo("time.Duration(7)");
        assertThat(GoExport.size(128 << 10)).isEqualTo("128 << 10");
        assertThat(GoExport.size(1 << 20)).isEqualTo("1 << 20");
        assertThat(GoExport.size(100)).isEqualTo("100");
    }

    @Test
    void theDifferencesFromTheModelAreSaidInTheProgram() throws Exception {
        GoExport.GoProgram overflow = GoExport.export(Path.of("lessons/run-queue-overflow.yaml"));
        assertThat(overflow.differences()).anyMatch(d -> d.contains("runqSize 8"));
        GoExport.GoProgram async = GoExport.export(Path.of("lessons/async-preemption.yaml"));
        assertThat(async.differences()).anyMatch(d -> d.contains("switches async preemption mid-run"));
        assertThat(async.source()).containsPattern("//   - Step 7 \\(lessons/async-preemption\\.yaml:\\d+\\) switches async preemption");
    }
}
