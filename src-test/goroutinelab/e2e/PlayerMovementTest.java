package goroutinelab.e2e;

import org.junit.jupiter.api.Test;

import java.util.regex.Pattern;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/** The walking skeleton in a real browser: catalogue → lesson → goroutines move when stepped, and back. */
class PlayerMovementTest extends BrowserTest {

    @Test
    void aGoroutineMovesFromTheRunQueueOntoTheThreadAndBack() {
        page.navigate(server.url("/"));
        page.getByTestId("lesson-goroutines-and-run-queues").getByRole(com.microsoft.playwright.options.AriaRole.LINK).click();
        PlayerPage player = new PlayerPage(page);
        player.waitForStep(0);
        assertThat(player.goroutine(1)).hasAttribute("data-where", "M0");

        // Step until a goroutine that sat in a run queue is running on M0.
        int moved = 0;
        String before = null;
        for (int i = 0; i < 40 && moved == 0; i++) {
            for (int g = 2; g <= 4; g++) {
                if (player.goroutine(g).count() > 0 && String.valueOf(player.whereIs(g)).startsWith("P0.")) {
                    before = player.whereIs(g);
                }
            }
            player.stepOnce();
            for (int g = 2; g <= 4; g++) {
                if (player.goroutine(g).count() > 0 && "M0".equals(player.whereIs(g)) && before != null) {
                    moved = g;
                }
            }
        }
        assertThat(moved).as("a goroutine moved from a run queue to M0").isPositive();
        assertThat(player.goroutine(moved)).hasAttribute("data-status", "_Grunning");
        player.screenshot("skeleton-running");

        // Back: first into M0's hand (taken off the queue, not yet running), then back in the queue.
        player.backOnce();
        assertThat(player.goroutine(moved)).hasAttribute("data-where", "M0.hand");
        assertThat(player.goroutine(moved)).hasAttribute("data-status", "_Grunnable");
        player.backOnce();
        assertThat(player.goroutine(moved)).hasAttribute("data-where", Pattern.compile("P0\\.(runq|runnext)"));
    }

    @Test
    void nextPlaysTheScriptAndTheArrowKeysStep() {
        PlayerPage player = PlayerPage.open(page, server.url("/lessons/goroutines-and-run-queues"));
        player.next();
        assertThat(player.narration).containsText("G1");
        player.next();
        assertThat(player.narration).containsText("newproc");
        assertThat(player.goroutine(2)).hasAttribute("data-status", "_Grunnable");
        long at = player.step();
        page.keyboard().press("ArrowRight");
        player.waitForStep(at + 1);
        page.keyboard().press("ArrowLeft");
        player.waitForStep(at);
        assertThat(player.events.locator("li")).not().hasCount(0);
        player.screenshot("skeleton-next");
    }
}
