package goroutinelab.e2e;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Starts the browser the tests drive: the system Chromium (Debian's
 * /usr/bin/chromium) by default, or the executable named by
 * GOROUTINE_LAB_BROWSER; with GOROUTINE_LAB_BROWSER=playwright, Playwright's
 * own downloaded Chromium (on a laptop where downloads work).
 */
public final class Browsers {
    public static final String ENV = "GOROUTINE_LAB_BROWSER";
    private static final List<String> FLAGS = List.of("--no-sandbox", "--disable-gpu",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
            "--disable-quic");

    private Browsers() {
    }

    /**
     * How long a web-first assertion retries before it fails: Playwright's 5 s default is short for a
     * page load, a WebSocket and a lesson's first frame on a CI machine whose two cores are busy with
     * the build (a test waits on a condition, so a longer bound costs nothing when the page is on time).
     */
    static final double ASSERTION_TIMEOUT_MS = 20_000;

    public static Playwright playwright() {
        com.microsoft.playwright.assertions.PlaywrightAssertions.setDefaultAssertionTimeout(ASSERTION_TIMEOUT_MS);
        String choice = System.getenv(ENV);
        boolean own = "playwright".equals(choice);
        return Playwright.create(new Playwright.CreateOptions()
                .setEnv(own ? Map.of() : Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    }

    public static Browser launch(Playwright pw) {
        String choice = System.getenv(ENV);
        BrowserType.LaunchOptions opts = new BrowserType.LaunchOptions().setHeadless(true).setArgs(FLAGS);
        if (!"playwright".equals(choice)) {
            Path exe = Path.of(choice == null || choice.isBlank() ? "/usr/bin/chromium" : choice);
            if (!Files.isExecutable(exe)) {
                throw new IllegalStateException("no browser at " + exe + ": install Debian's chromium (apt-get install -y chromium), "
                        + "or set " + ENV + " to a Chromium executable, or to 'playwright' to use Playwright's own browser");
            }
            opts.setExecutablePath(exe);
        }
        return pw.chromium().launch(opts);
    }
}
