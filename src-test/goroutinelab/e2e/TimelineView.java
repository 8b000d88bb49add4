package goroutinelab.e2e;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.BoundingBox;

/** The trace-like timeline: lanes, their segments, the unknown stretches and the cursor. */
public final class TimelineView {
    public final Page page;
    public final Locator root;
    public final Locator cursor;
    public final Locator unknown;

    TimelineView(Page page) {
        this.page = page;
        this.root = page.getByTestId("timeline");
        this.cursor = root.getByTestId("timeline-cursor");
        this.unknown = root.getByTestId("timeline-unknown");
    }

    public Locator lane(String id) {
        return root.getByTestId("lane-" + id);
    }

    /** The segments of a lane (P0, P1, M2, gc, stw, T1...), oldest first. */
    public Locator segments(String lane) {
        return root.locator("[data-testid^=\"seg-" + lane + "-\"]");
    }

    /** Clicks the timeline at a fraction of its drawn time axis (0 = the start, 1 = the right edge). */
    public void clickAt(double fraction) {
        BoundingBox b = root.boundingBox();
        double left = b.width * 84 / 1000.0;
        double right = b.width * (1000 - 8) / 1000.0;
        root.click(new Locator.ClickOptions().setPosition(left + (right - left) * fraction, b.height - 8));
    }
}
