package goroutinelab.web;

import com.fasterxml.jackson.databind.JsonNode;
import goroutinelab.lesson.LessonStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sessions admitted while the heap was empty cannot grow it past the
 * server's budget: a move that would take a large session past it stops
 * where it got to (or is refused before it starts) with a {@code limit}
 * error, while a session under its equal share goes on.
 */
class MemoryBudgetTest {
    static LessonStore store;

    @BeforeAll
    static void lessons() throws IOException {
        Path dir = Files.createTempDirectory("memory-lessons");
        for (String id : List.of("endless", "thousand-goroutines")) {
            try (InputStream in = MemoryBudgetTest.class.getResourceAsStream("/bench/" + id + ".yaml")) {
                Files.write(dir.resolve(id + ".yaml"), in.readAllBytes());
            }
        }
        store = LessonStore.folder(dir);
    }

    /** A session of this budget writing into {@code out}, for the client {@code address} (null: none); its clock stands still. */
    private static Session session(MemoryBudget memory, List<JsonNode> out, String address) {
        return new Session(store, Limits.defaults(), LimitsTest.into(out), () -> 0, () -> 0, memory, EnginePool.Sharing.NONE, address);
    }

    @Test
    void aHolderMayGrowWhileTheTotalFitsOrWithinAnEqualShare() {
        MemoryBudget m = new MemoryBudget(1000);
        Object a = new Object();
        Object b = new Object();
        Object c = new Object();
        assertThat(m.mayHold(a, 700)).isTrue();
        m.hold(a, 700);
        assertThat(m.mayHold(b, 300)).isTrue();
        m.hold(b, 300);
        assertThat(m.mayHold(a, 701)).as("a holds more than its share and the total is full").isFalse();
        assertThat(m.mayHold(a, 600)).as("shrinking is always allowed").isTrue();
        assertThat(m.mayHold(c, 333)).as("a newcomer within a third").isTrue();
        assertThat(m.mayHold(c, 334)).isFalse();
        m.hold(c, 333);
        assertThat(m.mayHold(b, 333)).as("b within its share, though the total is past the budget").isTrue();
        assertThat(m.totalBytes()).isEqualTo(1333);
        m.release(a);
        assertThat(m.totalBytes()).isEqualTo(633);
        assertThat(m.mayHold(b, 667)).isTrue();
    }

    @Test
    void oneClientsHoldersTogetherStopAtItsShareEvenEachUnderAnEqualShare() {
        MemoryBudget m = new MemoryBudget(1000, 300);
        Object a = new Object();
        Object b = new Object();
        Object c = new Object();
        Object map = new Object();
        m.hold(a, "x", 200);
        assertThat(m.room(b, "x", 100)).isEqualTo(MemoryBudget.Room.YES);
        assertThat(m.room(b, "x", 101)).as("x's two holders would pass its 300, though the total is far from 1000")
                .isEqualTo(MemoryBudget.Room.CLIENT_FULL);
        m.hold(b, "x", 100);
        assertThat(m.heldByClient("x")).isEqualTo(300);
        assertThat(m.room(c, "y", 300)).as("another client has its own share").isEqualTo(MemoryBudget.Room.YES);
        m.hold(c, "y", 300);
        assertThat(m.mayHold(map, 400)).as("a lesson's map is nobody's: only the total counts").isTrue();
        m.hold(map, 400);
        assertThat(m.totalBytes()).isEqualTo(1000);
        assertThat(m.largestClientBytes()).isEqualTo(300);
        assertThat(m.room(a, "x", 150)).as("shrinking is always allowed").isEqualTo(MemoryBudget.Room.YES);
        m.hold(a, "x", 150);
        assertThat(m.heldByClient("x")).isEqualTo(250);
        assertThat(m.room(b, "x", 150)).as("back to x's share and the budget, exactly").isEqualTo(MemoryBudget.Room.YES);
        assertThat(m.room(b, "x", 151)).isEqualTo(MemoryBudget.Room.CLIENT_FULL);
        m.release(a);
        assertThat(m.heldByClient("x")).isEqualTo(100);
        assertThat(m.room(b, "x", 300)).isEqualTo(MemoryBudget.Room.YES);
    }

