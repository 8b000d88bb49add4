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
 * labels at 18px or more; a phone never scrolls sideways and keeps the board's
 * text at 10px or more. Screenshots of three lessons at the three sizes are saved.
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
        return ((Number) page.evaluate("""
                () => {
                  const svg = document.querySelector('[data-testid="board"]');
                  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
                  let min = Infinity;
                  for (const t of svg.querySelectorAll('text')) {
                    if (!t.textContent.trim() || t.getBoundingClientRect().width === 0) continue;
                    min = Math.min(min, parseFloat(getComputedStyle(t).fontSize) * scale);
                  }
                  return min;
                }""")).doubleValue();
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
    void onAPhoneNothingScrollsSidewaysAndTheBoardsTextStaysReadable() {
        at(390, 844);
        for (String lesson : new String[]{"work-stealing", "tricolor-marking", "interpreter-vs-runtime"}) {
            PlayerPage player = PlayerPage.open(page, server.url("/lessons/" + lesson + "?step=10"));
            player.waitForSettled();
            assertThat(((Number) page.evaluate("() => document.scrollingElement.scrollWidth - innerWidth")).intValue())
                    .as(lesson + ": no sideways scrolling").isLessThanOrEqualTo(0);
            if (page.getByTestId("board").isVisible()) {
                assertThat(smallestBoardText(page)).as(lesson + ": the board's smallest text on a phone").isGreaterThanOrEqualTo(10.0);
            }
        }
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
