package goroutinelab.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.regex.Pattern;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/** The player's controls: play and pause, speed, the scrubber, back and reset, the learner's injections and switches. */
class ControlsTest extends BrowserTest {

    @Test
    void playAdvancesStepByStepUntilPaused() {
        PlayerPage player = open("e2e-work-stealing");
        player.speed.selectOption("16");
        player.playButton.click();
        assertThat(player.playButton).hasAttribute("aria-pressed", "true");
        assertThat(player.playButton).hasText("Pause");
        player.waitForStepAbove(5);
        player.playButton.click();
        assertThat(player.playButton).hasAttribute("aria-pressed", "false");
        assertThat(player.playButton).hasText("Play");
        player.waitForSettled();
        long at = player.step();
        player.stepOnce();
        assertThat(player.step()).isEqualTo(at + 1);
    }

    @Test
    void playPacesEachStepFromWhenItWasAskedNotFromWhenItsEventsEnded() {
        open("e2e-work-stealing");
        @SuppressWarnings("unchecked")
        java.util.List<Number> waits = (java.util.List<Number>) page.evaluate("""
                async () => {
                  const c = await import('/static/js/controls.js');
                  // 16x: a step shown at once waits out its 62.5 ms; one whose event took 65 ms on screen goes on at once
                  return [c.waitBeforeNextStep(16, 0), c.waitBeforeNextStep(16, 65), c.waitBeforeNextStep(4, 100),
                          c.waitBeforeNextStep(4, 300), c.waitBeforeNextStep(0, 20)];
                }""");
        assertThat(waits.stream().map(Number::intValue).toList()).containsExactly(63, 0, 150, 0, 43);
    }

    @Test
    void playStopsByItselfAtTheEndOfTheRun() {
        PlayerPage player = open("e2e-preempt-loop");
        player.speed.selectOption("64");
        player.playButton.click();
        assertThat(player.clock).containsText("process exited");
        assertThat(player.playButton).hasAttribute("aria-pressed", "false");
        assertThat(player.stepButton).isDisabled();
    }

    @Test
    void theScrubberSeeksAnywhereInTheRunSeenSoFar() {
        PlayerPage player = open("e2e-work-stealing");
        player.next();
        long end = player.step();
        assertThat(player.scrubber).hasAttribute("max", Long.toString(end));
        player.scrubTo(3);
        assertThat(player.scrubber).hasAttribute("max", Long.toString(end));
        assertThat(player.goroutine(2)).hasAttribute("data-where", "P0.runnext");
        page.keyboard().press("End"); // the furthest step seen
        player.waitForStep(end);
    }

    @Test
    void backIsDisabledAtTheStartAndResetReturnsThere() {
        PlayerPage player = open("e2e-work-stealing");
        assertThat(player.backButton).isDisabled();
        player.stepOnce();
        player.stepOnce();
        assertThat(player.backButton).isEnabled();
        player.resetButton.click();
        player.waitForStep(0);
        assertThat(player.backButton).isDisabled();
    }

    @Test
    void theKeyboardDrivesEverything() {
        PlayerPage player = open("e2e-work-stealing");
        page.keyboard().press("ArrowRight");
        player.waitForStep(1);
        page.keyboard().press("ArrowRight");
        player.waitForStep(2);
        page.keyboard().press("ArrowLeft");
        player.waitForStep(1);
        page.keyboard().press("n");
        player.waitForStepAbove(2);
        page.keyboard().press("Home");
        player.waitForStep(0);
        player.speed.selectOption("4");
        page.keyboard().press("+");
        assertThat(player.speed).hasValue("8");
        page.keyboard().press("k");
        assertThat(player.playButton).hasAttribute("aria-pressed", "true");
        page.keyboard().press("k");
        assertThat(player.playButton).hasAttribute("aria-pressed", "false");
    }

    @Test
    void questionMarkOpensTheShortcutHelpAndEscapeClosesIt() {
        PlayerPage player = open("e2e-work-stealing");
        page.keyboard().press("?");
        assertThat(player.help).isVisible();
        assertThat(player.help.getByRole(com.microsoft.playwright.options.AriaRole.DIALOG)).hasCount(0);
        assertThat(page.getByRole(com.microsoft.playwright.options.AriaRole.DIALOG)).containsText("furthest step seen");
        assertThat(page.getByTestId("close-help")).isFocused();
        page.keyboard().press("ArrowRight"); // keys do not reach the player while the help is open
        page.keyboard().press("Escape");
        assertThat(player.help).isHidden();
        assertThat(player.step()).isEqualTo(0);
        player.helpButton.click();
        assertThat(player.help).isVisible();
        player.screenshot("controls-help");
        page.getByTestId("close-help").click();
        assertThat(player.help).isHidden();
    }

    @Test
    void theLearnersInjectionsAreSentAsProtocolMessages() {
        FakeLab lab = FakeLab.fixture("signals.json");
        PlayerPage player = openFixture(lab);
        player.tryIt.locator("summary").click();
        player.injectSignal.click();
        player.injectGc.click();
        player.goFunction.selectOption("waiter");
        player.injectGo.click();
        player.asyncSwitch.uncheck();
        page.waitForCondition(() -> lab.received.size() >= 5);
        assertThat(lab.received.stream().map(JsonNode::toString))
                .contains("{\"op\":\"inject\",\"signal\":\"SIGUSR1\"}", "{\"op\":\"inject\",\"gc\":true}",
                        "{\"op\":\"inject\",\"go\":\"waiter\"}", "{\"op\":\"set\",\"asyncPreemption\":false}");
    }

    @Test
    void anInjectionChangesTheRunAndTheLinkRemembersIt() {
        PlayerPage player = open("e2e-signal-notify");
        player.next();
        player.tryIt.locator("summary").click();
        player.injectSignal.click();
        assertThat(page).hasURL(Pattern.compile("h=[^&]*SIGUSR1"));
        // step until the kernel delivers it: the signal path lights up
        for (int i = 0; i < 30 && !"true".equals(player.signals.station("kernel").getAttribute("data-lit")); i++) {
            player.stepOnce();
        }
        assertThat(player.signals.station("kernel")).hasAttribute("data-lit", "true");
        // a switch is flipped where the learner is: the run goes on from there, with both changes in its link
        long at = player.step();
        player.asyncSwitch.uncheck();
        assertThat(page).hasURL(Pattern.compile("h=[^&]*SIGUSR1[^&]*a%3A0"));
        player.waitForStep(at);
        assertThat(player.asyncSwitch).not().isChecked();
    }
}
