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
import java.util.concurrent.atomic.AtomicLong;

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
    void aSessionGrownAfterAdmissionStopsAtTheServersBudgetWhileASmallOneGoesOn() {
        // about seven worlds of a thousand goroutines
        MemoryBudget memory = new MemoryBudget(5L << 20);
        List<JsonNode> big = new ArrayList<>();
        List<JsonNode> small = new ArrayList<>();
        AtomicLong clock = new AtomicLong();
        Session a = new Session(store, Limits.defaults(), LimitsTest.into(big), clock::get, () -> 0, memory, EnginePool.Sharing.NONE);
        Session b = new Session(store, Limits.defaults(), LimitsTest.into(small), clock::get, () -> 0, memory, EnginePool.Sharing.NONE);
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
