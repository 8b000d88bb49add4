package goroutinelab.lesson;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The check command: a line per lesson with what it played and checked, the failures at their places, a summary, the exit code. */
class CheckerTest {

    static String run(List<Path> targets, int[] exit) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        exit[0] = new Checker(new PrintStream(bytes, true, StandardCharsets.UTF_8)).run(targets);
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void eachLessonReportsStepsExpectationsAndTimeAndTheSummaryCountsThem(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("demo.yaml"), LessonErrorsTest.GOOD);
        Files.writeString(dir.resolve("fails.yaml"), LessonErrorsTest.GOOD.replace("id: demo", "id: fails")
                .replace("process.exited: true", "process.exited: false"));
        int[] exit = new int[1];
        String out = run(List.of(dir), exit);
        assertThat(exit[0]).isEqualTo(1);
        String[] lines = out.split("\n");
        assertThat(lines[0]).matches("ok      .*demo\\.yaml: 1 step played, 1 expectation checked, \\d+ engine steps, \\d+ ms");
        assertThat(lines[1]).matches("FAIL    .*fails\\.yaml: 1 step played, 1 expectation checked, \\d+ engine steps, \\d+ ms");
        assertThat(lines[2]).matches("  .*fails\\.yaml:18:7: step 1: process\\.exited: expected false, got true");
        assertThat(lines[3]).matches("2 lessons: 1 passed, 1 failed, 0 invalid; 2 steps played, 2 expectations checked in \\d+ ms");
    }

    @Test
    void anInvalidLessonExitsWithTwoAndSaysWhere(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("demo.yaml"), LessonErrorsTest.GOOD.replace("compute: 200us", "compute: 200"));
        int[] exit = new int[1];
        String out = run(List.of(dir, dir.resolve("missing.yaml")), exit);
        assertThat(exit[0]).isEqualTo(2);
        assertThat(out).contains("INVALID " + dir.resolve("demo.yaml"))
                .contains("  " + dir.resolve("demo.yaml") + ":11:16: expected a duration with a unit")
                .contains(dir.resolve("missing.yaml") + ": no such file or directory")
                .contains("2 lessons: 0 passed, 0 failed, 2 invalid");
    }

    /** The wire leaves zero counts out (web/WireState); the snapshot a lesson is checked on still has every kind at 0. */
    @Test
    void anEventCountThatNeverHappenedReadsZeroInCheck(@TempDir Path dir) throws Exception {
        String zero = LessonErrorsTest.GOOD.replace("process.exited: true",
                "process.exited: true\n      stats.events.sigdrop: 0\n      stats.events.retake: 0");
        Files.writeString(dir.resolve("demo.yaml"), zero);
        Files.writeString(dir.resolve("fails.yaml"), zero.replace("id: demo", "id: fails")
                .replace("stats.events.sigdrop: 0", "stats.events.sigdrop: 1"));
        int[] exit = new int[1];
        String out = run(List.of(dir), exit);
        assertThat(out).containsPattern("ok      .*demo\\.yaml: 1 step played, 3 expectations checked")
                .contains("step 1: stats.events.sigdrop: expected 1, got 0");
        assertThat(exit[0]).isEqualTo(1);
    }

    @Test
    void aCheckerForAnotherFolderReadsThereAndPrintsThePathsAsGiven(@TempDir Path dir) throws Exception {
        Path sub = Files.createDirectories(dir.resolve("sub folder"));
        Files.writeString(sub.resolve("demo.yaml"), LessonErrorsTest.GOOD);
        Files.writeString(sub.resolve(Course.FILE), "chapters: [{id: one, title: {en: One, zh: 一}, lessons: [demo]}]\n");
        Files.writeString(sub.resolve("bad.yaml"), "format: 1\nid: [\n");
        List<String> given = List.of("sub folder", "sub folder/../sub folder/demo.yaml", "missing.yaml");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int exit = new Checker(new PrintStream(bytes, true, StandardCharsets.UTF_8), dir).run(given.stream().map(Path::of).toList());
        String out = bytes.toString(StandardCharsets.UTF_8).replaceAll("\\d+ ms", "# ms");
        // the same files named by absolute paths, checked in this process's folder: the same lines but for the prefix
        int[] absExit = new int[1];
        String abs = run(given.stream().map(dir::resolve).toList(), absExit).replaceAll("\\d+ ms", "# ms");
        assertThat(exit).isEqualTo(absExit[0]).isEqualTo(2);
        assertThat(out).isEqualTo(abs.replace(dir + "/", ""));
        assertThat(out.lines()).contains("INVALID sub folder/bad.yaml", "missing.yaml: no such file or directory",
                "ok      sub folder/" + Course.FILE + ": 1 chapter, 1 lesson");
        assertThat(out).contains("ok      sub folder/../sub folder/demo.yaml: 1 step played");
    }

    @Test
    void anIoErrorNamesThePathAsGiven() {
        Path real = Path.of("/work/x/a.yaml");
        Path given = Path.of("a.yaml");
        assertThat(Checker.message(new java.nio.file.NoSuchFileException(real.toString()), real, given)).isEqualTo("a.yaml");
        assertThat(Checker.message(new java.nio.file.AccessDeniedException(given.toString()), given, given)).isEqualTo("a.yaml");
    }

    @Test
    void aBudgetedPlayStopsBeforeAStepThatCouldPassTheBudget() throws LessonError {
        Lesson l = LessonLoader.parse(LessonErrorsTest.GOOD.replace("    run: {until: end}\n    expect:\n      process.exited: true\n",
                "    run: {steps: 3}\n  - say: Two.\n    run: {steps: 3}\n  - say: Three.\n    run: {steps: 3}\n"), "demo.yaml", "demo");
        Checker.Result r = Checker.play(l, System.nanoTime(), 7);
        assertThat(r.stepsPlayed()).isEqualTo(2);
        assertThat(r.stepsTotal()).isEqualTo(3);
        assertThat(r.complete()).isFalse();
        assertThat(r.engineSteps()).isEqualTo(6);
        assertThat(Checker.play(l, System.nanoTime()).complete()).isTrue();
    }
}
