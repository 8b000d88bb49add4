package goroutinelab.e2e;

import com.microsoft.playwright.options.AriaRole;
import org.junit.jupiter.api.Test;

import java.util.regex.Pattern;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

/** Keyboard-only use, a live region that narrates each step, and controls found by role and name. */
class AccessibilityTest extends BrowserTest {

    @Test
    void aKeyboardOnlyLearnerReachesTheControlsAndPlaysTheLesson() {
        PlayerPage player = open("goroutines-and-run-queues");
        page.keyboard().press("Tab");
        assertThat(page.locator("a.skip")).isFocused();
        page.keyboard().press("Enter"); // skip to the controls
        for (int i = 0; i < 12 && !player.nextButton.evaluate("b => b === document.activeElement").equals(true); i++) {
            page.keyboard().press("Tab");
        }
        assertThat(player.nextButton).isFocused();
        page.keyboard().press("Enter");
        assertThat(player.page.getByTestId("script-pos")).hasText("Step 1 of 9");
        page.keyboard().press("Enter");
        assertThat(player.page.getByTestId("script-pos")).hasText("Step 2 of 9");
    }

    @Test
    void theLiveRegionSaysWhatEachStepDid() {
        PlayerPage player = open("goroutines-and-run-queues");
        assertThat(player.live).hasAttribute("aria-live", "polite");
        player.stepOnce();
        assertThat(player.live).hasText(Pattern.compile("^Step 1\\. G1 runs go worker\\(\\): newproc creates G2"));
        player.stepOnce();
        assertThat(player.live).containsText("runnext");
    }

    @Test
    void controlsHaveRolesAndNames() {
        PlayerPage player = open("goroutines-and-run-queues");
        assertThat(page.getByRole(AriaRole.TOOLBAR)).isVisible();
        assertThat(player.button("Step")).isVisible();
        assertThat(player.button("Back")).isVisible();
        assertThat(player.button("Next")).isVisible();
        assertThat(player.button("Play")).hasAttribute("aria-pressed", "false");
        assertThat(page.getByRole(AriaRole.SLIDER, new com.microsoft.playwright.Page.GetByRoleOptions().setName("Go to step"))).isVisible();
        assertThat(page.getByRole(AriaRole.COMBOBOX, new com.microsoft.playwright.Page.GetByRoleOptions().setName("Speed"))).isVisible();
        assertThat(player.board.root).hasAttribute("role", "img");
    }
}
