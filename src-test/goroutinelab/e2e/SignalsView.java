package goroutinelab.e2e;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;

/** The signal and preemption paths: stations by name and the token that runs along them. */
public final class SignalsView {
    public final Locator root;
    public final Locator wrap;
    public final Locator token;

    SignalsView(Page page) {
        this.root = page.getByTestId("signals");
        this.wrap = page.getByTestId("signals-wrap");
        this.token = root.getByTestId("sig-token");
    }

    public Locator station(String name) {
        return root.getByTestId("sig-" + name);
    }
}
