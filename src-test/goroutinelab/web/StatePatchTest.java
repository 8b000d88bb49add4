package goroutinelab.web;

import goroutinelab.engine.SnapshotMap;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The patch between two states: only what changed, whether or not both hold their keys in the same order. */
class StatePatchTest {

    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private static List<String> ops(Map<String, Object> from, Map<String, Object> to) {
        return StatePatch.diff(from, to).stream()
                .map(o -> o.get("op") + " " + o.get("path") + (o.containsKey("value") ? " " + o.get("value") : "")).toList();
    }

    @Test
    void theSameKeysInTheSameOrderGiveOnlyTheReplacedValues() {
        Map<String, Object> from = map("step", 3L, "g", map("1", map("status", "_Grunning", "m", 0)), "runq", List.of(2, 3));
        Map<String, Object> to = map("step", 4L, "g", map("1", map("status", "_Grunnable", "m", 0)), "runq", List.of(2, 3));
        assertThat(ops(from, to)).containsExactly("replace /step 4", "replace /g/1/status _Grunnable");
        assertThat(ops(from, from)).isEmpty();
        assertThat(ops(map("n", 3), map("n", 3L))).as("numbers by value").isEmpty();
    }

    @Test
    void keysInAnotherOrderOrAddedOrRemovedAreFoundByName() {
        Map<String, Object> from = map("a", 1, "b", 2, "c", map("x", 1));
        assertThat(ops(from, map("b", 2, "a", 1, "c", map("x", 2)))).containsExactly("replace /c/x 2");
        assertThat(ops(from, map("a", 1, "c", map("x", 1), "d", 5))).containsExactly("remove /b", "add /d 5");
        assertThat(ops(from, map("a", 1, "d", 2, "c", map("x", 1)))).as("as many keys, one renamed")
                .containsExactly("remove /b", "add /d 2");
        assertThat(ops(map("p", map("a/b~", 1)), map("p", map("a/b~", 2)))).containsExactly("replace /p/a~1b~0 2");
    }

    /** The same tree with every map a {@link SnapshotMap}, as the engine writes its snapshots. */
    @SuppressWarnings("unchecked")
    private static Object compact(Object v) {
        if (v instanceof Map<?, ?> m) {
            SnapshotMap.Builder b = SnapshotMap.builder(m.size());
            ((Map<String, Object>) m).forEach((k, x) -> b.put(k, compact(x)));
            return b.build();
        }
        return v;
    }

    @Test
    @SuppressWarnings("unchecked")
    void snapshotMapsGiveTheSameOperationsAsOrdinaryMapsDeepInTheTree() {
        Map<String, Object> from = map("step", 3L, "g", map("1", map("status", "_Grunning", "m", 0), "2", map("status", "_Gwaiting")),
                "p", map("0", map("runq", List.of(2), "a/b~", 1)));
        Map<String, Object> to = map("step", 4L, "g", map("1", map("status", "_Grunnable", "m", 0), "3", map("status", "_Grunnable")),
                "p", map("0", map("runq", List.of(2, 1), "a/b~", 2)));
        List<String> plain = ops(from, to);
        assertThat(plain).containsExactly("replace /step 4", "remove /g/2", "replace /g/1/status _Grunnable",
                "add /g/3 {status=_Grunnable}", "replace /p/0/runq [2, 1]", "replace /p/0/a~1b~0 2");
        assertThat(ops((Map<String, Object>) compact(from), (Map<String, Object>) compact(to))).isEqualTo(plain);
        assertThat(ops((Map<String, Object>) compact(from), to)).as("one side compact").isEqualTo(plain);
    }
}
