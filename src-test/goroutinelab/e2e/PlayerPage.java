package goroutinelab.e2e;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;

import java.nio.file.Path;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

/** The lesson player, as a learner uses it: its controls, and a page object per view. */
public final class PlayerPage {
    public final Page page;
    public final Locator stepButton;
    public final Locator backButton;
    public final Locator nextButton;
    public final Locator resetButton;
    public final Locator playButton;
    public final Locator speed;
    public final Locator scrubber;
    public final Locator clock;
    public final Locator narration;
    public final Locator quiz;
    public final Locator events;
    public final Locator live;
    public final Locator help;
    public final Locator helpButton;
    public final Locator projectorButton;
    public final Locator langSwitch;
    public final Locator tryIt;
    public final Locator injectSignal;
    public final Locator injectGc;
    public final Locator goFunction;
    public final Locator injectGo;
    public final Locator asyncSwitch;
    public final Locator barrierSwitch;
    public final BoardView board;
    public final HeapView heap;
    public final SignalsView signals;
    public final InterpreterView interpreter;
    public final TimelineView timeline;
    public final RealRunView real;

    public PlayerPage(Page page) {
        this.page = page;
        this.stepButton = page.getByTestId("step");
        this.backButton = page.getByTestId("back");
        this.nextButton = page.getByTestId("next");
        this.resetButton = page.getByTestId("reset");
        this.playButton = page.getByTestId("play");
        this.speed = page.getByTestId("speed");
        this.scrubber = page.getByTestId("scrubber");
        this.clock = page.getByTestId("clock");
        this.narration = page.getByTestId("say");
        this.quiz = page.getByTestId("quiz");
        this.events = page.getByTestId("events");
        this.live = page.getByTestId("live");
        this.help = page.getByTestId("help");
        this.helpButton = page.getByTestId("help-button");
        this.projectorButton = page.getByTestId("projector-button");
        this.langSwitch = page.getByTestId("lang-switch");
        this.tryIt = page.getByTestId("try");
        this.injectSignal = page.getByTestId("inject-signal");
        this.injectGc = page.getByTestId("inject-gc");
        this.goFunction = page.getByTestId("go-fn");
        this.injectGo = page.getByTestId("inject-go");
        this.asyncSwitch = page.getByTestId("switch-async");
        this.barrierSwitch = page.getByTestId("switch-wb");
        this.board = new BoardView(page);
        this.heap = new HeapView(page);
        this.signals = new SignalsView(page);
        this.interpreter = new InterpreterView(page);
        this.timeline = new TimelineView(page);
        this.real = new RealRunView(page);
    }

    public static PlayerPage open(Page page, String url) {
        page.navigate(url);
        PlayerPage p = new PlayerPage(page);
        p.waitForLoaded();
        return p;
    }

    /** Waits until the first frame is drawn. */
    public void waitForLoaded() {
        assertThat(page.locator("body")).hasAttribute("data-step", java.util.regex.Pattern.compile("\\d+"));
    }

    /** The engine step the page shows. */
    public long step() {
        String s = page.locator("body").getAttribute("data-step");
        return s == null || s.isEmpty() ? -1 : Long.parseLong(s);
    }

    public void waitForStep(long n) {
        assertThat(page.locator("body")).hasAttribute("data-step", Long.toString(n));
    }

    /** Waits until every move the page sent has come back and been shown, its events played out. */
    public void waitForSettled() {
        assertThat(page.locator("body")).hasAttribute("data-pending", "0");
        assertThat(page.locator("body")).hasAttribute("data-animating", "false");
    }

    public void waitForStepAbove(long n) {
        page.waitForCondition(() -> step() > n);
    }

    /** One runtime step; if the quiz first asks for a prediction, skips it by pressing Step again. */
    public void stepOnce() {
        long before = step();
        stepButton.click();
        page.waitForCondition(() -> step() != before || "nudged".equals(quiz.getAttribute("data-state")));
        if (step() == before) {
            stepButton.click();
        }
        waitForStep(before + 1);
    }

    public void backOnce() {
        long before = step();
        backButton.click();
        waitForStep(before - 1);
    }

    /** Plays the next script step; if the quiz first asks for a prediction, skips it by pressing Next again. */
    public void next() {
        long before = step();
        String said = narration.innerText();
        nextButton.click();
        page.waitForCondition(() -> step() != before || !narration.innerText().equals(said)
                || "nudged".equals(quiz.getAttribute("data-state")));
        if ("nudged".equals(quiz.getAttribute("data-state")) && step() == before) {
            nextButton.click();
            page.waitForCondition(() -> step() != before || !narration.innerText().equals(said));
        }
    }

    /** Plays the script to its end. */
    public void nextUntilDone() {
        for (int i = 0; i < 200 && nextButton.isEnabled(); i++) {
            next();
        }
        assertThat(nextButton).isDisabled();
    }

    /** Goes to a step with the scrubber, as a keyboard user would: focus it, then set its value. */
    public void scrubTo(long n) {
        scrubber.fill(Long.toString(n));
        waitForStep(n);
    }

    public Locator goroutine(int id) {
        return board.goroutine(id);
    }

    public Locator p(int id) {
        return board.p(id);
    }

    public Locator m(int id) {
        return board.m(id);
    }

    /** Where the board shows goroutine id: "M0", "P0.runq", "P0.runnext", "global", a channel queue... */
    public String whereIs(int id) {
        return board.whereIs(id);
    }

    public Locator event(long step) {
        return events.getByTestId("event-" + step);
    }

    public Locator button(String name) {
        return page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(name).setExact(true));
    }

    public void screenshot(String name) {
        page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target", "screenshots", name + ".png")).setFullPage(true));
    }
}
