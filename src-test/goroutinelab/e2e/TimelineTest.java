package goroutinelab.e2e;

import org.junit.jupiter.api.Test;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/** The trace-like timeline: lanes fill in as the run plays, what was not seen is marked, a click seeks. */
class TimelineTest extends BrowserTest {

    @Test
    void lanesShowWhichGoroutineEachPRan() {
        PlayerPage player = open("e2e-work-stealing");
        player.next();
        player.next();
        player.next();
        assertThat(player.timeline.lane("P0")).isVisible();
        assertThat(player.timeline.lane("P1")).isVisible();
        assertThat(player.timeline.segments("P0").first()).hasAttribute("data-g", "1");
        assertThat(player.timeline.root.locator("[data-testid^=\"seg-P1-\"][data-g=\"4\"]")).hasCount(1);
        assertThat(player.timeline.unknown).hasCount(0);
        player.screenshot("timeline-stealing");
    }

    @Test
    void aJumpLeavesTheUnseenStretchMarkedUntilItIsPlayed() {
        PlayerPage player = open("e2e-work-stealing", "step=12");
        assertThat(player.timeline.unknown).hasCount(1);
        player.scrubTo(0);
        for (int i = 0; i < 12; i++) {
            player.stepOnce();
        }
        assertThat(player.timeline.unknown).hasCount(0);
    }

    @Test
    void clickingTheTimelineSeeksToThatMoment() {
        PlayerPage player = open("e2e-syscall-handoff");
        player.next();
        player.next();
        long end = player.step();
        player.timeline.clickAt(0.05);
        page.waitForCondition(() -> player.step() < end);
        assertThat(player.step()).isLessThan(end);
        assertThat(player.timeline.cursor).hasAttribute("data-time", java.util.regex.Pattern.compile("\\d+"));
    }
}
