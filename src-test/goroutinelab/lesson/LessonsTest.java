package goroutinelab.lesson;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every lesson in lessons/ and every conformance example plays and checks,
 * with the engine's invariants checked after every engine step (Checker.check);
 * every bundled lesson is in English and Chinese and reads at a glance.
 */
class LessonsTest {

    @TestFactory
    Stream<DynamicTest> everyLessonChecks() throws IOException {
        return Stream.concat(files(Path.of("lessons")), files(Path.of("src-test/resources/conformance")))
                .map(f -> DynamicTest.dynamicTest(f.toString(), () -> {
                    Checker.Result r = Checker.check(f);
                    assertThat(r.problems()).as("problems").isEmpty();
                    assertThat(r.failures()).as("failures").isEmpty();
                    assertThat(r.stepsPlayed()).isPositive();
                }));
    }

    @TestFactory
    Stream<DynamicTest> everyLessonHasChinese() throws IOException {
        return files(Path.of("lessons")).map(f -> DynamicTest.dynamicTest(f.toString(), () -> {
            Lesson l = LessonLoader.load(f);
            assertThat(l.title().hasZh()).as("title.zh").isTrue();
            for (Lesson.Step s : l.steps()) {
                assertThat(s.say().hasZh()).as("say.zh of " + s.say().en()).isTrue();
            }
        }));
    }

    /** A step is read at a glance while watching the board: its say keeps to the limit in both languages, the rest is in more. */
    @TestFactory
    Stream<DynamicTest> everyStepIsReadAtAGlanceInBothLanguages() throws IOException {
        return files(Path.of("lessons")).map(f -> DynamicTest.dynamicTest(f.toString(), () -> {
            Lesson l = LessonLoader.load(f);
            for (int i = 0; i < l.steps().size(); i++) {
                Lesson.Step st = l.steps().get(i);
                assertThat(Narration.words(st.say().en())).as("step %d's say (en): %s", i + 1, st.say().en())
                        .isLessThanOrEqualTo(Narration.MAX_WORDS);
                assertThat(Narration.words(st.say().zh())).as("step %d's say (zh): %s", i + 1, st.say().zh())
                        .isLessThanOrEqualTo(Narration.MAX_WORDS);
                assertThat(st.more().en().isEmpty()).as("step %d: more is in both languages or in neither", i + 1)
                        .isEqualTo(!st.more().hasZh());
            }
            assertThat(Narration.warnings(l)).isEmpty();
        }));
    }

    private static Stream<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Course::isLessonFile).sorted().toList().stream();
        }
    }
}
