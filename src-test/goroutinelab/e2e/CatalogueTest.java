package goroutinelab.e2e;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The catalogue: the course's chapters in order, each lesson with its time and
 * rendered summary, and the learner's progress kept in the browser: started once
 * a lesson goes past its introduction, done once its last step is reached, in
 * both languages; at a laptop's, a desktop's and a phone's size; no serious axe finding.
 */
class CatalogueTest extends BrowserTest {

    private Locator card(String id) {
        return page.getByTestId("lesson-" + id);
    }

    private void openCatalogue(String query) {
        page.navigate(server.url("/" + query));
        assertThat(page.locator("body")).hasAttribute("data-progress", "shown");
    }

    @Test
    void theChaptersComeInTheCoursesOrderAndTheTestLessonsUnderOtherLessons() {
        openCatalogue("");
        List<String> chapters = page.locator(".chapter").evaluateAll("els => els.map(e => e.dataset.testid)")
                instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of();
        assertThat(chapters).containsExactly("chapter-start", "chapter-scheduler", "chapter-blocking", "chapter-preemption",
                "chapter-collector", "chapter-interpreter", "chapter-other");
        assertThat(page.getByTestId("chapter-start")).containsText("Chapter 1");
        assertThat(page.getByTestId("chapter-start").getByTestId("lesson-interpreter-vs-runtime").locator(".num")).hasText("1");
        assertThat(page.getByTestId("chapter-scheduler").locator(".num").first()).hasText("2");
        assertThat(page.getByTestId("chapter-scheduler")).containsText("The scheduler");
        assertThat(page.getByTestId("chapter-other")).containsText("Other lessons");
        assertThat(page.getByTestId("chapter-other").getByTestId("lesson-e2e-more")).isVisible();
        assertThat(card("work-stealing").getByTestId("minutes")).hasText(java.util.regex.Pattern.compile("^about \\d+ min$"));
        // summaries are rendered from the lessons' markdown, never shown raw
        assertThat(card("e2e-more").locator(".summary strong")).hasText("more");
        for (String text : page.locator(".card .summary").allInnerTexts()) {
            assertThat(text).as("a rendered summary").doesNotContain("**").doesNotContain("`");
        }

        openCatalogue("?lang=zh");
        assertThat(page.getByTestId("chapter-scheduler")).containsText("第 2 章");
        assertThat(page.getByTestId("chapter-scheduler")).containsText("调度器");
        assertThat(card("work-stealing").getByTestId("minutes")).hasText(java.util.regex.Pattern.compile("^约 \\d+ 分钟$"));
        assertThat(page.getByTestId("chapter-other")).containsText("其他课程");
    }

    @Test
    void aLessonIsStartedPastItsIntroductionAndDoneAtItsLastStepInBothLanguages() {
        openCatalogue("");
        assertThat(card("goroutines-and-run-queues")).hasAttribute("data-progress", "none");
        assertThat(card("goroutines-and-run-queues").getByTestId("progress")).isHidden();

        card("goroutines-and-run-queues").getByRole(com.microsoft.playwright.options.AriaRole.LINK).click();
        PlayerPage player = new PlayerPage(page);
        player.waitForLoaded();
        player.waitForSettled();
        page.goBack();
        assertThat(page.locator("body")).hasAttribute("data-progress", "shown");
        // the introduction alone starts nothing
        assertThat(card("goroutines-and-run-queues")).hasAttribute("data-progress", "none");

        player = open("goroutines-and-run-queues");
        player.next();
        assertThat(page.locator("body")).hasAttribute("data-script", "1");
        page.goBack(); // from the browser's history, as a learner comes back
        assertThat(page.locator("body")).hasAttribute("data-progress", "shown");
        assertThat(card("goroutines-and-run-queues")).hasAttribute("data-progress", "started");
        assertThat(card("goroutines-and-run-queues").getByTestId("progress")).hasText("Started");
        assertThat(page.getByTestId("chapter-scheduler").getByTestId("chapter-progress")).hasText("");

        player = open("goroutines-and-run-queues");
        player.nextUntilDone();
        openCatalogue("");
        assertThat(card("goroutines-and-run-queues")).hasAttribute("data-progress", "done");
        assertThat(card("goroutines-and-run-queues").getByTestId("progress")).hasText("Done");
        assertThat(page.getByTestId("chapter-scheduler").getByTestId("chapter-progress")).hasText("1 of 5 done");

        // a lesson taken in Chinese; done stays done when the lesson is opened again
        player = open("interpreter-vs-runtime", "lang=zh");
        player.next();
        assertThat(page.locator("body")).hasAttribute("data-script", "1");
        player = open("goroutines-and-run-queues", "lang=zh");
        player.next();
        openCatalogue("?lang=zh");
        assertThat(card("interpreter-vs-runtime").getByTestId("progress")).hasText("已开始");
        assertThat(card("goroutines-and-run-queues").getByTestId("progress")).hasText("已学完");
        assertThat(page.getByTestId("chapter-scheduler").getByTestId("chapter-progress")).hasText("已学完 1/5");
        assertThat(AccessibilityTest.seriousFindings(page)).as("the catalogue with progress marks, in Chinese").isEmpty();
        openCatalogue("");
        assertThat(AccessibilityTest.seriousFindings(page)).as("the catalogue with progress marks").isEmpty();
    }

    @Test
    void aLinkToALearnersOwnRunIsNotProgress() {
        PlayerPage player = open("work-stealing");
        player.next();
        player.next();
        player.tryIt.locator("summary").click();
        player.goFunction.selectOption("worker");
        player.injectGo.click();
        assertThat(page.locator("body")).hasAttribute("data-forked", "true");
        assertThat(page).hasURL(java.util.regex.Pattern.compile("[?&]h="));
        String link = page.url();
        page.evaluate("() => localStorage.removeItem('goroutine-lab.progress')");
        // someone else opens the link: a run of its own, past the introduction, which is not the lesson
        page.navigate(link);
        player = new PlayerPage(page);
        player.waitForLoaded();
        player.waitForSettled();
        assertThat(page.locator("body")).hasAttribute("data-forked", "true");
        assertThat(page.locator("body")).not().hasAttribute("data-script", "0");
        openCatalogue("");
        assertThat(card("work-stealing")).hasAttribute("data-progress", "none");
    }

    @Test
    void screenshotsAtALaptopADesktopAndAPhoneInBothLanguages() {
        context.addInitScript("try { localStorage.setItem('goroutine-lab.progress',"
                + " JSON.stringify({'interpreter-vs-runtime': 'done', 'goroutine-lifecycle': 'done', 'goroutines-and-run-queues': 'started'})); } catch (e) {}");
        int[][] sizes = {{1280, 720}, {1400, 900}, {390, 844}};
        for (String lang : List.of("en", "zh")) {
            for (int[] s : sizes) {
                page.setViewportSize(s[0], s[1]);
                openCatalogue("?lang=" + lang);
                assertThat(card("goroutine-lifecycle")).hasAttribute("data-progress", "done");
                double width = ((Number) page.evaluate("() => document.documentElement.scrollWidth")).doubleValue();
                assertThat(width).as("no sideways scroll at %dx%d", s[0], s[1]).isLessThanOrEqualTo(s[0]);
                String name = "catalogue-" + lang + "-" + s[0] + "x" + s[1];
                page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target", "screenshots", name + ".png")));
                if (s[0] == 1400) {
                    page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target", "screenshots", name + "-full.png")).setFullPage(true));
                }
            }
        }
    }
}
