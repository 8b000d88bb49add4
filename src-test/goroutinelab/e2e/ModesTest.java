package goroutinelab.e2e;

import org.junit.jupiter.api.Test;

import java.util.regex.Pattern;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

/** Projector mode (large type, controls out of the way) and embed mode (the player alone, for an iframe). */
class ModesTest extends BrowserTest {

    @Test
    void projectorModeFromTheLinkOrTheKey() {
        PlayerPage player = open("e2e-work-stealing", "projector=1");
        assertThat(page.locator("body")).hasClass(Pattern.compile("projector"));
        assertThat(player.events).isHidden();
        player.next();
        player.next();
        player.screenshot("mode-projector");
        page.keyboard().press("p");
        assertThat(page.locator("body")).not().hasClass(Pattern.compile("projector"));
        assertThat(page).not().hasURL(Pattern.compile("projector=1"));
        assertThat(player.events).isVisible();
        player.projectorButton.click();
        assertThat(page.locator("body")).hasClass(Pattern.compile("projector"));
        assertThat(page).hasURL(Pattern.compile("projector=1"));
    }

    @Test
    void embedModeShowsThePlayerAlone() {
        PlayerPage player = open("e2e-work-stealing", "embed=1");
        assertThat(page.locator("header.topbar")).isHidden();
        assertThat(player.events).isHidden();
        assertThat(player.board.root).isVisible();
        assertThat(player.nextButton).isVisible();
        player.screenshot("mode-embed");
    }
}
