package goroutinelab.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import goroutinelab.lesson.Lesson;
import goroutinelab.lesson.SnapshotPaths;
import org.junit.jupiter.api.Test;

import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The browser tests' hand-written frames (src-test/resources/fixtures) are
 * frames the engine could send: every path of every state is in the
 * snapshot's declared shape (SnapshotPaths), and every event kind exists
 * (FakeLab refuses one that does not while it builds the frames).
 */
class FixturesTest {

    @Test
    void everyPathOfEveryFixtureStateIsInTheSnapshotsShape() {
        for (String name : new String[]{"compare.json", "gc-cycle.json", "gc-lost.json", "signals.json"}) {
            FakeLab lab = FakeLab.fixture(name);
            Lesson.Model model = Lesson.Model.valueOf(lab.model().toUpperCase());
            Set<String> unknown = new TreeSet<>();
            for (JsonNode state : lab.states()) {
                walk("", state, model, unknown);
            }
            assertThat(unknown).as(name).isEmpty();
        }
    }

    private static void walk(String prefix, JsonNode node, Lesson.Model model, Set<String> unknown) {
        if (node.isObject() && node.size() > 0) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                walk(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), model, unknown);
            }
            return;
        }
        if (prefix.isEmpty()) {
            return;
        }
        String bad = SnapshotPaths.check(prefix, Set.of(), model);
        if (bad != null) {
            unknown.add(prefix + ": " + bad);
        }
    }
}
