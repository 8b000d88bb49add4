package goroutinelab.e2e;

import org.junit.jupiter.api.Test;

import java.util.regex.Pattern;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

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
        // the veil over the pictures: marked by the banner's view, drawn by the style sheet
        assertThat(page.getByTestId("pictures")).hasClass(Pattern.compile("\\bstw\\b"));
        assertThat(veil()).isEqualTo("\"\"");
        player.screenshot("gc-stop-the-world");
        player.stepOnce(); // the world starts; marking with the barrier on
        assertThat(player.heap.banner).hasAttribute("data-stw", "false");
        assertThat(page.getByTestId("pictures")).not().hasClass(Pattern.compile("\\bstw\\b"));
        assertThat(veil()).isNotEqualTo("\"\"");
        assertThat(player.heap.banner).hasAttribute("data-phase", "_GCmark");
        assertThat(player.heap.banner.getByTestId("wb-state")).hasClass(Pattern.compile("on"));
        assertThat(player.p(1)).hasClass(Pattern.compile("gcwork"));
        assertThat(player.p(1)).containsText("GC dedicated");
        player.scrubTo(6); // mark termination
        assertThat(player.heap.banner).hasAttribute("data-phase", "_GCmarktermination");
        assertThat(player.heap.banner.getByTestId("stw")).containsText("mark termination");
        assertThat(page.getByTestId("pictures")).hasClass(Pattern.compile("\\bstw\\b"));
    }

    /** The content of the pictures' ::after: the stop-the-world veil is an empty string's box. */
    private String veil() {
        return (String) page.evaluate("() => getComputedStyle(document.querySelector('[data-testid=pictures]'), '::after').content");
    }
}
