package goroutinelab.e2e;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;

/** The scheduler board: goroutines, Ps, Ms, queues and lanes by test id. */
public final class BoardView {
    public final Locator root;

    BoardView(Page page) {
        this.root = page.getByTestId("board");
    }

    public Locator goroutine(int id) {
        return root.getByTestId("g-" + id);
    }

    public Locator p(int id) {
        return root.getByTestId("p-" + id);
    }

    public Locator m(int id) {
        return root.getByTestId("m-" + id);
    }

    public Locator runnext(int p) {
        return root.getByTestId("runnext-" + p);
    }

    /** The "+n" chip of a P's local queue, there when more goroutines wait than the slots show. */
    public Locator runqMore(int p) {
        return root.getByTestId("runq-" + p + "-more");
    }

    public Locator globalQueue() {
        return root.getByTestId("global-runq");
    }

    public Locator globalMore() {
        return root.getByTestId("global-more");
    }

    /** A lane of threads without a P: syscall, spinning or parked. */
    public Locator lane(String kind) {
        return root.getByTestId("lane-" + kind);
    }

    public Locator panel(String id) {
        return root.getByTestId(id);
    }

    public Locator channel(String name) {
        return root.getByTestId("chan-" + name);
    }

    public Locator goroutines() {
        return root.locator("g.g");
    }

    public String whereIs(int id) {
        return goroutine(id).getAttribute("data-where");
    }
}
