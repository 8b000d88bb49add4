package goroutinelab.e2e;

import org.junit.jupiter.api.Test;

import java.util.regex.Pattern;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

/** The GC phase and stop-the-world banner over the boards (fixtures/gc-cycle.json). */
class GcBannerTest extends BrowserTest {

    @Test
    void theBannerShowsThePhaseAndVeilsTheBoardDuringStopTheWorld() {
        PlayerPage player = openFixture(FakeLab.fixture("gc-cycle.json"));
        assertThat(player.heap.banner).isHidden(); // no cycle yet, phase off
        player.stepOnce(); // gcStart: stop the world for sweep termination
        assertThat(player.heap.banner).isVisible();
        assertThat(player.heap.banner).hasAttribute("data-stw", "true");
        assertThat(player.heap.banner.getByTestId("stw")).containsText("sweep termination");
        assertThat(player.p(0)).hasAttribute("data-status", "_Pgcstop");
        player.screenshot("gc-stop-the-world");
        player.stepOnce(); // the world starts; marking with the barrier on
        assertThat(player.heap.banner).hasAttribute("data-stw", "false");
        assertThat(player.heap.banner).hasAttribute("data-phase", "_GCmark");
        assertThat(player.heap.banner.getByTestId("wb-state")).hasClass(Pattern.compile("on"));
        assertThat(player.p(1)).hasClass(Pattern.compile("gcwork"));
        assertThat(player.p(1)).containsText("GC dedicated");
        player.scrubTo(6); // mark termination
        assertThat(player.heap.banner).hasAttribute("data-phase", "_GCmarktermination");
        assertThat(player.heap.banner.getByTestId("stw")).containsText("mark termination");
    }
}
