package goroutinelab.e2e;

import com.microsoft.playwright.Download;
import com.microsoft.playwright.FrameLocator;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

/** The author page, as an instructor uses it. */
public final class AuthorPage {
    public final Page page;
    public final Locator editor;
    public final Locator status;
    public final Locator problems;
    public final Locator startFrom;
    public final Locator loadButton;
    public final Locator undoButton;
    public final Locator downloadButton;
    public final Locator preview;

    public AuthorPage(Page page) {
        this.page = page;
        this.editor = page.locator(".CodeMirror");
        this.status = page.getByTestId("status");
        this.problems = page.getByTestId("problems");
        this.startFrom = page.getByTestId("start-from");
        this.loadButton = page.getByTestId("load");
        this.undoButton = page.getByTestId("undo-load");
        this.downloadButton = page.getByTestId("download");
        this.preview = page.getByTestId("preview");
    }

    /** Opens the page and waits until the draft is in the editor and checked. */
    public static AuthorPage open(Page page, String url) {
        page.navigate(url);
        AuthorPage a = new AuthorPage(page);
        assertThat(page.locator("body")).hasAttribute("data-state", "ready");
        a.waitChecked();
        return a;
    }

    /** Waits until the latest text has been checked (whatever the verdict). */
    public void waitChecked() {
        assertThat(page.locator("body")).hasAttribute("data-check", Pattern.compile("ok|problems|failing"));
    }

    public void waitValid() {
        assertThat(page.locator("body")).hasAttribute("data-check", "ok");
    }

    /** The editor's line n (from 1), as drawn. */
    public Locator line(int n) {
        return page.locator(".CodeMirror-code pre.CodeMirror-line").nth(n - 1);
    }

    /**
     * Puts the cursor on line n by clicking the start of its text, as a person
     * does (a click in the middle of the line's box would scroll a long line).
     */
    private void clickLine(int n) {
        line(n).locator("span").first().click(new Locator.ClickOptions().setPosition(1, 5));
    }

    /** Replaces line n's text by typing, as an author does. */
    public void retypeLine(int n, String text) {
        clickLine(n);
        page.keyboard().press("End");
        page.keyboard().press("Shift+Home");
        page.keyboard().press("Shift+Home");
        page.keyboard().type(text);
    }

    /** Types at the end of line n. */
    public void typeAtEndOf(int n, String text) {
        clickLine(n);
        page.keyboard().press("End");
        page.keyboard().type(text);
    }

    /** Replaces the whole text (select all, paste-like insert). */
    public void replaceAll(String text) {
        editor.click();
        page.keyboard().press("Control+A");
        page.keyboard().insertText(text);
    }

    /** Whether the line-number gutter ends where the text begins (it once covered the text's first characters). */
    public boolean gutterBesideText() {
        return (Boolean) page.evaluate("() => { const g = document.querySelector('.CodeMirror-gutters').getBoundingClientRect();"
                + " const t = document.querySelector('.CodeMirror-code pre.CodeMirror-line').getBoundingClientRect();"
                + " return Math.abs(g.right - t.left) < 2; }");
    }

    public String text() {
        return (String) page.evaluate("() => document.querySelector('.CodeMirror').CodeMirror.getValue()");
    }

    /** The message shown inline under line n. */
    public Locator inlineProblemAt(int n) {
        return page.locator("[data-testid=inline-problem][data-line=\"" + n + "\"]");
    }

    public Locator problemsListed() {
        return problems.getByTestId("problem");
    }

    public FrameLocator previewFrame() {
        return page.frameLocator("[data-testid=preview]");
    }

    /**
     * Waits until the preview plays the text as it is now: the check's verdict comes first, and the
     * preview of the new text (another request, a page load in the frame) some time after it.
     */
    public FrameLocator waitPreviewed() {
        assertThat(page.locator("body")).hasAttribute("data-previewed", "true");
        FrameLocator player = previewFrame();
        assertThat(player.locator("body")).hasAttribute("data-step", Pattern.compile("\\d+"));
        return player;
    }

    public void startFrom(String lessonId) {
        startFrom.selectOption(lessonId);
        loadButton.click();
    }

    /** Clicks Download and returns the file's name and text. */
    public String[] download() throws IOException {
        Download d = page.waitForDownload(downloadButton::click);
        Path p = d.path();
        return new String[]{d.suggestedFilename(), Files.readString(p, StandardCharsets.UTF_8)};
    }

    /** The page as it is seen (the viewport: a full-page capture resizes it, and the editor re-lays itself out mid-capture). */
    public void screenshot(String name) {
        page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target", "screenshots", name + ".png")));
    }
}