    @Test
    void withinItsClientsShareAHolderStillMeetsTheServersBudget() {
        MemoryBudget m = new MemoryBudget(1000, 600);
        Object a = new Object();
        Object b = new Object();
        Object c = new Object();
        m.hold(a, "x", 500);
        m.hold(c, "y", 500);
        assertThat(m.room(a, "x", 501)).as("x has room, but the total is full and a past an equal share (500)")
                .isEqualTo(MemoryBudget.Room.SERVER_FULL);
        assertThat(m.room(b, "x", 101)).as("a newcomer of x: x's share comes first").isEqualTo(MemoryBudget.Room.CLIENT_FULL);
        assertThat(m.room(b, "x", 100)).as("within x's share and a third of the budget").isEqualTo(MemoryBudget.Room.YES);
    }

    @Test
    void aClientsShareIsNeverMoreThanTheWholeBudget() {
        assertThat(new MemoryBudget(1000, 5000).maxClientBytes()).isEqualTo(1000);
        assertThat(new MemoryBudget(1000).maxClientBytes()).isEqualTo(1000);
    }

    @Test
    void sessionsOfOneAddressStopAtItsShareWithAMessageSayingSoWhileAnotherAddressGrows() {
        // the server's budget far from full; each address may hold about three worlds of a thousand goroutines
        MemoryBudget memory = new MemoryBudget(100L << 20, 3L << 20);
        List<JsonNode> first = new ArrayList<>();
        List<JsonNode> second = new ArrayList<>();
        List<JsonNode> other = new ArrayList<>();
        Session a = session(memory, first, "10.0.0.5");
        Session b = session(memory, second, "10.0.0.5");
        Session c = session(memory, other, "10.0.0.6");
        a.onMessage("{\"op\":\"load\",\"lesson\":\"thousand-goroutines\"}");
        b.onMessage("{\"op\":\"load\",\"lesson\":\"thousand-goroutines\"}");
        c.onMessage("{\"op\":\"load\",\"lesson\":\"thousand-goroutines\"}");
        first.clear();
        a.onMessage("{\"op\":\"seek\",\"step\":40000}");
        assertThat(first).hasSize(2);
        long reached = first.get(0).path("step").asLong();
        assertThat(reached).as("stopped where the address's share was reached").isBetween(1L, 39_999L);
        assertThat(first.get(1).path("code").asText()).isEqualTo("limit");
        assertThat(first.get(1).path("message").asText()).contains("stopped at step " + reached)
                .contains("short of memory for the runs from your address").contains("close other lab tabs")
                .doesNotContain("Exception").doesNotContain("MemoryBudget");
        assertThat(memory.heldByClient("10.0.0.5")).as("within the address's share, give or take one world")
                .isLessThan((3L << 20) + (1L << 20));
        // the same address's other session: refused before it starts, though it holds less than anybody
        second.clear();
        b.onMessage("{\"op\":\"step\",\"n\":5000}");
        assertThat(second).hasSize(1);
        assertThat(second.get(0).path("code").asText()).isEqualTo("limit");
        assertThat(second.get(0).path("message").asText()).contains("short of memory for the runs from your address");
        // another address grows as far as its own share
        other.clear();
        c.onMessage("{\"op\":\"step\",\"n\":2000}");
        assertThat(other).extracting(m -> m.path("type").asText()).containsExactly("frame");
        // once the first has gone back to the start, the second has room
        a.onMessage("{\"op\":\"reset\"}");
        second.clear();
        b.onMessage("{\"op\":\"step\",\"n\":2000}");
        assertThat(second).extracting(m -> m.path("type").asText()).containsExactly("frame");
    }

