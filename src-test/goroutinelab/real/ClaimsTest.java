package goroutinelab.real;

import goroutinelab.lesson.LessonError;
import goroutinelab.lesson.YamlTree;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Claims about a real run: how they are written, checked, and counted. */
class ClaimsTest {
    private static final String FILE = """
            lesson: demo
            real:
              runs: 10
              claims:
                - id: g2-first
                  say: G2 runs before G3.
                  order: [{event: execute, g: 2}, {event: execute, g: 3}]
                - id: quick-ready
                  say: G2 is readied within 1 ms of the signal, on this machine (timing-dependent).
                  within: {event: goready, g: 2, after: {event: signal, reason: SIGUSR1}, from: 0us, to: 1ms}
                  timing: true
                - id: preempted
                  say: G2 is preempted at least twice.
                  count: {event: preempt, g: 2, atLeast: 2}
                  fact: false
            """;

    private static Claims.ClaimSet read(String text) throws LessonError {
        return Claims.readFile(text, "real-claims/demo.yaml", "demo");
    }

    private static Claims.Seen at(long t, String kind, Integer g) {
        return new Claims.Seen(t, kind, g, null, 0, null);
    }

    @Test
    void aClaimsFileIsRead() throws Exception {
        Claims.ClaimSet set = read(FILE);
        assertThat(set.lesson()).isEqualTo("demo");
        assertThat(set.runs()).isEqualTo(10);
        assertThat(set.claims()).extracting(Claims.Claim::id).containsExactly("g2-first", "quick-ready", "preempted");
        assertThat(set.claims()).extracting(Claims.Claim::kind).containsExactly("order", "within", "count");
        assertThat(set.claims()).extracting(Claims.Claim::fact).containsExactly(true, true, false);
        assertThat(set.claims().get(1).toNs()).isEqualTo(1_000_000);
        assertThat(set.claims().get(1).after().reason()).isEqualTo("SIGUSR1");
        assertThat(set.claims().get(0).line()).isEqualTo(5);
    }

    @Test
    void theSameSectionIsReadFromALesson() throws Exception {
        String lesson = "format: 1\nid: demo\n" + FILE.substring(FILE.indexOf("real:"));
        Claims.ClaimSet set = Claims.read(YamlTree.parse(lesson, "lessons/demo.yaml"), "lessons/demo.yaml", "demo", "/real");
        assertThat(set.claims()).hasSize(3);
        assertThat(Claims.read(YamlTree.parse("format: 1\n", "x.yaml"), "x.yaml", "x", "/real")).isNull();
    }

    @Test
    void aMistakeIsReportedAtItsLineWithWhatWasExpected() {
        assertThatThrownBy(() -> read(FILE.replace("event: execute, g: 3", "event: exeucte, g: 3")))
                .isInstanceOf(LessonError.class).hasMessageContaining("real-claims/demo.yaml:7:")
                .hasMessageContaining("unknown event 'exeucte' (did you mean 'execute'?)");
        assertThatThrownBy(() -> read(FILE.replace("timing: true", "fact: true")))
                .hasMessageContaining("a within claim depends on timing: mark it timing: true");
        assertThatThrownBy(() -> read(FILE.replace("atLeast: 2", "atleast: 2")))
                .hasMessageContaining("unknown key 'atleast' (did you mean 'atLeast'?)");
        assertThatThrownBy(() -> read(FILE.replace("lesson: demo", "lesson: other")))
                .hasMessageContaining("must equal the file name 'demo'");
        assertThatThrownBy(() -> read(FILE.replace("to: 1ms", "to: 1")))
                .hasMessageContaining("expected a duration with a unit");
        assertThatThrownBy(() -> read(FILE.replace("      say: G2 runs before G3.\n", "")))
                .hasMessageContaining("expected say:");
        assertThatThrownBy(() -> read(FILE.replace("id: preempted", "id: g2-first")))
                .hasMessageContaining("two claims have the id 'g2-first'");
    }

    @Test
    void orderHoldsWhenTheFirstOfEachHappensInThatOrder() throws Exception {
        Claims.Claim order = read(FILE).claims().get(0);
        assertThat(Claims.holds(order, List.of(at(1, "execute", 2), at(2, "execute", 3)))).isTrue();
        assertThat(Claims.holds(order, List.of(at(1, "execute", 3), at(2, "execute", 2), at(3, "execute", 3)))).isFalse();
        assertThat(Claims.holds(order, List.of(at(1, "execute", 2)))).as("G3 never runs").isFalse();
        assertThat(Claims.holds(order, List.of(at(5, "execute", 2), at(5, "execute", 3)))).as("at the same time").isFalse();
    }

    @Test
    void withinMeasuresFromTheEventItIsAfter() throws Exception {
        Claims.Claim within = read(FILE).claims().get(1);
        Claims.Seen signal = new Claims.Seen(10_000_000, "signal", null, null, null, "SIGUSR1");
        assertThat(Claims.holds(within, List.of(signal, at(10_400_000, "goready", 2)))).isTrue();
        assertThat(Claims.holds(within, List.of(signal, at(11_400_000, "goready", 2)))).isFalse();
        assertThat(Claims.holds(within, List.of(at(9_000_000, "goready", 2), signal))).as("only after it counts").isFalse();
        assertThat(Claims.holds(within, List.of(at(10_400_000, "goready", 2)))).as("no signal").isFalse();
    }

    @Test
    void countCountsEveryMatchingEvent() throws Exception {
        Claims.Claim count = read(FILE).claims().get(2);
        assertThat(Claims.holds(count, List.of(at(1, "preempt", 2), at(2, "preempt", 3), at(3, "preempt", 2)))).isTrue();
        assertThat(Claims.holds(count, List.of(at(1, "preempt", 2), at(2, "preempt", 3)))).isFalse();
    }

    @Test
    void aFactMustHoldInNineRunsOfTen() {
        assertThat(Claims.enough(10, 10)).isTrue();
        assertThat(Claims.enough(9, 10)).isTrue();
        assertThat(Claims.enough(8, 10)).isFalse();
        assertThat(Claims.enough(18, 20)).isTrue();
        assertThat(Claims.enough(17, 20)).isFalse();
        assertThat(Claims.enough(1, 1)).isTrue();
        assertThat(Claims.enough(0, 0)).isFalse();
    }

    @Test
    void newprocAndGoreadyMatchTheGoroutineCreatedOrReadied() {
        RealTrace.Event readied = new RealTrace.Event(5, "goready", 0, null, 7L, 1, 9L, 2, null, null);
        RealTrace t = new RealTrace(1, "x", null, new RealTrace.RunInfo(0, 0, "main returned", 10, 10), List.of(), List.of(),
                List.of(readied), List.of(), new RealTrace.Gc(List.of(), List.of(), List.of(), List.of(), List.of()), null, null);
        Claims.Seen s = Claims.seen(t).get(0);
        assertThat(s.g()).isEqualTo(2);
        assertThat(s.by()).isEqualTo(1);
    }
}
