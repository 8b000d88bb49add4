package goroutinelab.e2e;

import com.microsoft.playwright.Page;
import org.junit.jupiter.api.Test;

import java.util.regex.Pattern;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

/** The address keeps lesson, step, language, history and switches: a link reopens the same moment of the same run. */
class LinkTest extends BrowserTest {

    @Test
    void aLinkReopensTheSameStepOfTheSameRun() {
        PlayerPage player = open("e2e-signal-notify");
        player.next();
        player.tryIt.locator("summary").click();
        player.injectSignal.click(); // the learner's own signal, at this step: the run changes
        player.stepOnce();
        player.stepOnce();
        player.stepOnce();
        long step = player.step();
        assertThat(page).hasURL(Pattern.compile("step=" + step + "&.*h=.*SIGUSR1"));
        String url = page.url();
        String where1001 = player.whereIs(1001);

        Page other = context.newPage();
        PlayerPage again = PlayerPage.open(other, url);
        again.waitForStep(step);
        assertThat(again.goroutine(1001)).hasAttribute("data-where", where1001);
        assertThat(again.signals.station("sigsend")).isVisible();
        assertThat(other).hasURL(url);
    }

    @Test
    void aLinkFromAnEarlierVersionWithSwitchesOpensThatRunAsTheLearnersOwn() {
        PlayerPage player = open("e2e-preempt-loop", "async=0&step=3");
        player.waitForStep(3);
        player.tryIt.locator("summary").click();
        assertThat(player.asyncSwitch).not().isChecked();
        // the address now carries the run itself: the switch flipped at its start
        assertThat(page).hasURL(Pattern.compile("h=f1\\.[0-9a-f]{8}\\.0\\.[0-9]+\\.0a%3A0"));
        assertThat(page.getByTestId("fork-note")).isVisible();
    }
}
