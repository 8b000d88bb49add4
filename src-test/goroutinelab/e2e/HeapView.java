package goroutinelab.e2e;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;

/** The heap view and the GC banner over the board. */
public final class HeapView {
    public final Locator root;
    public final Locator wrap;
    public final Locator banner;

    HeapView(Page page) {
        this.root = page.getByTestId("heap");
        this.wrap = page.getByTestId("heap-wrap");
        this.banner = page.getByTestId("gc-banner");
    }

    public Locator object(String id) {
        return root.getByTestId("obj-" + id);
    }

    /** A heap too big for a graph: its cells, one canvas named by a count of each colour. */
    public Locator cells() {
        return root.getByTestId("heap-cells");
    }

    /** What the grid's keyboard cursor reads out for the object under it. */
    public Locator cellSaid() {
        return root.getByTestId("heap-cell-said");
    }

    public Locator pointer(String from, String field) {
        return root.getByTestId("edge-" + from + "." + field);
    }

    public Locator globalRoot(String name) {
        return root.getByTestId("root-global-" + name);
    }

    public Locator stackRoot(int g, String var) {
        return root.getByTestId("root-stack-" + g + "-" + var);
    }

    public Locator greyQueue() {
        return root.getByTestId("grey-queue");
    }

    public Locator greyQueueItem(String id) {
        return root.getByTestId("grey-queue-item-" + id);
    }

    public Locator assistQueue() {
        return root.getByTestId("assist-queue");
    }

    public Locator workers() {
        return root.getByTestId("gc-workers");
    }

    /** P{p}'s first work buffer (a lesson with gcWorkBuffers). */
    public Locator workBuffer(int p) {
        return root.getByTestId("workbuf-p" + p);
    }

    /** The global list of full work buffers (work.full). */
    public Locator fullBuffers() {
        return root.getByTestId("work-full");
    }

    /** Each P's fractional marking share while marking. */
    public Locator markShare() {
        return root.getByTestId("mark-share");
    }

    /** The pointer a write barrier just overwrote, fading out. */
    public Locator overwrittenPointer() {
        return root.getByTestId("wb-old-pointer");
    }
}
