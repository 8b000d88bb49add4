package goroutinelab.e2e;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.BoundingBox;
import com.microsoft.playwright.options.ReducedMotion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The picture fits the screen it is used on: at a projector's 1280x720 and a
 * laptop's 1366x768 the narration, the controls, the board and (in a GC lesson)
 * the heap are all on screen without scrolling; projector mode draws the board's
 * labels at 18px or more; on a phone no picture scrolls sideways (each fits its
 * pane's width, the board laid out narrow) and the board's text stays at 8px or
 * more; beside the interpreter at 1280x720 the Go board is drawn large, on the
 * left. Screenshots of three lessons at the three sizes are saved.
 */
class LayoutTest extends BrowserTest {

    private Page at(int width, int height) {
        context.close();
        context = browser.newContext(new Browser.NewContextOptions().setViewportSize(width, height).setReducedMotion(ReducedMotion.REDUCE));
        context.addInitScript("try { localStorage.setItem('goroutine-lab.speed', '0'); } catch (e) {}");
        page = context.newPage();
        return page;
    }

    private static void inViewport(Page page, Locator l, String what) {
        BoundingBox b = l.boundingBox();
        assertThat(b).as(what + " is drawn").isNotNull();
        var size = page.viewportSize();
        assertThat(b.x).as(what + " left").isGreaterThanOrEqualTo(-1);
        assertThat(b.y).as(what + " top").isGreaterThanOrEqualTo(-1);
        assertThat(b.x + b.width).as(what + " right").isLessThanOrEqualTo(size.width + 1);
        assertThat(b.y + b.height).as(what + " bottom").isLessThanOrEqualTo(size.height + 1);
    }

    /** The smallest text on the board as drawn on screen, in CSS pixels. */
    private static double smallestBoardText(Page page) {
        return smallestText(page, "board");
    }

    /** The smallest text of a picture as drawn on screen, in CSS pixels (the drawing scaled to meet its box). */
    private static double smallestText(Page page, String testid) {
        return ((Number) page.evaluate("""
                (id) => {
                  const svg = document.querySelector(`[data-testid="${id}"]`);
                  const box = svg.getBoundingClientRect();
                  const vb = svg.viewBox.baseVal;
                  const scale = Math.min(box.width / vb.width, box.height / vb.height);
                  let min = Infinity;
                  for (const t of svg.querySelectorAll('text')) {
                    if (!t.textContent.trim() || t.getBoundingClientRect().width === 0) continue;
                    min = Math.min(min, parseFloat(getComputedStyle(t).fontSize) * scale);
                  }
                  return min;
                }""", testid)).doubleValue();
    }

    /** A picture's drawing scale on screen: its box over its viewBox, the smaller of the two ratios. */
    private static double drawnScale(Page page, String testid) {
        return ((Number) page.evaluate("""
                (id) => {
                  const svg = document.querySelector(`[data-testid="${id}"]`);
                  const box = svg.getBoundingClientRect();
                  const vb = svg.viewBox.baseVal;
                  return vb.width ? Math.min(box.width / vb.width, box.height / vb.height) : 0;
                }""", testid)).doubleValue();
    }

    /** The panes and frames on the page that can be scrolled sideways (their content wider than they are). */
    private static String sidewaysScrollers(Page page) {
        return (String) page.evaluate("""
                () => [...document.querySelectorAll('.board-pane, .heap-wrap, .signals-wrap, .pictures .frame')]
                  .filter((e) => e.getClientRects().length && e.scrollWidth > e.clientWidth + 1)
                  .map((e) => `${e.className} ${e.scrollWidth}>${e.clientWidth}`).join('; ')""");
    }

    @ParameterizedTest
    @CsvSource({"1280,720", "1366,768"})
    void narrationControlsBoardAndHeapAreAllOnScreenWithoutScrolling(int width, int height) {
        at(width, height);
        PlayerPage player = PlayerPage.open(page, server.url("/lessons/tricolor-marking?step=30"));
        player.next();
        player.waitForSettled();
        assertThat(page.getByTestId("heap-wrap")).isVisible();
        inViewport(page, page.getByTestId("narration"), "the narration");
        inViewport(page, player.nextButton, "Next");
        inViewport(page, player.stepButton, "Step");
        inViewport(page, page.getByTestId("board"), "the board");
        inViewport(page, page.getByTestId("heap"), "the heap");
        assertThat(((Number) page.evaluate("() => document.scrollingElement.scrollHeight - innerHeight")).intValue())
                .as("the page does not scroll").isLessThanOrEqualTo(0);
    }

    @ParameterizedTest
    @CsvSource({"1280,720", "1366,768"})
    void withTheRealRunOpenTheNarrationControlsBoardAndHeapStayOnScreen(int width, int height) {
        at(width, height);
        context.addInitScript("try { localStorage.setItem('goroutine-lab.realRun', '1'); } catch (e) {}");
        PlayerPage player = PlayerPage.open(page, server.url("/lessons/tricolor-marking?step=30"));
        player.next();
        player.waitForSettled();
        player.real.waitForRun();
        assertThat(page.getByTestId("heap-wrap")).isVisible();
        inViewport(page, page.getByTestId("narration"), "the narration");
        inViewport(page, player.nextButton, "Next");
        inViewport(page, player.stepButton, "Step");
        inViewport(page, page.getByTestId("board"), "the board");
        inViewport(page, page.getByTestId("heap"), "the heap");
        inViewport(page, player.real.toggle, "the real run's toggle");
        assertThat(player.real.root.boundingBox().y).as("the real run starts on screen").isLessThan(height - 20);
        assertThat(((Number) page.evaluate("() => document.scrollingElement.scrollHeight - innerHeight")).intValue())
                .as("the page does not scroll").isLessThanOrEqualTo(0);
    }

    @Test
    void onAPhoneTheRealRunScrollsInItsOwnFrame() {
        at(390, 844);
        context.addInitScript("try { localStorage.setItem('goroutine-lab.realRun', '1'); } catch (e) {}");
        PlayerPage player = PlayerPage.open(page, server.url("/lessons/stop-the-world?step=20"));
        player.waitForSettled();
        player.real.waitForRun();
        assertThat(((Number) page.evaluate("() => document.scrollingElement.scrollWidth - innerWidth")).intValue())
                .as("no sideways scrolling of the page").isLessThanOrEqualTo(0);
        assertThat(((Boolean) page.evaluate("""
                () => { const f = document.querySelector('.real-frame'); return f.scrollWidth > f.clientWidth
                          && getComputedStyle(f).overflowX === 'auto'; }"""))).as("the real run scrolls sideways in its frame").isTrue();
    }

    @Test
    void screenshotsOfTheRealRunAtTheSizesItIsUsedAt() {
        int[][] sizes = {{1280, 720}, {1366, 768}, {390, 844}};
        String[][] lessons = {{"syscalls-and-handoff", "step=40"}, {"mark-assists", "step=40"}, {"sigusr1", "step=30"}};
        for (int[] size : sizes) {
            at(size[0], size[1]);
            context.addInitScript("try { localStorage.setItem('goroutine-lab.realRun', '1'); } catch (e) {}");
            for (String[] l : lessons) {
                PlayerPage player = PlayerPage.open(page, server.url("/lessons/" + l[0] + "?" + l[1]));
                player.waitForSettled();
                player.real.waitForRun();
                player.real.scaleWhole.click();
                player.real.clickAt(0.3);
                assertThat(player.real.near).isVisible();
                page.screenshot(new Page.ScreenshotOptions().setFullPage(size[0] < 900)
                        .setPath(Path.of("target", "screenshots", "real-" + l[0] + "-" + size[0] + "x" + size[1] + ".png")));
            }
        }
    }

    @Test
    void projectorModeDrawsTheBoardsLabelsAtEighteenPixelsOrMore() {
        at(1280, 720);
        for (String lesson : new String[]{"work-stealing", "syscalls-and-handoff", "mark-assists"}) {
            PlayerPage player = PlayerPage.open(page, server.url("/lessons/" + lesson + "?projector=1&step=12"));
            assertThat(page.locator("body")).hasClass(java.util.regex.Pattern.compile("projector"));
            player.waitForSettled();
            page.waitForCondition(() -> smallestBoardText(page) > 0);
            assertThat(smallestBoardText(page)).as(lesson + ": the board's smallest label in projector mode").isGreaterThanOrEqualTo(18.0);
            inViewport(page, page.getByTestId("narration"), lesson + ": the narration");
        }
    }

    @Test
    void onAPhoneNoPaneScrollsSidewaysAndTheBoardsTextStaysReadable() {
        at(390, 844);
        for (String lesson : new String[]{"work-stealing", "tricolor-marking", "mark-assists", "interpreter-vs-runtime", "sigusr1"}) {
            PlayerPage player = PlayerPage.open(page, server.url("/lessons/" + lesson + "?step=30"));
            player.waitForSettled();
            assertThat(page.getByTestId("board")).isVisible();
            // the board lays itself out narrow: two Ps to a row at most
            page.waitForCondition(() -> "1".equals(page.getByTestId("board").getAttribute("data-per-row"))
                    || "2".equals(page.getByTestId("board").getAttribute("data-per-row")));
            assertThat(((Number) page.evaluate("() => document.scrollingElement.scrollWidth - innerWidth")).intValue())
                    .as(lesson + ": no sideways scrolling of the page").isLessThanOrEqualTo(0);
            assertThat(sidewaysScrollers(page)).as(lesson + ": no picture scrolls sideways in its pane").isEmpty();
            assertThat(smallestBoardText(page)).as(lesson + ": the board's smallest text on a phone").isGreaterThanOrEqualTo(8.0);
        }
    }

    @Test
    void onAPhoneTheCollectorsHeapFitsItsPane() {
        at(390, 844);
        PlayerPage player = PlayerPage.open(page, server.url("/lessons/tricolor-marking?step=30"));
        player.waitForSettled();
        assertThat(page.getByTestId("heap-wrap")).isVisible();
        Locator heap = page.getByTestId("heap");
        Locator pane = page.getByTestId("heap-wrap");
        page.waitForCondition(() -> heap.boundingBox() != null && heap.boundingBox().width > 0);
        assertThat(heap.boundingBox().x + heap.boundingBox().width).as("the heap's right edge is inside its pane")
                .isLessThanOrEqualTo(pane.boundingBox().x + pane.boundingBox().width + 1);
        assertThat(sidewaysScrollers(page)).as("no picture scrolls sideways in its pane").isEmpty();
        assertThat(smallestText(page, "heap")).as("the heap's smallest text on a phone").isGreaterThanOrEqualTo(6.0);
    }

    @Test
    void inProjectorModeGoroutineIdsAndPStatusesStayInsideTheirShapes() {
        at(1280, 720);
        // step 41: four-digit GC workers on Ps and Ms, a P whose status names its worker's mode
        PlayerPage player = PlayerPage.open(page, server.url("/lessons/gc-pacing?projector=1&step=41"));
        player.waitForSettled();
        page.waitForCondition(() -> page.locator("[data-testid=board] g.g text.g-id").count() > 0);
        String outside = (String) page.evaluate("""
                () => {
                  const board = document.querySelector('[data-testid="board"]');
                  const out = [];
                  for (const g of board.querySelectorAll('g.g')) {
                    const shape = g.querySelector('path.g-shape').getBoundingClientRect();
                    const id = g.querySelector('text.g-id').getBoundingClientRect();
                    if (id.width && (id.left < shape.left - 1 || id.right > shape.right + 1)) out.push('G' + g.querySelector('text.g-id').textContent);
                  }
                  for (const p of board.querySelectorAll('g.p')) {
                    const pid = p.dataset.testid.slice(2);
                    const status = p.querySelector('text.p-status').getBoundingClientRect();
                    const runnext = board.querySelector(`[data-testid="runnext-${pid}"]`)?.getBoundingClientRect();
                    if (runnext && status.right > runnext.left + 1) out.push('P' + pid + ': ' + p.querySelector('text.p-status').textContent);
                  }
                  return out.join(' | ');
                }""");
        assertThat(page.locator("[data-testid=board] text.p-status").allTextContents())
                .as("a P running a GC worker says so").anyMatch((t) -> t.contains("GC"));
        assertThat(outside).as("ids wider than their goroutine, P statuses running under runnext").isEmpty();
        assertThat(smallestBoardText(page)).as("the board's smallest label in projector mode").isGreaterThanOrEqualTo(18.0);
    }

    @Test
    void onAPhoneFourDigitGoroutinesInAWaitingLaneKeepApart() {
        at(390, 844);
        // step 22: the three idle GC workers (G1002 to G1004) wait side by side in one lane
        PlayerPage player = PlayerPage.open(page, server.url("/lessons/gc-pacing?step=22"));
        player.waitForSettled();
        page.waitForCondition(() -> page.locator("[data-testid=board] g.g[data-where=waiting]").count() >= 3);
        String crowded = (String) page.evaluate("""
                () => {
                  const shapes = [...document.querySelectorAll('[data-testid="board"] g.g[data-where="waiting"]')]
                    .map((g) => ({ id: g.dataset.testid, box: g.querySelector('path.g-shape').getBoundingClientRect() }))
                    .filter((s) => s.box.width > 0)
                    .sort((a, b) => a.box.left - b.box.left);
                  const out = [];
                  for (let i = 1; i < shapes.length; i++) {
                    const a = shapes[i - 1].box, b = shapes[i].box;
                    // neighbours on one line: at least 2 px of board between their outlines
                    if (Math.abs(a.top - b.top) < 2 && b.left - a.right < 2) out.push(shapes[i - 1].id + '/' + shapes[i].id);
                  }
                  return out.join(' | ');
                }""");
        assertThat(page.locator("[data-testid=board] g.g[data-where=waiting] text.g-id").allTextContents())
                .as("four-digit goroutines wait in a lane").anyMatch((t) -> t.length() == 4);
        assertThat(crowded).as("neighbouring goroutines in a waiting lane touching or overlapping").isEmpty();
    }

    @Test
    void atAProjectorsSizeTheHeapsStackHeadersEndBeforeTheObjects() {
        at(1280, 720);
        // step 86: marking, G9's and G10's stacks not scanned yet, so their headers carry the longest words
        PlayerPage player = PlayerPage.open(page, server.url("/lessons/safe-points?step=86"));
        player.waitForSettled();
        page.waitForCondition(() -> page.locator("[data-testid=heap] .root.header text").count() > 0);
        String overlaps = (String) page.evaluate("""
                () => {
                  const svg = document.querySelector('[data-testid="heap"]');
                  const objects = [...svg.querySelectorAll('rect.o-box')].map((o) => o.getBoundingClientRect())
                    .filter((b) => b.width > 0);
                  const left = Math.min(...objects.map((b) => b.left));
                  return [...svg.querySelectorAll('.root.header text')]
                    .filter((t) => t.getBoundingClientRect().right > left)
                    .map((t) => t.textContent).join(' | ');
                }""");
        assertThat(page.locator("[data-testid=heap] .root.header text").allTextContents())
                .as("a stack not scanned yet says so").anyMatch((t) -> t.contains("not scanned"));
        assertThat(overlaps).as("root headers running into the objects' column").isEmpty();
    }

    @Test
    void onAPhoneTheEventLogShowsSeveralLines() {
        at(390, 844);
        PlayerPage player = PlayerPage.open(page, server.url("/lessons/goroutines-and-run-queues"));
        player.waitForSettled();
        for (int i = 0; i < 6; i++) {
            player.stepOnce(); // one event each in the first lesson
        }
        Locator events = page.getByTestId("events");
        page.waitForCondition(() -> events.locator("li[data-testid^=event-]").count() >= 4);
        double shown = ((Number) page.evaluate("""
                () => {
                  const list = document.querySelector('[data-testid="events"]').getBoundingClientRect();
                  return [...document.querySelectorAll('[data-testid="events"] li[data-testid^="event-"]')]
                    .filter((li) => { const b = li.getBoundingClientRect(); return b.top >= list.top - 1 && b.bottom <= list.bottom + 1; }).length;
                }""")).doubleValue();
        assertThat(shown).as("event lines wholly in view in the log on a phone").isGreaterThanOrEqualTo(4);
    }

    @Test
    void onAPhoneTheSignalsPathsWrapOntoTwoLines() {
        at(390, 844);
        PlayerPage player = PlayerPage.open(page, server.url("/lessons/sigusr1?step=30"));
        player.waitForSettled();
        Locator kernel = page.getByTestId("sig-kernel");
        Locator loop = page.getByTestId("sig-loop");
        assertThat(loop).isVisible();
        assertThat(loop.boundingBox().y).as("the fourth station stands on a line under the first")
                .isGreaterThan(kernel.boundingBox().y + kernel.boundingBox().height);
        assertThat(sidewaysScrollers(page)).as("no picture scrolls sideways in its pane").isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"1280,720", "1400,900"})
    void besideTheInterpreterTheGoBoardIsDrawnLargeOnTheLeft(int width, int height) {
        at(width, height);
        PlayerPage player = PlayerPage.open(page, server.url("/lessons/interpreter-vs-runtime?step=60"));
        player.waitForSettled();
        Locator go = page.getByTestId("board");
        Locator py = page.getByTestId("interpreter");
        assertThat(py).isVisible();
        // the player places the pictures once it knows their shapes: awaited, not slept
        page.waitForCondition(() -> drawnScale(page, "board") >= 0.5);
        assertThat(go.boundingBox().width).as("the Go board's width").isGreaterThanOrEqualTo(430);
        assertThat(go.boundingBox().x + go.boundingBox().width).as("Go on the left of the interpreter")
                .isLessThanOrEqualTo(py.boundingBox().x + 1);
        assertThat(smallestBoardText(page)).as("the Go board's smallest text").isGreaterThanOrEqualTo(4.5);
        assertThat(sidewaysScrollers(page)).as("no picture scrolls sideways in its pane").isEmpty();
        inViewport(page, py, "the interpreter");
        inViewport(page, page.getByTestId("signals"), "the signals");
    }

    @Test
    void onADesktopEachPicturesSvgHasItsFramesSizeInPixels() {
        at(1400, 1000);
        PlayerPage player = PlayerPage.open(page, server.url("/lessons/mark-assists?step=30"));
        player.waitForSettled();
        // a percentage-sized svg is laid out whole again on every frame that lays out the page (docs/performance.md)
        for (String id : new String[]{"board", "heap", "signals"}) {
            page.waitForCondition(() -> (Boolean) page.evaluate("""
                    (id) => { const svg = document.querySelector(`[data-testid="${id}"]`); const f = svg.parentElement;
                      const b = f.getBoundingClientRect();
                      return svg.style.width === `${Math.floor(b.width)}px` && svg.style.height === `${Math.floor(b.height)}px`; }""", id));
        }
        page.getByTestId("projector-button").click();
        // on a projector the pictures take their own height again: the style sheet's sizes
        page.waitForCondition(() -> "".equals(page.evaluate("() => document.querySelector('[data-testid=\"board\"]').style.width")));
    }

    @Test
    void screenshotsOfThreeLessonsAtTheSizesTheyAreUsedAt() {
        int[][] sizes = {{1280, 720}, {1366, 768}, {390, 844}};
        String[][] lessons = {{"work-stealing", "step=40"}, {"mark-assists", "step=40"}, {"interpreter-vs-runtime", "step=60"}};
        for (int[] size : sizes) {
            at(size[0], size[1]);
            for (String[] l : lessons) {
                PlayerPage player = PlayerPage.open(page, server.url("/lessons/" + l[0] + "?" + l[1]));
                player.waitForSettled();
                page.screenshot(new Page.ScreenshotOptions()
                        .setPath(Path.of("target", "screenshots", "layout-" + l[0] + "-" + size[0] + "x" + size[1] + ".png")));
                PlayerPage.open(page, server.url("/lessons/" + l[0] + "?projector=1&" + l[1])).waitForSettled();
                page.screenshot(new Page.ScreenshotOptions()
                        .setPath(Path.of("target", "screenshots", "layout-" + l[0] + "-" + size[0] + "x" + size[1] + "-projector.png")));
            }
        }
    }
}
