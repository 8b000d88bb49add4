package goroutinelab.real;

import goroutinelab.lesson.Lesson;
import goroutinelab.lesson.LessonLoader;
import goroutinelab.lesson.LessonStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Real runs: what they produce, their bounds, their cache, and which lessons may be run at all. */
class RealRunnerTest {
    @TempDir
    Path cache;

    /** Builds share the tests' Go build cache (GoHere's toolchain); runs are kept in this test's own folder. */
    private RealRunner runner() throws RealError {
        return new RealRunner(RealRunner.Options.defaults().withCache(cache, true).withMaxRunSeconds(30), GoHere.go());
    }

    @Test
    void aRunIsTheLessonsProgramInTheLabsWords() throws Exception {
        RealRunner r = runner();
        RealRunner.Result result = r.run(GoHere.lesson("goroutines-and-run-queues"), GoHere.lessonText("goroutines-and-run-queues"), 1);
        RealTrace t = result.runs().get(0);
        assertThat(t.run().endedBy()).isEqualTo("main returned");
        assertThat(t.run().exitCode()).isZero();
        assertThat(t.recorded().goVersion()).startsWith("go1.");
        assertThat(t.recorded().gomaxprocs()).isEqualTo(1);
        assertThat(t.goroutines()).filteredOn(g -> g.g() != null).extracting(RealTrace.Goroutine::fn)
                .containsExactly("main", "worker", "worker", "worker");
        // what every run shows, however the machine schedules it: main creates G2, G3, G4 in order and runs on P0
        assertThat(t.events()).filteredOn(e -> e.kind().equals("newproc")).extracting(RealTrace.Event::targetG)
                .containsExactly(2, 3, 4);
        assertThat(t.events()).anyMatch(e -> e.kind().equals("execute") && Integer.valueOf(1).equals(e.g()));
        assertThat(t.lanes()).extracting(RealTrace.Lane::p).containsExactly(0);
    }

    @Test
    void theRuntimesOwnGoroutinesAreNamedByTheFunctionTheyStartAt() throws Exception {
        RealTrace t = runner().run(GoHere.lesson("goroutine-lifecycle"), GoHere.lessonText("goroutine-lifecycle"), 1).runs().get(0);
        Map<String, String> kinds = new java.util.HashMap<>();
        t.goroutines().forEach(g -> kinds.put(g.start(), g.kind()));
        assertThat(kinds).containsEntry("runtime.forcegchelper", "runtime").containsEntry("runtime.bgsweep", "runtime")
                .containsEntry("runtime.bgscavenge", "runtime").containsEntry("runtime.runfinq", "runtime")
                .as("the trace's own reader is the lab's doing").containsEntry("runtime/trace.Start.func1", "lab")
                .containsEntry("main.worker", "lesson");
        assertThat(t.goroutines()).filteredOn(g -> Integer.valueOf(1).equals(g.g())).extracting(RealTrace.Goroutine::start)
                .containsExactly("runtime.main");
    }

    @Test
    void theSecondAskComesFromTheCacheAndAChangedLessonDoesNot() throws Exception {
        RealRunner r = runner();
        String text = GoHere.lessonText("goroutine-lifecycle");
        Lesson lesson = GoHere.lesson("goroutine-lifecycle");
        RealRunner.Result first = r.run(lesson, text, 1);
        assertThat(first.cached()).isFalse();
        RealRunner.Result again = r.run(lesson, text, 1);
        assertThat(again.cached()).isTrue();
        assertThat(RealTrace.mapper().writeValueAsString(again.runs().get(0)))
                .isEqualTo(RealTrace.mapper().writeValueAsString(first.runs().get(0)));
        String changed = text + "\n# a comment changes the text, so the key\n";
        RealRunner.Result other = r.run(LessonLoader.parse(changed, "lessons/goroutine-lifecycle.yaml", "goroutine-lifecycle"), changed, 1);
        assertThat(other.cached()).isFalse();
        assertThat(r.key(changed)).isNotEqualTo(r.key(text));
    }

