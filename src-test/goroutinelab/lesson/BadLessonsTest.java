package goroutinelab.lesson;

import goroutinelab.engine.Event;
import goroutinelab.engine.EventKind;
import goroutinelab.engine.runtime.GoRuntime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Lesson files written to hurt, by accident or not: each is refused with a
 * clear error, or plays bounded. None may hang or exhaust memory; the timeouts
 * here only catch a hang, they measure nothing.
 */
class BadLessonsTest {
    private static final Duration NO_HANG = Duration.ofSeconds(60);

    private static String lesson(String functions, String run) {
        return """
                format: 1
                id: bad
                title: Bad
                runtime: {gomaxprocs: 2}
                functions:
                %s
                steps:
                  - say: Go.
                    run: %s
                """.formatted(functions.indent(2).stripTrailing(), run);
    }

    private static LessonError refused(String yaml) {
        LessonError e = assertTimeoutPreemptively(NO_HANG, () ->
                catchThrowableOfType(LessonError.class, () -> LessonLoader.parse(yaml, "lessons/bad.yaml", "bad")));
        assertThat(e).as("the lesson should be refused").isNotNull();
        return e;
    }

    // ---- YAML bombs ----

    @Test
    void aBillionLaughsIsRefusedAtTheFirstAliasWithoutExpandingIt() {
        StringBuilder y = new StringBuilder("format: 1\nid: bad\ntitle: Bad\nlol0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (int i = 1; i < 10; i++) {
            y.append("lol").append(i).append(": &l").append(i).append(" [");
            for (int j = 0; j < 9; j++) {
                y.append(j > 0 ? ", " : "").append("*l").append(i - 1);
            }
            y.append("]\n");
        }
        y.append("functions: {main: [gosched]}\nsteps: [{say: x}]\n");
        LessonError e = refused(y.toString());
        assertThat(e.problems().get(0).message()).containsIgnoringCase("alias");
        assertThat(e.problems().get(0).line()).isBetween(4, 6);
    }

    @Test
    void scalarAliasesMergeKeysAndAliasedKeysAreRefusedToo() {
        String good = lesson("main: [gosched]", "{steps: 1}");
        assertThat(refused(good.replace("title: Bad", "title: &t Bad\nsummary: *t")).getMessage()).contains("alias");
        assertThat(refused(good.replace("runtime: {gomaxprocs: 2}", "base: &b {gomaxprocs: 2}\nruntime: {<<: *b}"))
                .getMessage()).containsIgnoringCase("alias");
        assertThat(refused(good.replace("title: Bad", "title: &k Bad\n*k : x")).getMessage()).isNotBlank();
    }

    @Test
    void yamlTagsAreRefusedByTheirNameAtTheirPlace() {
        String good = lesson("main: [gosched]", "{steps: 1}");
        for (String[] c : new String[][]{
                {"title: !!binary QmFk", "!!binary"}, {"title: !!python/object:os.system ls", "!!python/object:os.system"},
                {"title: !local Bad", "!local"}, {"title: !!str Bad", "!!str"}}) {
            LessonError e = refused(good.replace("title: Bad", c[0]));
            LessonError.Problem p = e.problems().get(0);
            assertThat(p.message()).as(c[0]).isEqualTo("YAML tags (here " + c[1] + ") are not used in lessons: remove the tag"
                    + " and write the plain value");
            assertThat(p.line()).as(c[0]).isEqualTo(3);
            assertThat(p.col()).as(c[0]).isEqualTo(8);
            assertThat(e.getMessage()).doesNotContain("VALUE_EMBEDDED_OBJECT", "Jackson", "com.fasterxml");
        }
        assertThat(refused(good.replace("main: [gosched]", "main: !!seq [gosched]")).problems().get(0).message()).contains("!!seq");
    }

