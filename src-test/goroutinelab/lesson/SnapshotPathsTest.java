package goroutinelab.lesson;

import goroutinelab.engine.Engine;
import goroutinelab.engine.RandomPrograms;
import goroutinelab.engine.compare.CompareEngine;
import goroutinelab.engine.cpython.Interpreter;
import goroutinelab.engine.cpython.PyRandomPrograms;
import goroutinelab.engine.runtime.GoRuntime;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.LongFunction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every path a real snapshot has must be known to SnapshotPaths, so that an
 * expect path the loader accepts can be found at play time: runs random
 * programs under each model and walks every snapshot taken along the way.
 */
class SnapshotPathsTest {

    @Test
    void everyPathOfAGoSnapshotIsKnown() {
        Set<String> seen = new TreeSet<>();
        assertThat(unknownPaths(seed -> {
            RandomPrograms.Case c = RandomPrograms.generate(seed);
            return new GoRuntime(c.program(), c.config());
        }, Lesson.Model.GO, seen)).isEmpty();
        // the random programs reach the heap, the collector's workers and signal delivery, not only the scheduler
        for (String part : new String[]{"heap.", "stacks.", "globals.", "gc.workers.", "gc.grey", "signals.notify.",
                "signals.inflight", "signals.loopG", "netpoll.waiting"}) {
            assertThat(seen).as("a path starting " + part).anyMatch(p -> p.startsWith(part));
        }
    }

    @Test
    void everyPathOfAnInterpreterSnapshotIsKnown() {
        assertThat(unknownPaths(seed -> {
            RandomPrograms.Case c = PyRandomPrograms.generate(seed);
            return new Interpreter(c.program(), c.config());
        }, Lesson.Model.CPYTHON, new TreeSet<>())).isEmpty();
    }

    @Test
    void everyPathOfACompareSnapshotIsKnown() {
        assertThat(unknownPaths(seed -> {
            RandomPrograms.Case c = RandomPrograms.generate(seed);
            return new CompareEngine(c.program(), c.config());
        }, Lesson.Model.COMPARE, new TreeSet<>())).isEmpty();
    }

    @Test
    void modelsAcceptTheirOwnPrefixesAndRejectOthers() {
        assertThat(SnapshotPaths.check("cpython.gil.holder", Set.of(), Lesson.Model.CPYTHON)).isNull();
        assertThat(SnapshotPaths.check("cpython.threads.1.state", Set.of(), Lesson.Model.COMPARE)).isNull();
        assertThat(SnapshotPaths.check("go.p.0.runq.length", Set.of(), Lesson.Model.COMPARE)).isNull();
        assertThat(SnapshotPaths.check("cpython.process.exitCode", Set.of(), Lesson.Model.COMPARE)).isNull();
        assertThat(SnapshotPaths.check("process.exitCode", Set.of(), Lesson.Model.CPYTHON)).isNull();
        assertThat(SnapshotPaths.check("p.0.runq", Set.of(), Lesson.Model.COMPARE))
                .contains("start with go. or cpython.");
        assertThat(SnapshotPaths.check("cpython.gil.holdr", Set.of(), Lesson.Model.CPYTHON))
                .contains("did you mean").contains("holder");
        assertThat(SnapshotPaths.check("g.1.status", Set.of(), Lesson.Model.CPYTHON)).contains("no field 'g'");
    }

    @Test
    void everyKnownEventKindHasACountFromTheStartAndReadsZeroBeforeItHappens() {
        GoRuntime go = new GoRuntime(goroutinelab.engine.Program.of(Map.of("main",
                java.util.List.of(new goroutinelab.engine.Op.Compute(1000)))), goroutinelab.engine.RuntimeConfig.DEFAULT);
        @SuppressWarnings("unchecked")
        Map<String, Object> events = (Map<String, Object>) ((Map<String, Object>) go.snapshot().get("stats")).get("events");
        for (goroutinelab.engine.EventKind k : goroutinelab.engine.EventKind.values()) {
            assertThat(events).as(k.wire()).containsEntry(k.wire(), 0L);
            assertThat(SnapshotPaths.check("stats.events." + k.wire(), Set.of())).isNull();
        }
        assertThat(SnapshotPaths.check("stats.events.retak", Set.of())).contains("did you mean").contains("retake");
        assertThat(SnapshotPaths.check("cpython.stats.events.gil_drop", Set.of(), Lesson.Model.CPYTHON)).isNull();
    }

    private static Set<String> unknownPaths(LongFunction<Engine> make, Lesson.Model model, Set<String> seen) {
        Set<String> unknown = new TreeSet<>();
        for (long seed = 1; seed <= 60; seed++) {
            Engine e = make.apply(seed);
            for (int i = 0; i < 400; i++) {
                if (i % 7 == 0) {
                    walk("", e.snapshot(), model, unknown, seen);
                }
                if (e.step() == null) {
                    break;
                }
            }
            walk("", e.snapshot(), model, unknown, seen);
        }
        return unknown;
    }

    private static void walk(String prefix, Object node, Lesson.Model model, Set<String> unknown, Set<String> seen) {
        if (node instanceof Map<?, ?> m && !m.isEmpty()) {
            for (Map.Entry<?, ?> en : m.entrySet()) {
                walk(prefix.isEmpty() ? String.valueOf(en.getKey()) : prefix + "." + en.getKey(), en.getValue(), model, unknown, seen);
            }
            return;
        }
        if (prefix.isEmpty()) {
            return;
        }
        seen.add(prefix);
        String bad = SnapshotPaths.check(prefix, Set.of(), model);
        if (bad != null) {
            unknown.add(prefix + ": " + bad);
        }
    }
}
