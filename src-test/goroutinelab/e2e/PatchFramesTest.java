package goroutinelab.e2e;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The page asks for patches: forward moves arrive as RFC 6902 operations, and
 * the board they build is the one a fresh page draws from the whole state at
 * the same step.
 */
class PatchFramesTest extends BrowserTest {

    @Test
    void aBoardBuiltFromPatchesEqualsTheBoardBuiltFromTheWholeState() {
        AtomicInteger patched = new AtomicInteger();
        page.onWebSocket(ws -> ws.onFrameReceived(f -> {
            String text = f.text();
            if (text != null && text.contains("\"type\":\"frame\"") && text.contains("\"patch\":[")) {
                patched.incrementAndGet();
            }
        }));
        PlayerPage player = open("e2e-work-stealing");
        for (int i = 0; i < 25; i++) {
            player.stepOnce();
        }
        assertThat(patched.get()).as("frames that came as patches").isGreaterThan(10);
        Map<String, String> viaPatches = goroutines(page);
        long step = player.step();

        Page fresh = context.newPage();
        PlayerPage whole = PlayerPage.open(fresh, server.url("/lessons/e2e-work-stealing?step=" + step));
        whole.waitForStep(step);
        assertThat(goroutines(fresh)).isEqualTo(viaPatches);
    }

    /** Every goroutine on the board: its place and status, by test id. */
    private static Map<String, String> goroutines(Page p) {
        Map<String, String> out = new TreeMap<>();
        Locator gs = p.locator("[data-testid^='g-']");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < gs.count(); i++) {
            ids.add(gs.nth(i).getAttribute("data-testid"));
        }
        for (String id : ids) {
            Locator g = p.getByTestId(id);
            out.put(id, g.getAttribute("data-where") + " " + g.getAttribute("data-status"));
        }
        return out;
    }
}
