package goroutinelab.e2e;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;

/** The interpreter board: thread lanes, the GIL token and the flags. */
public final class InterpreterView {
    public final Locator root;
    public final Locator gil;
    public final Locator evalBreaker;
    public final Locator dropRequest;

    InterpreterView(Page page) {
        this.root = page.getByTestId("interpreter");
        this.gil = root.getByTestId("gil");
        this.evalBreaker = root.getByTestId("eval-breaker");
        this.dropRequest = root.getByTestId("drop-request");
    }

    public Locator thread(int id) {
        return root.getByTestId("thread-" + id);
    }
}
