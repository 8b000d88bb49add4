package goroutinelab.e2e;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.FrameLocator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/** The author page in a real browser: errors inline as you type, the preview plays, the draft survives, download works. */
class AuthorPageTest extends BrowserTest {
    final List<String> console = new CopyOnWriteArrayList<>();
    final List<String> failed = new CopyOnWriteArrayList<>();

    @Override
    Browser.NewContextOptions contextOptions() {
        return super.contextOptions().setViewportSize(1500, 1000).setAcceptDownloads(true);
    }

    @BeforeEach
    void watchThePage() {
        watch(page);
    }

    void watch(Page p) {
        p.onConsoleMessage(m -> console.add(m.type() + ": " + m.text()));
        p.onResponse(r -> {
            if (r.status() >= 400 && !r.url().endsWith("/favicon.ico")) {
                failed.add(r.status() + " " + r.url());
            }
        });
    }

    @AfterEach
    void nothingWentWrongInTheConsole() {
        assertThat(console).as("no CSP violation or script error in the console")
                .noneMatch(m -> m.contains("Content Security Policy")
                        || (m.startsWith("error") && !m.contains("Failed to load resource")));
        assertThat(failed).as("no request failed").isEmpty();
    }

    @Test
    void theCatalogueLinksToTheAuthorPage() {
        page.navigate(server.url("/"));
        page.getByTestId("author-link").click();
        AuthorPage author = new AuthorPage(page);
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Write a lesson"))).isVisible();
        author.waitValid();
    }

    @Test
    void anErrorShowsAtItsLineAsYouTypeAndTheFixedLessonPlaysInThePreview() {
        AuthorPage author = AuthorPage.open(page, server.url("/author"));
        author.waitValid();
        assertThat(author.line(9)).hasText("    - compute: 100us");

        author.retypeLine(9, "    - compute: 100");
        assertThat(author.inlineProblemAt(9)).containsText("a number needs a unit, like 100us or 100ms");
        assertThat(author.problemsListed()).hasCount(1);
        assertThat(author.problemsListed().first()).hasAttribute("data-line", "9");
        assertThat(author.problemsListed().first()).containsText("9:16");
        assertThat(author.status).containsText("1 problem");
        author.screenshot("author-error-inline");

        author.typeAtEndOf(9, "us");
        author.waitValid();
        assertThat(author.inlineProblemAt(9)).hasCount(0);
        assertThat(author.status).containsText("No problems: 2 of 2 steps played, 2 expectations checked");
        assertThat(author.preview).isVisible();
        FrameLocator player = author.waitPreviewed();
        player.getByTestId("next").click();
        assertThat(player.getByTestId("say")).containsText("main starts a worker");
        author.screenshot("author-preview-plays");
    }

    @Test
    void aFailingExpectationShowsAtItsPathAndTheUnknownNameOffersTheRightOne() {
        AuthorPage author = AuthorPage.open(page, server.url("/author"));
        author.retypeLine(16, "      g.2.status: _Grunning");
        assertThat(author.inlineProblemAt(16)).containsText("step 1: g.2.status: expected _Grunning, got _Grunnable");
        assertThat(page.locator("body")).hasAttribute("data-check", "failing");
        author.retypeLine(8, "    - go: wroker");
        assertThat(author.inlineProblemAt(8)).containsText("unknown function 'wroker' (did you mean 'worker'?)");
    }

    @Test
    void aNarrationTooLongToReadAtAGlanceIsAWarningThatDoesNotHoldBackThePreview() {
        AuthorPage author = AuthorPage.open(page, server.url("/author"));
        author.waitValid();
        assertThat(author.line(17)).hasText("  - say: {en: \"Run to the end.\", zh: \"运行到结束。\"}");
        String long45 = "word ".repeat(44) + "end.";
        author.retypeLine(17, "  - say: {en: \"" + long45 + "\", zh: \"运行到结束。\"}");
        assertThat(author.inlineProblemAt(17)).containsText("step 2: say (en) has 45 words");
        assertThat(author.inlineProblemAt(17)).hasClass(java.util.regex.Pattern.compile("problem-warning"));
        assertThat(author.problemsListed().first()).hasClass(java.util.regex.Pattern.compile("problem-warning"));
        assertThat(author.problemsListed().first().locator(".kind")).hasText("warning");
        assertThat(page.locator(".problem-marker.problem-warning")).hasCount(1);
        assertThat(page.locator("body")).hasAttribute("data-check", "ok");
        assertThat(page.locator("body")).hasAttribute("data-warnings", "1");
        assertThat(author.status).containsText("No problems");
        assertThat(author.status).containsText("1 warning");
        assertThat(author.status).hasAttribute("data-state", "warnings");
        // the preview plays the lesson as it is, warning and all
        FrameLocator player = author.waitPreviewed();
        player.getByTestId("next").click();
        assertThat(player.getByTestId("script-pos")).hasText("Step 1 of 2");
        player.getByTestId("next").click();
        assertThat(player.getByTestId("script-pos")).hasText("Step 2 of 2");
        assertThat(player.getByTestId("say")).containsText("word word");
        author.screenshot("author-warning");
    }

    @Test
    void theDraftSurvivesAReloadAndANewTab() {
        AuthorPage author = AuthorPage.open(page, server.url("/author"));
        author.retypeLine(4, "title: {en: Kept draft, zh: 保留的草稿}");
        assertThat(page.locator("body")).hasAttribute("data-saved", "true");
        page.reload();
        author = new AuthorPage(page);
        assertThat(page.locator("body")).hasAttribute("data-state", "ready");
        assertThat(author.line(4)).hasText("title: {en: Kept draft, zh: 保留的草稿}");

        page.close();
        page = context.newPage();
        watch(page);
        AuthorPage again = AuthorPage.open(page, server.url("/author?lang=zh"));
        assertThat(again.line(4)).hasText("title: {en: Kept draft, zh: 保留的草稿}");
        again.waitValid();
        assertThat(again.status).containsText("没有问题");
        assertThat(again.previewFrame().locator("body")).hasAttribute("data-step", "0");
        assertThat(again.gutterBesideText()).as("the gutter beside the text, not over it").isTrue();
        again.screenshot("author-zh");
    }

    @Test
    void aServedLessonIsAStartingPointAndDownloadsAsItsFile() throws IOException {
        AuthorPage author = AuthorPage.open(page, server.url("/author"));
        author.retypeLine(4, "title: My own draft");
        author.startFrom("goroutines-and-run-queues");
        assertThat(author.line(3)).hasText("id: goroutines-and-run-queues");
        author.waitValid();
        String[] file = author.download();
        assertThat(file[0]).isEqualTo("goroutines-and-run-queues.yaml");
        assertThat(file[1]).isEqualTo(Files.readString(Path.of("lessons/goroutines-and-run-queues.yaml")));

        author.undoButton.click();
        assertThat(author.line(4)).hasText("title: My own draft");
    }
}
