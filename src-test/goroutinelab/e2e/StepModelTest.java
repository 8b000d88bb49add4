package goroutinelab.e2e;

import goroutinelab.lesson.Lesson;
import goroutinelab.lesson.LessonLoader;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.regex.Pattern;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

/**
 * One step model, in both languages: single steps, Next, a learner's own change
 * and a link to a step all set one position, and the narration on screen is
 * always the script step whose range holds it. No author's tool (an
 * expectation failure) ever reaches the learner.
 */
class StepModelTest extends BrowserTest {

    private static Lesson lesson(String id) throws Exception {
        return LessonLoader.load(Path.of("lessons", id + ".yaml"));
    }

    /** The narration shown is script step k's, in the page's language. */
    private static void showsStep(PlayerPage player, Lesson l, int k, String lang) {
        String say = l.steps().get(k - 1).say().in(lang);
        String start = say.replaceAll("[*`]", "").substring(0, Math.min(12, say.replaceAll("[*`]", "").length()));
        assertThat(player.page.getByTestId("script-pos")).hasText(lang.equals("zh")
                ? "第 " + k + " / " + l.steps().size() + " 节" : "Step " + k + " of " + l.steps().size());
        assertThat(player.narration).containsText(start);
        neverAnAuthorError(player);
    }

    private static void neverAnAuthorError(PlayerPage player) {
        assertThat(player.page.getByTestId("author-notes")).isHidden();
        assertThat(player.page.locator("body")).not().containsText("Expectation failed");
        assertThat(player.page.locator("body")).not().containsText("期望未满足");
    }

    private int shownScript() {
        return Integer.parseInt(page.locator("body").getAttribute("data-script"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"en", "zh"})
    void arrowsThroughAScriptStepThenNextShowTheNarrationOfWhereTheRunIs(String lang) throws Exception {
        Lesson l = lesson("syscalls-and-handoff");
        PlayerPage player = open("syscalls-and-handoff", "lang=" + lang);
        for (int i = 0; i < 6; i++) {
            player.stepOnce();
            showsStep(player, l, shownScript(), lang);
        }
        int k = shownScript();
        for (int i = 1; i <= 4; i++) {
            player.next();
            player.waitForSettled();
            showsStep(player, l, k + i, lang);
        }
        player.screenshot("step-model-arrows-then-next-" + lang);
    }

    @ParameterizedTest
    @ValueSource(strings = {"en", "zh"})
    void tryingSomethingForksTheRunVisiblyAndTheLessonResumesAtTheSameStep(String lang) throws Exception {
        Lesson l = lesson("goroutines-and-run-queues");
        PlayerPage player = open("goroutines-and-run-queues", "lang=" + lang);
        player.next();
        player.next();
        player.waitForSettled();
        long at = player.step();
        player.tryIt.locator("summary").click();
        player.goFunction.selectOption("worker");
        player.injectGo.click();
        assertThat(page.getByTestId("fork-note")).isVisible();
        assertThat(page.getByTestId("fork-text")).containsText(String.valueOf(at));
        assertThat(player.nextButton).isDisabled();
        assertThat(page).hasURL(Pattern.compile("h=f1\\."));
        player.stepOnce();
        player.stepOnce();
        player.screenshot("step-model-own-run-" + lang);
        neverAnAuthorError(player);
        page.getByTestId("back-to-lesson").click();
        assertThat(page.getByTestId("fork-note")).isHidden();
        player.waitForStep(at + 2);
        assertThat(page).not().hasURL(Pattern.compile("h="));
        showsStep(player, l, shownScript(), lang);
        int k = shownScript();
        player.next();
        player.waitForSettled();
        showsStep(player, l, k + 1, lang);
    }

    @ParameterizedTest
    @ValueSource(strings = {"en", "zh"})
    void aLinkToAStepOpensTheLessonsRunThereWithItsNarration(String lang) throws Exception {
        Lesson l = lesson("run-queue-overflow");
        PlayerPage player = open("run-queue-overflow", "lang=" + lang + "&step=22");
        player.waitForStep(22);
        int k = shownScript();
        assertThat(page.getByTestId("script-pos")).not().hasText(lang.equals("zh") ? "简介" : "Introduction");
        showsStep(player, l, k, lang);
        player.next();
        player.waitForSettled();
        showsStep(player, l, k + 1, lang);
    }
}
