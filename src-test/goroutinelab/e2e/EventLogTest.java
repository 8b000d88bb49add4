package goroutinelab.e2e;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.regex.Pattern;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/** The event log: every event names its runtime function, links to its source, and seeks to its step. */
class EventLogTest extends BrowserTest {

    @Test
    void eachEventNamesItsFunctionAndLinksToTheGoSource() {
        PlayerPage player = open("goroutines-and-run-queues");
        player.next();
        player.next();
        player.next(); // newproc, runqput
        assertThat(player.event(2).locator("a.ev-fn")).hasText("runtime.runqput");
        assertThat(player.event(2).locator("a.ev-fn")).hasAttribute("href",
                Pattern.compile("^https://cs\\.opensource\\.google/search\\?q=func%20runqput&ss=go%2Fgo:src%2Fruntime%2Fproc\\.go$"));
        assertThat(player.event(2)).containsText("G2 goes into P0's runnext");
        assertThat(player.event(2)).hasClass(Pattern.compile("now"));
    }

    @Test
    void clickingAnEventsStepGoesThere() {
        PlayerPage player = open("e2e-work-stealing");
        player.next();
        player.event(3).locator("button.ev-step").click();
        player.waitForStep(3);
        assertThat(player.event(5)).hasClass(Pattern.compile("future"));
    }

    @Test
    void atSixteenStepsASecondTheLogHasEveryLineOfTheRunTheNewestInViewAndTheClockTheLastStep() {
        PlayerPage player = open("e2e-thousand-goroutines");
        player.next();
        player.waitForSettled();
        long from = player.step();
        player.speed.selectOption("16");
        player.playButton.click();
        player.waitForStepAbove(from + 30);
        player.playButton.click();
        player.waitForSettled();
        long to = player.step();
        // the words around the board, drawn a frame after it while events are shown in turn, end on the last step
        assertThat(player.clock).hasText(Pattern.compile("^#" + to + " · "));
        assertThat(player.scrubber).hasValue(Long.toString(to));
        assertThat(page.getByTestId("scrub-label")).hasText("#" + to + " / " + to);
        List<Long> fast = lineSteps(page);
        assertThat(fast).isSorted().doesNotHaveDuplicates();
        assertThat(fast.get(fast.size() - 1)).isEqualTo(shownEvent(page));
        assertThat(player.event(fast.get(fast.size() - 1))).hasClass(Pattern.compile("\\bshown\\b"));
        // the run is deterministic: played again at once ("instant"), the same steps have the same lines
        PlayerPage again = PlayerPage.open(context.newPage(), server.url("/lessons/e2e-thousand-goroutines"));
        again.next();
        again.waitForSettled();
        assertThat(again.step()).isEqualTo(from);
        again.playButton.click();
        again.waitForStepAbove(to);
        again.playButton.click();
        again.waitForSettled();
        List<Long> instant = lineSteps(again.page).stream().filter(s -> s > from && s <= to).toList();
        assertThat(instant).isNotEmpty();
        assertThat(fast.stream().filter(s -> s > from && s <= to).toList()).isEqualTo(instant);
        // the list follows its newest line: scrolled to its end, that line inside the list's box
        page.waitForFunction("() => { const o = document.querySelector('[data-testid=events]'); const lines = o.querySelectorAll('li.ev');"
                + " const last = lines[lines.length - 1].getBoundingClientRect(); const box = o.getBoundingClientRect();"
                + " return o.scrollHeight > o.clientHeight && o.scrollTop + o.clientHeight >= o.scrollHeight - 2"
                + " && last.bottom <= box.bottom + 1 && last.top >= box.top - 1; }");
    }

    @Test
    void theLogKeepsEightyToAHundredLinesAndDropsTheOldestTogether() {
        PlayerPage player = open("e2e-thousand-goroutines");
        player.next();
        player.playButton.click(); // instant: a move's end at once
        player.waitForStepAbove(player.step() + 130);
        player.playButton.click();
        player.waitForSettled();
        List<Long> steps = lineSteps(page);
        assertThat(steps).hasSizeBetween(80, 100).isSorted().doesNotHaveDuplicates();
        assertThat(steps.get(steps.size() - 1)).isEqualTo(shownEvent(page));
        // one step more adds a line, and drops the oldest twenty at once when the list passes a hundred
        int before = steps.size();
        player.stepOnce();
        player.waitForSettled();
        List<Long> after = lineSteps(page);
        assertThat(after).hasSize(before < 100 ? before + 1 : 80).endsWith(shownEvent(page));
        assertThat(after).containsSequence(steps.subList(steps.size() - after.size() + 1, steps.size()));
    }

    /** The step of the event the page shows last. */
    private static long shownEvent(com.microsoft.playwright.Page page) {
        return Long.parseLong(page.locator("body").getAttribute("data-shown-event"));
    }

    /** The steps of the log's lines, in the order the list holds them (top to bottom). */
    private static List<Long> lineSteps(com.microsoft.playwright.Page page) {
        List<?> raw = (List<?>) page.getByTestId("events").locator("li.ev").evaluateAll("els => els.map(e => Number(e.dataset.step))");
        return raw.stream().map(x -> ((Number) x).longValue()).toList();
    }
}
