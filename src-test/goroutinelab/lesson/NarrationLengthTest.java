package goroutinelab.lesson;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A step's narration is read at a glance: words are counted as the player
 * counts them, a say over 40 words is a warning in check (never a failure),
 * and what does not fit goes into more. (LessonsTest holds every bundled
 * lesson to the limit.)
 */
class NarrationLengthTest {

    @Test
    void englishWordsAreRunsOfLettersDigitsAndDashes() {
        assertThat(Narration.words("G2 waits in P0's runnext slot.")).isEqualTo(6);
        assertThat(Narration.words("`runtime.Gosched()` — a 10 µs call")).isEqualTo(6); // runtime, Gosched, a, 10, s, call
        assertThat(Narration.words("write-barrier _Grunnable")).isEqualTo(2);
        assertThat(Narration.words("")).isZero();
        assertThat(Narration.words(null)).isZero();
    }

    @Test
    void twoChineseCharactersCountAsOneWordAndLatinWordsInsideCountAsWords() {
        assertThat(Narration.words("看 P1 的本地运行队列。")).isEqualTo(1 + 8 / 2.0); // P1, and the eight characters 看的本地运行队列
        assertThat(Narration.words("一".repeat(80))).isEqualTo(40);
        assertThat(Narration.words("一".repeat(81))).isEqualTo(40.5);
    }

    static String lesson(String say, String zh) {
        return LessonErrorsTest.GOOD.replace("  - say: Go.\n", "  - say:\n      en: \"" + say + "\"\n      zh: \"" + zh + "\"\n");
    }

    @Test
    void aSayOverTheLimitIsAWarningAtItsStepInTheLanguageItIsTooLongIn() throws LessonError {
        Lesson l = LessonLoader.parse(lesson("word ".repeat(41).trim(), "短。"), "lessons/demo.yaml", "demo");
        List<LessonError.Problem> w = Narration.warnings(l);
        assertThat(w).hasSize(1);
        assertThat(w.get(0).toString()).isEqualTo("lessons/demo.yaml:15:5: step 1: say (en) has 41 words;"
                + " a step is read at a glance, at most 40: move the detail into more:");

        Lesson zh = LessonLoader.parse(lesson("Short.", "字".repeat(82)), "lessons/demo.yaml", "demo");
        assertThat(Narration.warnings(zh)).singleElement().satisfies(p -> assertThat(p.message()).startsWith("step 1: say (zh) has 41 words"));

        Lesson fits = LessonLoader.parse(lesson("word ".repeat(40).trim(), "字".repeat(80)), "lessons/demo.yaml", "demo");
        assertThat(Narration.warnings(fits)).isEmpty();
    }

    @Test
    void checkPrintsTheWarningButStillPassesTheLesson(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("demo.yaml"), lesson("word ".repeat(45).trim(), "短。"));
        int[] exit = new int[1];
        String out = CheckerTest.run(List.of(dir), exit);
        assertThat(exit[0]).isZero();
        String[] lines = out.split("\n");
        assertThat(lines[0]).startsWith("ok      ");
        assertThat(lines[1]).isEqualTo("  " + dir.resolve("demo.yaml") + ":15:5: warning: step 1: say (en) has 45 words;"
                + " a step is read at a glance, at most 40: move the detail into more:");
        assertThat(lines[2]).matches("1 lesson: 1 passed, 0 failed, 0 invalid; .*; 1 warning \\(they do not fail the check\\)");
    }

    @Test
    void moreIsReadInBothLanguagesAndIsEmptyWhenAStepHasNone() throws LessonError {
        Lesson l = LessonLoader.parse(LessonErrorsTest.GOOD.replace("  - say: Go.\n",
                "  - say: Go.\n    more: {en: \"The rest.\", zh: 其余的。}\n"), "lessons/demo.yaml", "demo");
        assertThat(l.steps().get(0).more()).isEqualTo(new I18n("The rest.", "其余的。"));
        Lesson none = LessonLoader.parse(LessonErrorsTest.GOOD, "lessons/demo.yaml", "demo");
        assertThat(none.steps().get(0).more().en()).isEmpty();
    }
}