    @Test
    void aSignalTheLessonInjectsToEndTheProgramEndsTheRunAsTheModelSays() throws Exception {
        RealTrace t = runner().run(GoHere.lesson("sigusr1"), GoHere.lessonText("sigusr1"), 1).runs().get(0);
        // SIGTERM at 8 ms ends it; on a badly overloaded machine SIGHUP at 5 ms may come before main asked for it
        assertThat(t.run().endedBy()).isIn("signal SIGTERM", "signal SIGHUP (it came before the program asked for it)");
        assertThat(t.run().exitCode()).isIn(143, 129);
        // the signals shown are the schedule's, in order, up to the run's end; a signal that ends the run falls
        // at the very end of the trace, on one side of it or the other depending on how long the lab took to
        // write the trace out, so SIGHUP is sure to be shown only when SIGTERM ended the run three ms later
        List<String> shown = t.events().stream().filter(e -> e.kind().equals("signal")).map(RealTrace.Event::reason).toList();
        assertThat(List.of("SIGUSR1", "SIGUSR2", "SIGHUP", "SIGTERM")).startsWith(shown.toArray(String[]::new));
        assertThat(shown).startsWith("SIGUSR1", "SIGUSR2");
        if (t.run().endedBy().equals("signal SIGTERM")) {
            assertThat(shown).startsWith("SIGUSR1", "SIGUSR2", "SIGHUP");
        }
    }

    @Test
    void aCgoLessonWithoutACCompilerSaysWhatItNeeds() throws Exception {
        GoToolchain go = GoHere.go();
        RealRunner r = new RealRunner(RealRunner.Options.defaults().withCache(cache, true), go.withoutCCompiler());
        assertThatThrownBy(() -> r.run(GoHere.lesson("cgo-calls"), GoHere.lessonText("cgo-calls"), 1))
                .isInstanceOf(RealError.class)
                .hasMessageContaining("calls C (cgo, lessons/cgo-calls.yaml:21)")
                .hasMessageContaining("needs a C compiler")
                .extracting(e -> ((RealError) e).kind()).isEqualTo(RealError.Kind.NEEDS_C_COMPILER);
    }

    @Test
    void aLessonWhoseModelRunsPastTheCapIsRefusedBeforeAnythingRuns() throws Exception {
        RealRunner r = new RealRunner(RealRunner.Options.defaults().withCache(cache, true).withMaxRunSeconds(5), GoHere.go());
        assertThatThrownBy(() -> r.run(GoHere.lesson("sysmon"), GoHere.lessonText("sysmon"), 1))
                .isInstanceOf(RealError.class).hasMessageContaining("runs for 130 s in the model")
                .hasMessageContaining("--max-seconds");
        assertThat(r.timeLimit(50_000_000)).isEqualTo(Duration.ofMillis(5_000));
        RealRunner wide = new RealRunner(RealRunner.Options.defaults().withCache(cache, true).withMaxRunSeconds(60), GoHere.go());
        assertThat(wide.timeLimit(50_000_000)).isEqualTo(Duration.ofMillis(10_150));
    }

    @Test
    void theTimeLimitKillsARunawayProgram() throws Exception {
        GoToolchain go = GoHere.go();
        Path dir = Files.createDirectories(cache.resolve("runaway"));
        Files.writeString(dir.resolve("go.mod"), "module runaway\n\ngo 1.19\n");
        Files.writeString(dir.resolve("main.go"), """
                package main

                func main() {
                	for {
                	}
                }
                """);
        Bounded.Outcome built = Bounded.run(List.of(go.go().toString(), "build", "-o", "runaway", "."), dir, go.env(false),
                new Bounded.Limits(Duration.ofSeconds(120), 1 << 20, 0, 0));
        assertThat(built.exitCode()).as(built.stderr()).isZero();
        Bounded.Outcome o = Bounded.run(List.of(dir.resolve("runaway").toString()), dir, Map.of(),
                new Bounded.Limits(Duration.ofMillis(800), 1 << 20, 1L << 30, 1 << 20));
        assertThat(o.limitHit()).startsWith("time limit");
        assertThat(o.wallNs()).isLessThan(Duration.ofSeconds(20).toNanos());
        assertThat(o.exitCode()).isNotZero();
        RealError e = assertThrowsLimit(o);
        assertThat(e.kind()).isEqualTo(RealError.Kind.LIMIT);
        assertThat(e.getMessage()).contains("was stopped: time limit");
    }

    private static RealError assertThrowsLimit(Bounded.Outcome o) {
        GoExport.GoProgram p = new GoExport.GoProgram("runaway", "", false, 0, 1, false, false, List.of(), List.of(), List.of());
        try {
            RealRunner.endedBy(p, o);
        } catch (RealError e) {
            return e;
        }
        throw new AssertionError("endedBy accepted a run stopped by a limit");
    }

