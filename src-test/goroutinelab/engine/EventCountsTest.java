package goroutinelab.engine;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A snapshot's stats.events reads as the map of every kind it replaced: 0 until a kind happens, and fixed once taken. */
class EventCountsTest {

    @Test
    void everyKindReadsItsCountAndZeroUntilItHappensInEventKindsOrder() {
        long[] raw = new long[EventKind.values().length];
        raw[EventKind.values()[3].ordinal()] = 7;
        EventCounts counts = new EventCounts(raw);
        Map<String, Object> spelled = new LinkedHashMap<>();
        for (EventKind k : EventKind.values()) {
            spelled.put(k.wire(), k.ordinal() == 3 ? 7L : 0L);
        }
        assertThat(counts).isEqualTo(spelled);
        assertThat(spelled).isEqualTo(counts);
        assertThat(counts.hashCode()).isEqualTo(spelled.hashCode());
        assertThat(counts.keySet()).containsExactlyElementsOf(spelled.keySet());
        assertThat(counts.get(EventKind.values()[0].wire())).isEqualTo(0L);
        assertThat(counts.get("nosuchkind")).isNull();
        assertThat(counts.containsKey("nosuchkind")).isFalse();
        assertThat(counts.nonZero()).containsExactly(Map.entry(EventKind.values()[3].wire(), 7L));
        assertThat(counts.hasZero()).isTrue();
    }

    @Test
    void aTakenCountDoesNotMoveWithTheRunAndCannotBeChanged() {
        long[] raw = new long[EventKind.values().length];
        EventCounts counts = new EventCounts(raw);
        raw[0] = 5;
        assertThat(counts.get(EventKind.values()[0].wire())).isEqualTo(0L);
        assertThatThrownBy(() -> counts.put("x", 1L)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> new EventCounts(new long[2])).hasMessageContaining("EventCounts");
    }
}
