package goroutinelab.e2e;

import com.microsoft.playwright.Browser;
import org.junit.jupiter.api.Test;

import goroutinelab.lesson.Lesson;
import goroutinelab.lesson.LessonLoader;
import goroutinelab.lesson.ScriptMap;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each event in its turn: a Next that has several events shows them one after
 * another, each with its event-log row lit, so the goroutines it moves move at
 * distinct times, in the order of their events; S finishes the animation.
 */
class SequencedEventsTest extends BrowserTest {

    @Override
    boolean animated() {
        return true;
    }

    @Override
    Browser.NewContextOptions contextOptions() {
        // motion as a learner has it by default
        return new Browser.NewContextOptions().setViewportSize(1400, 900);
    }

    /** Records, with the page's clock, each event shown and each goroutine's change of place. */
    private static final String RECORDER = """
            () => {
              window.__seen = [];
              const t0 = performance.now();
              new MutationObserver((list) => {
                for (const m of list) {
                  const el = m.target;
                  if (el === document.body && m.attributeName === 'data-shown-event' && el.dataset.shownEvent) {
                    window.__seen.push({ what: 'event', step: Number(el.dataset.shownEvent), at: performance.now() - t0 });
                  } else if (m.attributeName === 'data-where' && el.dataset.testid?.startsWith('g-')) {
                    window.__seen.push({ what: 'move', g: el.dataset.testid, where: el.dataset.where, at: performance.now() - t0 });
                  }
                }
              }).observe(document.body, { attributes: true, subtree: true, attributeFilter: ['data-shown-event', 'data-where'] });
            }""";

    /** Opens work-stealing where its sixth script step starts: M2 steals, wakes M3, and M3 steals. */
    private PlayerPage beforeTheStealingChain(String speed) throws Exception {
        Lesson l = LessonLoader.load(Path.of("lessons/work-stealing.yaml"));
        long start = new ScriptMap(l, Long.MAX_VALUE).span(6).start();
        PlayerPage player = open("work-stealing", "step=" + start);
        player.waitForStep(start);
        player.speed.selectOption(speed);
        return player;
    }

    @Test
    @SuppressWarnings("unchecked")
    void aNextWithSeveralEventsMovesItsGoroutinesOneAfterAnotherInEventOrder() throws Exception {
        PlayerPage player = beforeTheStealingChain("4");
        page.evaluate(RECORDER);
        player.next();
        player.waitForSettled();
        List<Map<String, Object>> seen = (List<Map<String, Object>>) page.evaluate("() => window.__seen");
        List<Double> eventTimes = new ArrayList<>();
        List<Integer> eventSteps = new ArrayList<>();
        List<Double> moveTimes = new ArrayList<>();
        for (Map<String, Object> s : seen) {
            double at = ((Number) s.get("at")).doubleValue();
            if ("event".equals(s.get("what"))) {
                eventSteps.add(((Number) s.get("step")).intValue());
                eventTimes.add(at);
            } else {
                moveTimes.add(at);
            }
        }
        assertThat(eventSteps).as("the events shown one at a time").hasSizeGreaterThanOrEqualTo(3).isSorted();
        for (int i = 1; i < eventTimes.size(); i++) {
            assertThat(eventTimes.get(i) - eventTimes.get(i - 1)).as("each event has its own time on screen").isGreaterThan(100);
        }
        long distinctMoveMoments = moveTimes.stream().map(t -> Math.round(t / 100)).distinct().count();
        assertThat(distinctMoveMoments).as("goroutines move at distinct moments, not all at once").isGreaterThanOrEqualTo(2);
        player.screenshot("sequenced-events-end");
    }

    @Test
    void sFinishesTheAnimationAtOnce() throws Exception {
        PlayerPage player = beforeTheStealingChain("1");
        player.nextButton.click();
        assertThat(page.locator("body")).hasAttribute("data-animating", "true");
        page.keyboard().press("s");
        assertThat(page.locator("body")).hasAttribute("data-animating", "false");
        assertThat(page.locator("body")).hasAttribute("data-pending", "0");
    }

    @Test
    void theEventShownIsLitInTheLog() throws Exception {
        PlayerPage player = beforeTheStealingChain("1");
        player.nextButton.click();
        assertThat(page.locator(".events li.shown")).hasCount(1);
        String step = page.locator(".events li.shown").getAttribute("data-step");
        assertThat(page.locator("body")).hasAttribute("data-shown-event", step);
        page.keyboard().press("s");
    }
}
