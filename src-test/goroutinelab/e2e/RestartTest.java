package goroutinelab.e2e;

import org.junit.jupiter.api.Test;

import java.util.regex.Pattern;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 8: the server restarts mid-lesson (the app stops, a new one starts on
 * the same port); the page reconnects with backoff and, with the history token
 * and step it last saw, comes back at the same step of the same run.
 */
class RestartTest extends BrowserTest {

    @Test
    void thePageComesBackAtTheSameStepAndStateAfterARestart() {
        PlayerPage player = open("e2e-signal-notify");
        player.next();
        player.tryIt.locator("summary").click();
        player.injectSignal.click(); // the run now differs from the lesson's own: only the history token can rebuild it
        for (int i = 0; i < 6; i++) {
            player.stepOnce();
        }
        long step = player.step();
        String where2 = player.whereIs(2);
        String where1001 = player.whereIs(1001);
        String m1 = player.m(1).getAttribute("data-where");
        String kernel = player.signals.station("sigsend").textContent();
        String url = page.url();
        assertThat(page.locator("body")).hasAttribute("data-connects", "1");

        server = server.restart();

        assertThat(page.locator("body")).hasAttribute("data-connects", "2");
        assertThat(page.locator("body")).hasAttribute("data-connection", "open");
        player.waitForStep(step);
        assertThat(player.goroutine(2)).hasAttribute("data-where", where2);
        assertThat(player.goroutine(1001)).hasAttribute("data-where", where1001);
        assertThat(player.m(1)).hasAttribute("data-where", m1);
        assertThat(player.signals.station("sigsend")).hasText(kernel);
        assertThat(page).hasURL(url);
        assertThat(server.app.sessionCount()).isEqualTo(1);
        // and the restored session goes on: the next step works
        player.stepOnce();
        assertThat(page).hasURL(Pattern.compile("step=" + (step + 1)));
    }
}