    @Test
    void theOutputLimitStopsAProgramThatPrintsTooMuch() throws Exception {
        Bounded.Outcome o = Bounded.run(List.of("/usr/bin/yes", "a line of output"), cache, Map.of(),
                new Bounded.Limits(Duration.ofSeconds(20), 64 * 1024, 0, 0));
        assertThat(o.limitHit()).startsWith("output limit");
        assertThat(o.stdout().length()).isLessThanOrEqualTo(64 * 1024);
        assertThat(o.wallNs()).isLessThan(Duration.ofSeconds(20).toNanos());
    }

    @Test
    void theMemoryLimitRefusesAProgramMoreAddressSpace() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Bounded.kernelLimits(), "no prlimit here: memory is not limited");
        Bounded.Outcome o = Bounded.run(List.of("/bin/dd", "if=/dev/zero", "of=/dev/null", "bs=400M", "count=1"), cache, Map.of(),
                new Bounded.Limits(Duration.ofSeconds(20), 1 << 20, 100L << 20, 1 << 20));
        assertThat(o.exitCode()).isNotZero();
        assertThat(o.stderr()).containsIgnoringCase("memory");
    }

    @Test
    void atMostTheGivenNumberOfRunsHappenAtOnce() throws Exception {
        RealRunner r = new RealRunner(RealRunner.Options.defaults().withCache(cache, false).withConcurrency(1), GoHere.go());
        CompletableFuture<RealRunner.Result> a = CompletableFuture.supplyAsync(() -> run(r, "goroutines-and-run-queues"));
        CompletableFuture<RealRunner.Result> b = CompletableFuture.supplyAsync(() -> run(r, "work-stealing"));
        assertThat(a.get().runs()).hasSize(2);
        assertThat(b.get().runs()).hasSize(2);
        assertThat(r.mostInFlight()).isEqualTo(1);
    }

    private static RealRunner.Result run(RealRunner r, String id) {
        try {
            return r.run(GoHere.lesson(id), GoHere.lessonText(id), 2);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- which lessons may be run ---------------------------------------------------------------------------

    @Test
    void onlyTheServersOwnLessonsMayBeRun() throws Exception {
        LessonStore store = LessonStore.bundled();
        assertThat(TrustedLessons.resolve(store, "goroutine-lifecycle").lesson().id()).isEqualTo("goroutine-lifecycle");
        for (String forged : new String[]{"../lessons/goroutine-lifecycle", "goroutine-lifecycle.yaml", "", "GOROUTINE-LIFECYCLE",
                "no-such-lesson", "a".repeat(65), "goroutine-lifecycle\n", "%2e%2e"}) {
            assertThatThrownBy(() -> TrustedLessons.resolve(store, forged)).as(forged).isInstanceOf(RealError.class)
                    .extracting(e -> ((RealError) e).kind()).isEqualTo(RealError.Kind.REFUSED);
        }
        assertThatThrownBy(() -> TrustedLessons.resolve(store, "signals-in-the-interpreter"))
                .isInstanceOf(RealError.class).hasMessageContaining("CPython");
    }

    @Test
    void aDraftFromTheAuthorPageIsRefused() throws Exception {
        LessonStore store = LessonStore.bundled();
        String text = GoHere.lessonText("goroutine-lifecycle");
        String id = store.previews().put(LessonLoader.parse(text, "draft", null), text, null);
        assertThat(store.get(id)).isPresent();
        assertThatThrownBy(() -> TrustedLessons.resolve(store, id)).isInstanceOf(RealError.class)
                .hasMessageContaining("draft from the author page");
    }

    @Test
    void anOversizedLessonOnDiskIsRefused(@TempDir Path dir) throws Exception {
        String text = GoHere.lessonText("goroutine-lifecycle") + "# " + "x".repeat(600_000) + "\n";
        Files.writeString(dir.resolve("goroutine-lifecycle.yaml"), text);
        LessonStore store = LessonStore.folder(dir);
        assertThatThrownBy(() -> TrustedLessons.resolve(store, "goroutine-lifecycle")).isInstanceOf(RealError.class)
                .extracting(e -> ((RealError) e).kind()).isEqualTo(RealError.Kind.REFUSED);
        Files.writeString(dir.resolve("goroutine-lifecycle.yaml"), GoHere.lessonText("goroutine-lifecycle"));
        store.rescan(); // the folder is read off the request path, once a second; the test does not wait for it
        assertThat(TrustedLessons.resolve(store, "goroutine-lifecycle").text()).isEqualTo(GoHere.lessonText("goroutine-lifecycle"));
    }
}
