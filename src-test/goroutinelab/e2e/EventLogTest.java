package goroutinelab.e2e;

import org.junit.jupiter.api.Test;

import java.util.regex.Pattern;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

/** The event log: every event names its runtime function, links to its source, and seeks to its step. */
class EventLogTest extends BrowserTest {

    @Test
    void eachEventNamesItsFunctionAndLinksToTheGoSource() {
        PlayerPage player = open("goroutines-and-run-queues");
        player.next();
        player.next();
        player.next(); // newproc, runqput
        assertThat(player.event(2).locator("a.ev-fn")).hasText("runtime.runqput");
        assertThat(player.event(2).locator("a.ev-fn")).hasAttribute("href",
                Pattern.compile("^https://cs\\.opensource\\.google/search\\?q=func%20runqput&ss=go%2Fgo:src%2Fruntime%2Fproc\\.go$"));
        assertThat(player.event(2)).containsText("G2 goes into P0's runnext");
        assertThat(player.event(2)).hasClass(Pattern.compile("now"));
    }

    @Test
    void clickingAnEventsStepGoesThere() {
        PlayerPage player = open("e2e-work-stealing");
        player.next();
        player.event(3).locator("button.ev-step").click();
        player.waitForStep(3);
        assertThat(player.event(5)).hasClass(Pattern.compile("future"));
    }
}
