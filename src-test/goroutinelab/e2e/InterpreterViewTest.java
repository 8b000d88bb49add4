package goroutinelab.e2e;

import org.junit.jupiter.api.Test;

import java.util.regex.Pattern;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

/**
 * Compare mode: the Go board and the interpreter board side by side on one
 * clock; the GIL moves between thread lanes, the eval breaker goes up and
 * down (fixtures/compare.json).
 */
class InterpreterViewTest extends BrowserTest {

    @Test
    void bothBoardsShowAndTheGilMovesBetweenThreads() {
        PlayerPage player = openFixture(FakeLab.fixture("compare.json"));
        assertThat(page.locator("body")).hasAttribute("data-model", "compare");
        assertThat(player.board.root).isVisible();
        assertThat(player.interpreter.root).isVisible();
        assertThat(player.goroutine(2)).hasAttribute("data-status", "_Grunning");
        assertThat(player.interpreter.gil).hasAttribute("data-holder", "1");
        assertThat(player.interpreter.thread(1)).hasAttribute("data-holds-gil", "true");
        assertThat(player.interpreter.thread(2)).hasAttribute("data-state", "waiting-gil");
        assertThat(player.interpreter.gil).hasClass(Pattern.compile("focus"));
        assertThat(player.p(1)).hasClass(Pattern.compile("focus"));
        String at = player.interpreter.gil.getAttribute("transform");
        player.stepOnce(); // Thread-1 asks for the GIL: drop request, eval breaker
        assertThat(player.interpreter.dropRequest).hasAttribute("data-on", "true");
        assertThat(player.interpreter.evalBreaker).hasAttribute("data-on", "true");
        player.stepOnce(); // the GIL moves to Thread-1
        assertThat(player.interpreter.gil).hasAttribute("data-holder", "2");
        assertThat(player.interpreter.thread(2)).hasAttribute("data-holds-gil", "true");
        assertThat(player.interpreter.gil).not().hasAttribute("transform", at);
        assertThat(player.interpreter.evalBreaker).hasAttribute("data-on", "false");
        player.screenshot("compare-gil");
    }

    @Test
    void aSignalWaitsForTheMainThreadBetweenBytecodes() {
        PlayerPage player = openFixture(FakeLab.fixture("compare.json"));
        player.scrubTo(2);
        player.stepOnce(); // trip_signal: flag and eval breaker
        assertThat(player.interpreter.root.getByTestId("py-pending-SIGUSR1")).isVisible();
        assertThat(player.signals.station("trip")).hasAttribute("data-lit", "true");
        assertThat(player.signals.station("pyhandler")).containsText("USR1: on_usr1");
        player.stepOnce(); // the main thread takes the GIL back and sees the breaker
        assertThat(player.signals.station("breaker")).hasAttribute("data-lit", "true");
        player.stepOnce(); // run_signal_handlers
        assertThat(player.signals.station("pyhandler")).hasAttribute("data-lit", "true");
        assertThat(player.interpreter.root.getByTestId("py-pending-SIGUSR1")).hasCount(0);
        player.screenshot("compare-signal");
    }

    @Test
    void theCompareLessonRunsBothModelsOnOneClock() {
        PlayerPage player = open("interpreter-vs-runtime");
        assertThat(page.locator("body")).hasAttribute("data-model", "compare");
        player.next();
        assertThat(player.board.root).isVisible();
        assertThat(player.interpreter.thread(1)).hasAttribute("data-state", Pattern.compile("running|waiting-gil|blocked"));
        assertThat(player.interpreter.gil).hasAttribute("data-holder", Pattern.compile("\\d+"));
        assertThat(player.timeline.lane("T1")).isVisible();
        assertThat(player.timeline.lane("P0")).isVisible();
        player.screenshot("compare-engine");
    }

    @Test
    void theGilMovesBetweenThreadsInTheInterpreterLesson() {
        PlayerPage player = open("signals-in-the-interpreter");
        java.util.Set<String> holders = new java.util.HashSet<>();
        for (int i = 0; i < 40 && holders.size() < 2 && player.stepButton.isEnabled(); i++) {
            player.stepOnce();
            String h = player.interpreter.gil.getAttribute("data-holder");
            if (h != null && !h.isEmpty()) {
                holders.add(h);
            }
        }
        org.assertj.core.api.Assertions.assertThat(holders).as("threads that held the GIL").hasSizeGreaterThanOrEqualTo(2);
        assertThat(page.locator("body")).hasAttribute("data-model", "cpython");
        assertThat(player.board.root).isHidden();
    }
}
