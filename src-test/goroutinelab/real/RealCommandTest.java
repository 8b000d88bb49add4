package goroutinelab.real;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The export and real commands, as a user types them. */
class RealCommandTest {
    @TempDir
    Path dir;

    private record Ran(int code, String out, String err) {
    }

    private Ran real(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        RealCommand cmd = new RealCommand(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--cache";
        all[args.length + 1] = dir.resolve("cache").toString();
        int code = new CommandLine(cmd).execute(all);
        return new Ran(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Path lessonsWithClaims(String claims) throws Exception {
        Path lessons = Files.createDirectories(dir.resolve("lessons"));
        Files.writeString(lessons.resolve("goroutines-and-run-queues.yaml"), GoHere.lessonText("goroutines-and-run-queues"));
        Files.writeString(lessons.resolve("signals-in-the-interpreter.yaml"), GoHere.lessonText("signals-in-the-interpreter"));
        Path side = Files.createDirectories(lessons.resolve("real-claims"));
        Files.writeString(side.resolve("goroutines-and-run-queues.yaml"), claims);
        return lessons;
    }

    /** Claims that hold in every run of any machine: main creates its workers in order, and returns. */
    private static final String HOLDS = """
            lesson: goroutines-and-run-queues
            real:
              runs: 3
              claims:
                - id: created-in-order
                  say: main creates G2, then G3, then G4.
                  order: [{event: newproc, g: 2}, {event: newproc, g: 3}, {event: newproc, g: 4}]
                - id: main-wakes
                  say: main wakes from its sleep and runs again.
                  count: {event: execute, g: 1, atLeast: 1}
            """;

    @Test
    void checkSaysInHowManyRunsEachClaimHeld() throws Exception {
        GoHere.go();
        Ran r = real("--check", lessonsWithClaims(HOLDS).toString());
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("ok      goroutines-and-run-queues: 2 claims, 3 runs")
                .contains("held in 3/3 runs  fact created-in-order: order: newproc G2 < newproc G3 < newproc G4  [model: holds]")
                .contains("skip    signals-in-the-interpreter: models the CPython interpreter only")
                .contains("2 lessons: 1 with claims checked (2 claims, 0 facts held too rarely)");
    }

    @Test
    void checkFailsWhenAFactHeldInFewerThanNineRunsInTen() throws Exception {
        GoHere.go();
        String never = HOLDS + """
                    - id: never
                      say: G2 runs a thousand times.
                      count: {event: execute, g: 2, atLeast: 1000}
                    - id: only-a-note
                      say: G9 exists (not presented as fact).
                      count: {event: execute, g: 9, atLeast: 1}
                      fact: false
                """;
        Ran r = real("--check", lessonsWithClaims(never).toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("FAILED  goroutines-and-run-queues")
                .contains("held in 0/3 runs  fact never:")
                .contains("<- presented as fact, held in fewer than 9 runs in 10")
                .contains("held in 0/3 runs  note only-a-note:")
                .contains("1 facts held too rarely");
    }

    @Test
    void checkRefusesClaimsThatDoNotRead() throws Exception {
        GoHere.go();
        Ran r = real("--check", lessonsWithClaims(HOLDS.replace("newproc, g: 3", "newprc, g: 3")).toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).contains("real-claims/goroutines-and-run-queues.yaml:7:").contains("unknown event 'newprc'");
    }

    @Test
    void aRelativeCacheFolderAsCiNamesItBuildsAndRuns() throws Exception {
        GoHere.go();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        RealCommand cmd = new RealCommand(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        // .ci/run passes `--cache target/real-cache`: go refuses a relative GOPATH and the built program is run by its path
        int code = new CommandLine(cmd).execute("lessons/goroutine-lifecycle.yaml", "--json", "--no-cache",
                "--cache", Path.of("target", "relative-real-cache").toString());
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(RealTrace.mapper().readTree(out.toString(StandardCharsets.UTF_8)).at("/run/endedBy").asText())
                .isEqualTo("main returned");
    }

    @Test
    void realPrintsARunAsJson() throws Exception {
        GoHere.go();
        Ran r = real(Path.of("lessons/goroutine-lifecycle.yaml").toString(), "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode t = RealTrace.mapper().readTree(r.out());
        assertThat(t.get("format").asInt()).isEqualTo(1);
        assertThat(t.get("lesson").asText()).isEqualTo("goroutine-lifecycle");
        assertThat(t.at("/recorded/goVersion").asText()).startsWith("go1.");
        assertThat(t.at("/run/endedBy").asText()).isEqualTo("main returned");
        assertThat(t.get("events").size()).isPositive();
        assertThat(t.get("lanes").get(0).get("spans").size()).isPositive();
    }

    @Test
    void recordWritesOneRunOfEachGoLessonWithItsClaims() throws Exception {
        GoHere.go();
        Path lessons = lessonsWithClaims(HOLDS);
        Ran r = real("--record", lessons.toString(), "--runs", "3");
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        Path file = lessons.resolve("real/goroutines-and-run-queues.json");
        assertThat(file).exists();
        assertThat(lessons.resolve("real/signals-in-the-interpreter.json")).doesNotExist();
        RealTrace t = RealTrace.mapper().readValue(file.toFile(), RealTrace.class);
        assertThat(t.window().events()).isLessThanOrEqualTo(Recording.MAX_EVENTS);
        assertThat(t.claims()).extracting(RealTrace.ClaimResult::held).containsExactly(3, 3);
        assertThat(t.recorded().date()).isNotBlank();
        assertThat(t.recorded().cpus()).isPositive();
    }

    @Test
    void exportWritesMainGo() throws Exception {
        Path out = dir.resolve("main.go");
        int code = new CommandLine(new ExportCommand()).execute("lessons/work-stealing.yaml", "-o", out.toString());
        assertThat(code).isZero();
        assertThat(Files.readString(out)).startsWith("// Code generated by goroutine-lab from lessons/work-stealing.yaml. DO NOT EDIT.")
                .contains("for i := 0; i < 8; i++ { // lessons/work-stealing.yaml:20");
    }

    @Test
    void exportOfACpythonLessonSaysWhy() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new CommandLine(new ExportCommand(new PrintStream(new ByteArrayOutputStream()), new PrintStream(err)))
                .execute("lessons/signals-in-the-interpreter.yaml");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("models the CPython interpreter only");
    }
}
