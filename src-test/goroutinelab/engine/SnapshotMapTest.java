package goroutinelab.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A snapshot's map reads as the ordered map it replaces: same order, lookups, equality and JSON; it cannot change. */
class SnapshotMapTest {

    private static SnapshotMap of(int keys) {
        SnapshotMap.Builder b = SnapshotMap.builder(2);
        for (int i = keys - 1; i >= 0; i--) {
            b.put("k" + i, i % 3 == 0 ? null : i);
        }
        return b.build();
    }

    private static Map<String, Object> ordinary(int keys) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = keys - 1; i >= 0; i--) {
            m.put("k" + i, i % 3 == 0 ? null : i);
        }
        return m;
    }

    @Test
    void readsAsTheOrderedMapWithTheSameKeysSmallAndLarge() throws Exception {
        ObjectMapper json = new ObjectMapper();
        for (int keys : new int[] {0, 1, 5, 12, 13, 1000}) {
            SnapshotMap m = of(keys);
            Map<String, Object> expected = ordinary(keys);
            assertThat(m).as("%d keys", keys).isEqualTo(expected);
            assertThat(expected).isEqualTo(m);
            assertThat(m.hashCode()).isEqualTo(expected.hashCode());
            assertThat(new ArrayList<>(m.keySet())).containsExactlyElementsOf(expected.keySet());
            assertThat(json.writeValueAsString(m)).isEqualTo(json.writeValueAsString(expected));
            for (int i = 0; i < keys; i++) {
                assertThat(m.get("k" + i)).isEqualTo(expected.get("k" + i));
                assertThat(m.containsKey("k" + i)).as("a key whose value is null is still there").isTrue();
                assertThat(m.keyAt(keys - 1 - i)).isEqualTo("k" + i);
            }
            assertThat(m.get("absent")).isNull();
            assertThat(m.containsKey("absent")).isFalse();
            assertThat(m.get(null)).isNull();
        }
    }

    @Test
    void withChangesOneValueInACopyInItsPlace() {
        SnapshotMap m = of(4);
        SnapshotMap changed = m.with("k2", "two");
        assertThat(new ArrayList<>(changed.keySet())).containsExactly("k3", "k2", "k1", "k0");
        assertThat(changed.get("k2")).isEqualTo("two");
        assertThat(m.get("k2")).as("the original is unchanged").isEqualTo(2);
        assertThatThrownBy(() -> m.with("k9", 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void cannotBeChanged() {
        SnapshotMap m = of(3);
        assertThatThrownBy(() -> m.put("k0", 1)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> m.remove("k1")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> m.entrySet().iterator().next().setValue(1)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(m::clear).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void aBuilderIsUsedOnceAndNamesEachKeyOnce() {
        SnapshotMap.Builder b = SnapshotMap.builder(1);
        b.put("a", 1);
        assertThatThrownBy(() -> b.put("a", 2)).as("written twice (tests run with assertions on)").isInstanceOf(AssertionError.class);
        b.build();
        assertThatThrownBy(() -> b.put("b", 2)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void numberedKeysAreSharedAndReadAsTheirNumbers() {
        assertThat(SnapshotMap.key(42)).isEqualTo("42").isSameAs(SnapshotMap.key(42));
        assertThat(SnapshotMap.key(-1)).isEqualTo("-1");
        assertThat(SnapshotMap.key(1 << 20)).isEqualTo(Integer.toString(1 << 20));
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            keys.add(SnapshotMap.key(i));
        }
        assertThat(keys).doesNotHaveDuplicates().allSatisfy(k -> assertThat(Integer.parseInt(k)).isBetween(0, 99));
    }
}
