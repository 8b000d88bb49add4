package goroutinelab.e2e;

import com.microsoft.playwright.Locator;
import org.junit.jupiter.api.Test;

import java.util.regex.Pattern;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/** The narration and its quiz: predict first, then watch; the focus paths of a step light their elements. */
class NarrationTest extends BrowserTest {

    @Test
    void nextAsksForAPredictionBeforeRunningTheStep() {
        PlayerPage player = open("goroutines-and-run-queues");
        player.next();
        player.next();
        player.next();
        assertThat(player.quiz).isVisible();
        assertThat(player.quiz).hasAttribute("data-state", "asking");
        long at = player.step();
        player.nextButton.click();
        assertThat(player.quiz).hasAttribute("data-state", "nudged");
        assertThat(player.quiz).containsText("prediction first");
        assertThat(player.quiz.getByTestId("choice-0")).isFocused();
        assertThat(player.step()).isEqualTo(at);
        page.keyboard().press("2"); // the tail of P0's local run queue
        assertThat(player.quiz.getByTestId("verdict")).containsText("Right.");
        assertThat(player.quiz.getByTestId("choice-1")).hasClass(Pattern.compile("right"));
        player.screenshot("narration-quiz");
        player.nextButton.click();
        player.waitForStepAbove(at);
        assertThat(player.narration.getByTestId("recap")).containsText("You predicted");
        assertThat(player.goroutine(2)).hasAttribute("data-where", "P0.runq");
    }

    @Test
    void pressingNextTwiceSkipsThePrediction() {
        PlayerPage player = open("goroutines-and-run-queues");
        player.next();
        player.next();
        player.next();
        long at = player.step();
        player.nextButton.click();
        assertThat(player.quiz).hasAttribute("data-state", "nudged");
        player.nextButton.click();
        player.waitForStepAbove(at);
        assertThat(player.narration.getByTestId("recap")).hasCount(0);
    }

    @Test
    void aStepsMoreShowsItsHeadAndRevealsTheRestOnMoreInBothLanguages() {
        PlayerPage player = open("e2e-more");
        player.next();
        assertThat(player.narration).hasText("Look at P0's runnext: G2 waits there.");
        Locator more = page.getByTestId("more");
        assertThat(more).isVisible();
        assertThat(more).hasText("more");
        assertThat(more).hasAttribute("aria-expanded", "false");
        assertThat(player.narration.getByTestId("more-text")).hasCount(0);
        more.click();
        assertThat(player.narration.getByTestId("more-text")).hasText("The detail: newproc made G2 and runqput put it in runnext, the slot that runs next.");
        assertThat(more).hasAttribute("aria-expanded", "true");
        assertThat(more).hasText("less");
        player.screenshot("narration-more-open");
        more.click();
        assertThat(player.narration.getByTestId("more-text")).hasCount(0);

        player.langSwitch.click();
        assertThat(player.narration).containsText("看 P0 的 runnext：G2 在那里等待。");
        assertThat(more).hasText("更多");
        more.click();
        assertThat(player.narration.getByTestId("more-text")).containsText("runqput 把它放进 runnext");

        player.next(); // a step without more: no button
        assertThat(more).isHidden();
    }

    @Test
    void theFocusPathsOfAStepLightTheirElements() {
        PlayerPage player = open("goroutines-and-run-queues");
        player.next(); // focus: [g.1, p.0]
        assertThat(player.goroutine(1)).hasClass(Pattern.compile("focus"));
        assertThat(player.p(0)).hasClass(Pattern.compile("focus"));
        player.next(); // focus: [g.2]
        assertThat(player.goroutine(1)).not().hasClass(Pattern.compile("focus"));
        assertThat(player.goroutine(2)).hasClass(Pattern.compile("focus"));
        player.next(); // focus: [p.0.runnext]
        assertThat(player.board.runnext(0)).hasClass(Pattern.compile("focus"));
    }
}
