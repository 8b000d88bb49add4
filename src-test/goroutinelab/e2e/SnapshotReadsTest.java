package goroutinelab.e2e;

import goroutinelab.lesson.Lesson;
import goroutinelab.lesson.SnapshotPaths;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The views read only what the snapshot has: every path of the state the
 * player's views read while lessons of each model play (a page hook records
 * them) is in the snapshot's declared shape (SnapshotPaths), the same shape
 * the engines' snapshots and the lessons' expect paths are checked against.
 */
class SnapshotReadsTest extends BrowserTest {

    @Test
    @SuppressWarnings("unchecked")
    void everyPathTheViewsReadIsInTheSnapshotsShape() {
        context.addInitScript("window.__labReads = new Set();");
        Set<String> unknown = new TreeSet<>();
        int read = 0;
        for (String lesson : List.of("work-stealing", "mark-assists", "sigusr1", "interpreter-vs-runtime",
                "signals-in-the-interpreter", "channels-and-netpoller", "async-preemption")) {
            PlayerPage player = PlayerPage.open(page, server.url("/lessons/" + lesson + "?step=1"));
            for (int i = 0; i < 6; i++) {
                player.next();
            }
            player.waitForSettled();
            List<String> paths = (List<String>) page.evaluate("() => [...window.__labReads]");
            read += paths.size();
            for (String p : paths) {
                String bad = p.startsWith("go:")
                        ? SnapshotPaths.check(p.substring(3), Set.of(), Lesson.Model.GO)
                        : SnapshotPaths.check("cpython." + p.substring(3), Set.of(), Lesson.Model.CPYTHON);
                if (bad != null) {
                    unknown.add(lesson + ": " + p + ": " + bad);
                }
            }
        }
        assertThat(read).as("paths read").isGreaterThan(50);
        assertThat(unknown).isEmpty();
    }
}
