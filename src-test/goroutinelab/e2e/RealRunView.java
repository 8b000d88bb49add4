package goroutinelab.e2e;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.BoundingBox;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

/** The real run under the model's timeline: its toggle, heading, lanes, the goroutines that are not the lesson's, and a moment's events. */
public final class RealRunView {
    public final Page page;
    public final Locator toggle;
    public final Locator panel;
    public final Locator title;
    public final Locator status;
    public final Locator root;
    public final Locator modelled;
    public final Locator others;
    public final Locator near;
    public final Locator nearReal;
    public final Locator nearModel;
    public final Locator scaleModel;
    public final Locator scaleWhole;
    public final Locator record;
    public final Locator marker;

    RealRunView(Page page) {
        this.page = page;
        this.toggle = page.getByTestId("real-toggle");
        this.panel = page.getByTestId("real-panel");
        this.title = page.getByTestId("real-title");
        this.status = page.getByTestId("real-status");
        this.root = page.getByTestId("real-timeline");
        this.modelled = page.getByTestId("modelled-label");
        this.others = page.getByTestId("real-goroutines");
        this.near = page.getByTestId("real-near");
        this.nearReal = page.getByTestId("real-near-real").getByTestId("near-event");
        this.nearModel = page.getByTestId("real-near-model").getByTestId("near-event");
        this.scaleModel = page.getByTestId("real-scale-model");
        this.scaleWhole = page.getByTestId("real-scale-whole");
        this.record = page.getByTestId("real-record");
        this.marker = root.getByTestId("real-marker");
    }

    /** Opens the panel (if it is not open) and waits for the recorded run to be drawn. */
    public void open() {
        if (!"true".equals(toggle.getAttribute("aria-expanded"))) {
            toggle.click();
        }
        waitForRun();
    }

    public void waitForRun() {
        assertThat(panel).isVisible();
        assertThat(panel).hasAttribute("data-state", "ready");
    }

    /** The lanes of the Ps (P0, P1...), in order. */
    public Locator pLanes() {
        return root.locator("[data-testid^=\"real-lane-P\"]");
    }

    /** The segments of a lane (P0, sys0, gc, stw). */
    public Locator segments(String lane) {
        return root.locator("[data-testid^=\"real-seg-" + lane + "-\"]");
    }

    /** The goroutines that are not the lesson's, as named: kind "runtime" or "lab". */
    public Locator goroutines(String kind) {
        return others.locator("li[data-kind=\"" + kind + "\"]");
    }

    /** Clicks the real run at a fraction of its time axis (0 = the start, 1 = the right edge). */
    public void clickAt(double fraction) {
        BoundingBox b = root.boundingBox();
        double left = b.width * 84 / 1000.0;
        double right = b.width * (1000 - 8) / 1000.0;
        root.click(new Locator.ClickOptions().setPosition(left + (right - left) * fraction, b.height - 6));
    }
}