    @Test
    void aLinkWhoseRebuildWouldTakeItsAddressPastItsShareIsRefusedAndTheSessionKeepsItsRun() {
        MemoryBudget memory = new MemoryBudget(100L << 20, 3L << 20);
        List<JsonNode> first = new ArrayList<>();
        List<JsonNode> second = new ArrayList<>();
        Session a = session(memory, first, "10.0.0.5");
        Session b = session(memory, second, "10.0.0.5");
        b.onMessage("{\"op\":\"load\",\"lesson\":\"endless\"}");
        a.onMessage("{\"op\":\"load\",\"lesson\":\"thousand-goroutines\"}");
        a.onMessage("{\"op\":\"seek\",\"step\":40000}");
        second.clear();
        // a link far into the large lesson: its rebuild stops at the address's share, and the load is refused
        b.onMessage("{\"op\":\"load\",\"lesson\":\"thousand-goroutines\",\"step\":30000}");
        assertThat(second).hasSize(1);
        assertThat(second.get(0).path("code").asText()).isEqualTo("limit");
        assertThat(second.get(0).path("message").asText()).contains("short of memory for the runs from your address");
        assertThat(memory.heldByClient("10.0.0.5")).isLessThan((3L << 20) + (1L << 20));
        // the session kept its own run: once the address has room, it goes on from step 0 of it
        a.onMessage("{\"op\":\"reset\"}");
        second.clear();
        b.onMessage("{\"op\":\"step\",\"n\":1}");
        assertThat(second).extracting(m -> m.path("type").asText()).containsExactly("frame");
        assertThat(second.get(0).path("step").asLong()).isEqualTo(1);
    }

    @Test
    void aSessionGrownAfterAdmissionStopsAtTheServersBudgetWhileASmallOneGoesOn() {
        // about seven worlds of a thousand goroutines
        MemoryBudget memory = new MemoryBudget(5L << 20);
        List<JsonNode> big = new ArrayList<>();
        List<JsonNode> small = new ArrayList<>();
        Session a = session(memory, big, null);
        Session b = session(memory, small, null);
        a.onMessage("{\"op\":\"load\",\"lesson\":\"thousand-goroutines\"}");
        b.onMessage("{\"op\":\"load\",\"lesson\":\"endless\"}");
        big.clear();
        a.onMessage("{\"op\":\"seek\",\"step\":40000}");
        assertThat(big).hasSize(2);
        long reached = big.get(0).path("step").asLong();
        assertThat(reached).as("stopped where the budget was reached").isBetween(1L, 39_999L);
        assertThat(big.get(1).path("code").asText()).isEqualTo("limit");
        assertThat(big.get(1).path("message").asText()).contains("stopped at step " + reached).contains("short of memory");
        assertThat(memory.totalBytes()).as("within the budget, give or take one world").isLessThan((5L << 20) + (1L << 20));
        big.clear();
        a.onMessage("{\"op\":\"step\",\"n\":1000}");
        assertThat(big).hasSize(1);
        assertThat(big.get(0).path("message").asText()).as("refused before it starts").contains("short of memory");
        // the small session is under its share: it goes on
        small.clear();
        b.onMessage("{\"op\":\"step\",\"n\":5000}");
        assertThat(small).extracting(m -> m.path("type").asText()).containsExactly("frame");
        // going back needs nothing new
        big.clear();
        a.onMessage("{\"op\":\"back\",\"n\":100}");
        assertThat(big).extracting(m -> m.path("type").asText()).containsExactly("frame");
        assertThat(big.get(0).path("step").asLong()).isEqualTo(reached - 100);
        // once the big one has gone, there is room again
        a.closed();
        assertThat(memory.heldBy(a)).isZero();
        assertThat(memory.totalBytes()).isLessThan(5L << 20);
    }
}
