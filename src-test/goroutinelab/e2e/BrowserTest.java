package goroutinelab.e2e;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.ReducedMotion;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * One server (bundled and test-only lessons) and one browser per test class,
 * a fresh context per test. Motion is reduced unless a test asks otherwise,
 * so moves finish quickly; assertions wait on the DOM, never on time.
 */
abstract class BrowserTest {
    static LabServer server;
    static Playwright pw;
    static Browser browser;
    BrowserContext context;
    Page page;

    @BeforeAll
    static void startAll() {
        server = LabServer.withTestLessons();
        pw = Browsers.playwright();
        browser = Browsers.launch(pw);
    }

    @AfterAll
    static void stopAll() {
        browser.close();
        pw.close();
        server.close();
    }

    @BeforeEach
    void newPage() {
        context = browser.newContext(contextOptions());
        if (!animated()) {
            // the "instant" speed: a move shows its end at once (a test of the events shown in turn says animated)
            context.addInitScript("try { localStorage.setItem('goroutine-lab.speed', '0'); } catch (e) {}");
        }
        page = context.newPage();
    }

    /** Whether moves show their events one at a time, as a learner sees them by default. */
    boolean animated() {
        return false;
    }

    Browser.NewContextOptions contextOptions() {
        return new Browser.NewContextOptions().setViewportSize(1400, 1000).setReducedMotion(ReducedMotion.REDUCE);
    }

    @AfterEach
    void closePage() {
        context.close();
    }

    PlayerPage open(String lesson) {
        return PlayerPage.open(page, server.url("/lessons/" + lesson));
    }

    PlayerPage open(String lesson, String query) {
        return PlayerPage.open(page, server.url("/lessons/" + lesson + "?" + query));
    }

    /** The player page fed by a fixture instead of the engine (the page itself comes from the server). */
    PlayerPage openFixture(FakeLab lab) {
        lab.install(page);
        return PlayerPage.open(page, server.url("/lessons/goroutines-and-run-queues"));
    }
}