    @Test
    void aSeedMustFitIn64BitsInsteadOfWrappingToAnotherRun() throws LessonError {
        String good = lesson("main: [gosched]", "{steps: 1}");
        for (String seed : List.of("18446744073709551616", "9223372036854775808", "-9223372036854775809", "1" + "0".repeat(30))) {
            LessonError e = refused(good.replace("gomaxprocs: 2", "gomaxprocs: 2, seed: " + seed));
            assertThat(e.problems().get(0).message()).as(seed).startsWith("seed must be a whole number from -9223372036854775808"
                    + " to 9223372036854775807 (64 bits), got ");
            assertThat(e.problems().get(0).line()).isEqualTo(4);
        }
        assertThat(LessonLoader.parse(good.replace("gomaxprocs: 2", "gomaxprocs: 2, seed: 9223372036854775807"), "bad.yaml", "bad")
                .runtime().seed()).isEqualTo(Long.MAX_VALUE);
        assertThat(LessonLoader.parse(good.replace("gomaxprocs: 2", "gomaxprocs: 2, seed: -9223372036854775808"), "bad.yaml", "bad")
                .runtime().seed()).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void deepNestingIsRefusedWithItsDepth() {
        String flow = "[".repeat(10_000) + "]".repeat(10_000);
        assertThat(refused(lesson("main: " + flow, "{steps: 1}")).getMessage()).containsIgnoringCase("nest");
        StringBuilder block = new StringBuilder("main:\n");
        for (int i = 0; i < 200; i++) {
            String pad = " ".repeat(2 + 4 * i);
            block.append(pad).append("- repeat:\n").append(pad).append("    times: 2\n").append(pad).append("    do:\n");
        }
        block.append(" ".repeat(2 + 4 * 200)).append("- gosched\n");
        assertThat(refused(lesson(block.toString(), "{steps: 1}")).getMessage()).containsIgnoringCase("nest");
    }

    @Test
    void hugeFilesAreRefusedBeforeTheyAreParsed(@TempDir Path dir) throws IOException {
        String big = lesson("main: [gosched]", "{steps: 1}") + "# " + "x".repeat(YamlTree.MAX_CHARS) + "\n";
        assertThat(refused(big).getMessage()).contains("at most " + YamlTree.MAX_CHARS);
        // a 2 GB file on disk (sparse: it takes no space) is refused by its size, never read
        Path huge = dir.resolve("huge.yaml");
        try (RandomAccessFile f = new RandomAccessFile(huge.toFile(), "rw")) {
            f.setLength(2L << 30);
        }
        LessonError e = assertTimeoutPreemptively(NO_HANG, () ->
                catchThrowableOfType(LessonError.class, () -> LessonLoader.load(huge)));
        assertThat(e.getMessage()).contains("bytes; a lesson may have at most");
    }

    @Test
    void tooManyNodesHugeStringsAndHugeNumbersAreRefused() {
        String many = "[" + "1,".repeat(120_000) + "1]";
        assertThat(refused(lesson("main: " + many, "{steps: 1}")).getMessage()).contains("YAML nodes");
        String longTitle = lesson("main: [gosched]", "{steps: 1}").replace("title: Bad", "title: " + "x".repeat(5000));
        assertThat(refused(longTitle).getMessage()).contains("title");
        for (String n : List.of("99999999999999999999999999", "1e400", "-1", "10001", "2147483648")) {
            assertThat(refused(lesson("main: [{go: {fn: main, count: " + n + "}}]", "{steps: 1}")).getMessage())
                    .as(n).contains("count");
        }
        assertThat(refused(lesson("main: [{repeat: {times: 100000000000, do: [gosched]}}]", "{steps: 1}")).getMessage())
                .contains("times");
        assertThat(refused(lesson("main: [{compute: 100000h}]", "{steps: 1}")).getMessage()).contains("compute");
        assertThat(refused(lesson("main: [gosched]", "{steps: 1, limit: 1000000000}")).getMessage()).contains("limit");
    }

    // ---- lessons that load but would run away ----

    @Test
    void aLessonThatMakesGoroutinesWithoutEndStopsAtTheLabsLimitWithAClearEvent() throws LessonError {
        Lesson l = LessonLoader.parse(lesson("""
                main:
                  - repeat: {times: 100000, do: [{go: {fn: w, count: 10000}}]}
                w:
                  - sleep: 1s
                """, "{until: end, limit: 1000000}"), "lessons/bad.yaml", "bad");
        Player p = new Player(l);
        Player.Moved m = assertTimeoutPreemptively(NO_HANG, () -> p.next());
        assertThat(p.engine().ended()).isTrue();
        Event last = m.events().get(m.events().size() - 1);
        assertThat(last.kind()).isEqualTo(EventKind.THROW);
        assertThat(last.text("en")).contains("the lab stops the run here");
        assertThat(p.engine().snapshot()).extractingByKey("process").asString().contains("limit of " + GoRuntime.MAX_GOROUTINES);
        assertThat(m.failures()).isEmpty();
    }

    @Test
    void aProgramThatNeverEndsIsBoundedByTheRunLimit() throws LessonError {
        Lesson l = LessonLoader.parse(lesson("""
                main:
                  - go: {fn: spin, count: 3}
                  - repeat: {times: 100000, do: [{repeat: {times: 100000, do: [{compute: 1ms}, gosched]}}]}
                spin:
                  - loop: 3000s
                """, "{until: end, limit: 50000}"), "lessons/bad.yaml", "bad");
        Player p = new Player(l);
        Player.Moved m = assertTimeoutPreemptively(NO_HANG, () -> p.next());
        assertThat(m.failures()).singleElement().asString().contains("did not finish within 50000 steps");
        assertThat(p.timeline().step()).isEqualTo(50_000);
        Checker.Result r = Checker.play(l, System.nanoTime());
        assertThat(r.ok()).isFalse();
        assertThat(r.failures().get(0)).startsWith("lessons/bad.yaml:").contains("did not finish within 50000 steps");
    }

    @Test
    void nestedRepeatsOfNothingDoNotSpinTheServer() throws LessonError {
        // a billion passes through repeat blocks that do nothing: pure bookkeeping, no events
        Lesson l = LessonLoader.parse(lesson("""
                main:
                  - repeat: {times: 100000, do: [{repeat: {times: 100000, do: [{repeat: {times: 0, do: [gosched]}}]}}]}
                  - compute: 1us
                """, "{until: end, limit: 10}"), "lessons/bad.yaml", "bad");
        Player p = new Player(l);
        Player.Moved m = assertTimeoutPreemptively(NO_HANG, () -> p.next());
        assertThat(p.engine().ended()).isTrue();
        Event last = m.events().get(m.events().size() - 1);
        assertThat(last.kind()).isEqualTo(EventKind.THROW);
        assertThat(last.text("en")).contains("the lab stops the run").contains("a repeat of nothing?");
    }

    @Test
    void theInterpreterStopsARepeatOfNothingTheSameWay() throws LessonError {
        // one step loop for every model: at the limit, a throw event ends the run (the interpreter used to throw an exception)
        Lesson l = LessonLoader.parse(lesson("""
                main:
                  - repeat: {times: 100000, do: [{repeat: {times: 100000, do: [{repeat: {times: 0, do: [gosched]}}]}}]}
                  - compute: 1us
                """, "{until: end, limit: 10}").replace("format: 1\n", "format: 1\nmodel: cpython\n"), "lessons/bad.yaml", "bad");
        Player p = new Player(l);
        Player.Moved m = assertTimeoutPreemptively(NO_HANG, () -> p.next());
        assertThat(p.engine().ended()).isTrue();
        Event last = m.events().get(m.events().size() - 1);
        assertThat(last.kind()).isEqualTo(EventKind.THROW);
        assertThat(last.text("en")).contains("the lab stops the run").contains("a repeat of nothing?");
        assertThat(p.engine().snapshot()).extractingByKey("process").asString().contains("without an event");
    }

    // ---- ids and paths ----

    @Test
    void idsThatTryToLeaveTheLessonsFolderFindNothing(@TempDir Path dir) throws IOException {
        Path lessons = Files.createDirectory(dir.resolve("lessons"));
        Files.writeString(dir.resolve("secret.yaml"), lesson("main: [gosched]", "{steps: 1}").replace("id: bad", "id: secret"));
        Files.writeString(lessons.resolve("ok.yaml"), lesson("main: [gosched]", "{steps: 1}").replace("id: bad", "id: ok"));
        LessonStore store = LessonStore.folder(lessons);
        for (String id : List.of("../secret", "..%2Fsecret", "..\\secret", "/etc/passwd", "ok/../../secret", "", ".",
                "..", "OK", "ok\u0000", "x".repeat(65), "ok.yaml")) {
            assertThat(store.get(id)).as(id).isEmpty();
        }
        assertThat(store.get("ok")).isPresent();
        assertThat(store.all()).extracting(LessonStore.Entry::id).containsExactly("ok");
    }

    @Test
    void aSymlinkOutOfTheLessonsFolderIsNotFollowed(@TempDir Path dir) throws IOException {
        Path lessons = Files.createDirectory(dir.resolve("lessons"));
        Path outside = dir.resolve("outside.yaml");
        Files.writeString(outside, lesson("main: [gosched]", "{steps: 1}").replace("id: bad", "id: leak"));
        Files.createSymbolicLink(lessons.resolve("leak.yaml"), outside);
        LessonStore store = LessonStore.folder(lessons);
        assertThat(store.get("leak")).hasValueSatisfying(e -> {
            assertThat(e.ok()).isFalse();
            assertThat(e.problems().get(0).message()).contains("outside the lessons folder");
            assertThat(e.problems().toString()).doesNotContain(dir.toString());
        });
    }

    @Test
    void aBrokenLessonInAFolderIsShownByItsFileNameNotTheServersPath(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("broken.yaml"), "format: 1\nid: broken\ntitle: [unclosed\n");
        LessonStore.Entry e = LessonStore.folder(dir).get("broken").orElseThrow();
        assertThat(e.ok()).isFalse();
        assertThat(e.problems().get(0).toString()).startsWith("broken.yaml:").doesNotContain(dir.toString());
    }
}
