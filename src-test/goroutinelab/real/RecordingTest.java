package goroutinelab.real;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The recordings bundled with the lab (lessons/real/ID.json), and how a run is cut down to one. */
class RecordingTest {

    @TestFactory
    Stream<DynamicTest> everyGoLessonHasARecordingThatReadsBack() throws Exception {
        return GoHere.goLessons().stream().map(f -> DynamicTest.dynamicTest(f.toString(), () -> {
            String id = f.getFileName().toString().replace(".yaml", "");
            Path file = Path.of("lessons", "real", id + ".json");
            assertThat(file).as("a recording of " + id + " (docs/real-trace.md says how to make one)").exists();
            RealTrace t = RealTrace.mapper().readValue(file.toFile(), RealTrace.class);
            assertThat(t.format()).isEqualTo(RealTrace.FORMAT);
            assertThat(t.lesson()).isEqualTo(id);
            assertThat(t.recorded().goVersion()).startsWith("go1.");
            assertThat(t.recorded().cpus()).isPositive();
            assertThat(t.recorded().date()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
            assertThat(t.run().endedBy()).as("main returned, or a signal the lesson injects ended it")
                    .matches("main returned|signal SIG[A-Z0-9]+");
            assertThat(t.events()).hasSizeLessThanOrEqualTo(Recording.MAX_EVENTS).isNotEmpty();
            assertThat(t.events()).allMatch(e -> e.t() >= 0 && e.t() <= t.window().toNs());
            assertThat(t.goroutines()).anyMatch(g -> Integer.valueOf(1).equals(g.g()));
            assertThat(t.goroutines()).as("every goroutine is named by the function it starts at (Go 1.19's trace says)")
                    .allSatisfy(g -> assertThat(g.start()).as("G" + g.gid()).isNotBlank());
            assertThat(t.goroutines()).filteredOn(g -> "runtime".equals(g.kind())).extracting(RealTrace.Goroutine::start)
                    .as("the runtime's own, from its start").contains("runtime.bgsweep", "runtime.forcegchelper");
            assertThat(file.toFile().length()).as("small enough to bundle").isLessThan(256 * 1024);
        }));
    }

    @Test
    void aServerFindsARecordingByLessonIdOnly() {
        assertThat(RecordedRuns.bundled("goroutine-lifecycle")).get().extracting(RealTrace::lesson).isEqualTo("goroutine-lifecycle");
        assertThat(RecordedRuns.bundled("signals-in-the-interpreter")).as("CPython only: no recording").isEmpty();
        for (String bad : new String[]{"../schema/lesson.schema", "goroutine-lifecycle.json", "", "Goroutine-Lifecycle", "x/../y"}) {
            assertThat(RecordedRuns.bundledJson(bad)).as(bad).isEmpty();
        }
    }

    @Test
    void aGoroutinesRunOfYieldsIsKeptAsOneEventAndOneSpan() {
        List<RealTrace.Event> events = new ArrayList<>();
        List<RealTrace.Span> spans = new ArrayList<>();
        events.add(ev(0, "execute"));
        for (int i = 0; i < 100; i++) {
            events.add(ev(10 + 2 * i, "gosched"));
            events.add(ev(11 + 2 * i, "execute"));
            spans.add(new RealTrace.Span(i * 2L, i * 2L + 1, 1, 1, 0L, "gosched", null));
        }
        events.add(ev(500, "goexit"));
        List<RealTrace.Event> kept = Recording.collapseYields(events);
        assertThat(kept).extracting(RealTrace.Event::kind).containsExactly("execute", "gosched", "execute", "goexit");
        assertThat(kept.get(1).value()).isEqualTo(100);
        assertThat(kept.get(2).t()).isEqualTo(209);
        List<RealTrace.Span> merged = Recording.mergeYields(spans);
        assertThat(merged).singleElement().satisfies(s -> {
            assertThat(s.from()).isZero();
            assertThat(s.to()).isEqualTo(199);
            assertThat(s.yields()).isEqualTo(99);
        });
    }

    @Test
    void heapSamplesAreThinnedEvenlyKeepingTheEnds() {
        List<RealTrace.HeapSample> heap = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            heap.add(new RealTrace.HeapSample(i, (long) i, null));
        }
        List<RealTrace.HeapSample> thin = Recording.thin(heap, 11);
        assertThat(thin).extracting(RealTrace.HeapSample::t).containsExactly(0L, 100L, 200L, 300L, 400L, 500L, 599L, 699L, 799L, 899L, 999L);
    }

    private static RealTrace.Event ev(long t, String kind) {
        return new RealTrace.Event(t, kind, 0, 0L, 1L, 1, null, null, null, null);
    }
}
