package goroutinelab.engine.runtime;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Named pointer slots: insertion order, nil for a missing name, copies that do not share. */
class RefsTest {

    @Test
    void aNameKeepsItsPlaceWhenStoredAgainAndAMissingOneReadsAsNil() {
        Refs r = new Refs();
        assertThat(r.put("a", 3)).isEqualTo(Obj.NIL);
        r.put("b", Obj.NIL);
        r.put("c", 7);
        assertThat(r.put("a", 5)).isEqualTo(3);
        assertThat(r.size()).isEqualTo(3);
        assertThat(r.name(0)).isEqualTo("a");
        assertThat(r.ref(0)).isEqualTo(5);
        assertThat(r.get("b")).isEqualTo(Obj.NIL);
        assertThat(r.has("b")).isTrue();
        assertThat(r.get("zzz")).isEqualTo(Obj.NIL);
        assertThat(r.has("zzz")).isFalse();
        assertThat(r.namesText()).isEqualTo("a, b, c");
        java.util.Map<String, Object> ids = r.toMap(ref -> ref == Obj.NIL ? null : "o" + ref);
        assertThat(ids.keySet()).containsExactly("a", "b", "c");
        assertThat(ids).containsEntry("a", "o5").containsEntry("b", null).containsEntry("c", "o7");
    }

    @Test
    void aCopyDoesNotShareItsSlots() {
        Refs r = new Refs();
        r.put("a", 1);
        Refs k = r.copy();
        k.put("a", 2);
        k.put("b", 3);
        r.clear();
        assertThat(r.isEmpty()).isTrue();
        assertThat(k.get("a")).isEqualTo(2);
        assertThat(k.size()).isEqualTo(2);
    }
}
