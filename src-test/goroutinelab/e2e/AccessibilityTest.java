package goroutinelab.e2e;

import com.microsoft.playwright.options.AriaRole;
import org.junit.jupiter.api.Test;

import com.deque.html.axecore.playwright.AxeBuilder;
import com.deque.html.axecore.results.AxeResults;

import java.util.List;
import java.util.regex.Pattern;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keyboard-only use, a live region that narrates each step, controls found by
 * role and name, a legend, the board in words, the timeline by keyboard, and
 * no serious or critical axe-core finding on the player, catalogue and author pages.
 */
class AccessibilityTest extends BrowserTest {

    /** axe-core's serious and critical findings on the page as it is now, one line each. */
    private List<String> seriousFindings() {
        return seriousFindings(page);
    }

    /** axe-core's serious and critical findings on a page as it is now, one line each. */
    static List<String> seriousFindings(com.microsoft.playwright.Page page) {
        AxeResults r = new AxeBuilder(page).withTags(List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")).analyze();
        return r.getViolations().stream()
                .filter(v -> "serious".equals(v.getImpact()) || "critical".equals(v.getImpact()))
                .map(v -> v.getId() + ": " + v.getHelp() + " " + v.getNodes().stream().limit(3).map(n -> String.valueOf(n.getTarget())).toList())
                .toList();
    }

    @Test
    void axeFindsNothingSeriousOnThePlayerCatalogueAndAuthorPages() {
        for (String path : List.of("/lessons/work-stealing", "/lessons/mark-assists?step=40", "/lessons/interpreter-vs-runtime?lang=zh&step=20",
                "/", "/?lang=zh", "/author")) {
            page.navigate(server.url(path));
            if (path.startsWith("/lessons/")) {
                new PlayerPage(page).waitForLoaded();
                new PlayerPage(page).waitForSettled();
            } else {
                page.waitForLoadState();
            }
            assertThat(seriousFindings()).as(path).isEmpty();
        }
        PlayerPage player = open("goroutines-and-run-queues");
        player.helpButton.click();
        assertThat(seriousFindings()).as("the help dialog with its legend").isEmpty();
    }

    @Test
    void theLegendOpensFromHelpAndFromTheBoardInBothLanguages() {
        PlayerPage player = open("goroutines-and-run-queues");
        page.keyboard().press("?");
        assertThat(page.getByTestId("legend")).isVisible();
        assertThat(page.getByTestId("legend")).containsText("runnable, in a run queue");
        assertThat(page.getByTestId("legend")).containsText("preemption requested");
        assertThat(page.getByTestId("legend")).containsText("what the narration points at");
        page.keyboard().press("Escape");
        assertThat(player.help).isHidden();
        assertThat(player.helpButton).isFocused();
        page.keyboard().press("g");
        assertThat(page.getByTestId("board-legend")).isVisible();
        player.screenshot("legend-on-board");
        page.getByTestId("legend-close").click();
        assertThat(page.getByTestId("board-legend")).isHidden();
        player.langSwitch.click();
        page.keyboard().press("?");
        assertThat(page.getByTestId("legend")).containsText("可运行，在运行队列中");
    }

    @Test
    void theBoardIsAlsoTextForScreenReaders() {
        PlayerPage player = open("goroutines-and-run-queues", "step=4");
        player.waitForSettled();
        assertThat(page.getByTestId("board")).hasAttribute("aria-describedby", "board-text");
        assertThat(page.getByTestId("board-text")).containsText("P0 (_Prunning, M0 running G1)");
        assertThat(page.getByTestId("board-text")).containsText("G2");
    }

    @Test
    void theTimelineSeeksFromTheKeyboard() {
        PlayerPage player = open("goroutines-and-run-queues");
        for (int i = 0; i < 4; i++) {
            player.next();
        }
        player.waitForSettled();
        long at = player.step();
        player.timeline.root.focus();
        page.keyboard().press("Home");
        assertThat(page.getByTestId("timeline-marker")).hasCount(1);
        page.keyboard().press("Enter");
        page.waitForCondition(() -> player.step() < at);
    }

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
