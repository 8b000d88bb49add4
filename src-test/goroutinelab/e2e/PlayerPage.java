package goroutinelab.e2e;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;

import java.nio.file.Path;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

/** The lesson player, as a learner uses it. */
public final class PlayerPage {
    public final Page page;
    public final Locator stepButton;
    public final Locator backButton;
    public final Locator nextButton;
    public final Locator resetButton;
    public final Locator narration;
    public final Locator events;
    public final Locator board;

    public PlayerPage(Page page) {
        this.page = page;
        this.stepButton = page.getByTestId("step");
        this.backButton = page.getByTestId("back");
        this.nextButton = page.getByTestId("next");
        this.resetButton = page.getByTestId("reset");
        this.narration = page.getByTestId("say");
        this.events = page.getByTestId("events");
        this.board = page.getByTestId("board");
    }

    public static PlayerPage open(Page page, String url) {
        page.navigate(url);
        PlayerPage p = new PlayerPage(page);
        p.waitForStep(0);
        return p;
    }

    /** The engine step the page shows. */
    public long step() {
        String s = page.locator("body").getAttribute("data-step");
        return s == null || s.isEmpty() ? -1 : Long.parseLong(s);
    }

    public void waitForStep(long n) {
        assertThat(page.locator("body")).hasAttribute("data-step", Long.toString(n));
    }

    public void waitForStepAbove(long n) {
        page.waitForCondition(() -> step() > n);
    }

    public void stepOnce() {
        long before = step();
        stepButton.click();
        waitForStep(before + 1);
    }

    public void backOnce() {
        long before = step();
        backButton.click();
        waitForStep(before - 1);
    }

    public void next() {
        long before = step();
        int said = narration.innerText().hashCode();
        nextButton.click();
        page.waitForCondition(() -> step() != before || narration.innerText().hashCode() != said);
    }

    public Locator goroutine(int id) {
        return page.getByTestId("g-" + id);
    }

    public Locator p(int id) {
        return page.getByTestId("p-" + id);
    }

    public Locator m(int id) {
        return page.getByTestId("m-" + id);
    }

    /** Where the board shows goroutine id: "M0", "P0.runq", "P0.runnext", "global", a channel queue... */
    public String whereIs(int id) {
        return goroutine(id).getAttribute("data-where");
    }

    public Locator button(String name) {
        return page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(name));
    }

    public void screenshot(String name) {
        page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target", "screenshots", name + ".png")).setFullPage(true));
    }
}
