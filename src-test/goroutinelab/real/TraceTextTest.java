package goroutinelab.real;

import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The trace readers and the converter, on real traces: Go 1.19 runs of the
 * lab's own lessons (go tool trace -d), and Go's own test traces in the newer
 * wire text (src-test/resources/real/README.md says where each comes from).
 */
class TraceTextTest {
    private static final Path GO119 = Path.of("src-test/resources/real/go119");
    private static final Path GO122 = Path.of("src-test/resources/real/go122");

    private static RealTrace convert(Path trace, List<String> stderr) throws Exception {
        TraceText.Parsed p;
        try (var r = Files.newBufferedReader(trace)) {
            p = TraceText.parse(r);
        }
        assertThat(p.truncated()).isFalse();
        return RealTraceBuilder.build("t", p.events(), List.of(), GcTrace.parse(stderr),
                new RealTrace.RunInfo(0, 0, "main returned", 0, 0), null);
    }

    private static RealTrace convert(Path trace) throws Exception {
        return convert(trace, List.of());
    }

    /** The lesson goroutines' events, as "kind G" or "kind G->G", in order. */
    private static List<String> story(RealTrace t) {
        return t.events().stream().filter(e -> e.g() != null || e.targetG() != null)
                .filter(e -> !e.kind().equals("gomaxprocs"))
                .map(e -> e.kind() + (e.g() != null ? " G" + e.g() : "") + (e.targetG() != null ? "->G" + e.targetG() : "")
                        + (e.reason() != null ? " (" + e.reason() + ")" : ""))
                .toList();
    }

    private static long count(RealTrace t, String kind, Integer g) {
        return t.events().stream().filter(e -> e.kind().equals(kind) && (g == null || g.equals(e.g()))).count();
    }

    // ---- Go 1.19: go tool trace -d --------------------------------------------------------------------------

    @Test
    void go119TheLessonsGoroutinesAreNumberedAsTheModelNumbersThem() throws Exception {
        RealTrace t = convert(GO119.resolve("goroutine-lifecycle.txt"));
        assertThat(RealTraceBuilder.lessonGoroutines(t)).containsOnlyKeys(1, 2);
        RealTrace.Goroutine worker = t.goroutines().stream().filter(g -> Integer.valueOf(2).equals(g.g())).findFirst().orElseThrow();
        assertThat(worker.fn()).isEqualTo("worker");
        assertThat(worker.kind()).isEqualTo("lesson");
        assertThat(worker.gid()).isNotEqualTo(2); // the runtime's own goroutines took the low ids
        assertThat(story(t)).containsSubsequence(
                "newproc G1->G2", "gopark G1 (chan receive)", "execute G2", "gopark G2 (sleep)", "goready->G2",
                "execute G2", "entersyscall G2", "goready G2->G1", "goexit G2", "execute G1");
        assertThat(t.run().durationNs()).isPositive();
        assertThat(t.events()).allMatch(e -> e.t() >= 0 && e.t() <= t.run().durationNs());
    }

    @Test
    void go119LanesSayWhoHeldEachPAndWhyTheyLetGo() throws Exception {
        RealTrace t = convert(GO119.resolve("goroutine-lifecycle.txt"));
        List<RealTrace.Span> p0 = t.lanes().stream().filter(l -> l.p() == 0).findFirst().orElseThrow().spans();
        assertThat(p0).extracting(s -> s.g() + " " + s.end() + (s.reason() != null ? " " + s.reason() : ""))
                .containsSubsequence("1 gopark chan receive", "2 gopark sleep", "2 goexit");
        for (RealTrace.Lane l : t.lanes()) {
            for (int i = 1; i < l.spans().size(); i++) {
                assertThat(l.spans().get(i).from()).as("P%d's spans do not overlap", l.p()).isGreaterThanOrEqualTo(l.spans().get(i - 1).to());
            }
        }
    }

    @Test
    void go119SystemCallsThatLostTheirPAreHandOffsAndSlowExits() throws Exception {
        RealTrace t = convert(GO119.resolve("syscalls-and-handoff.txt"));
        assertThat(RealTraceBuilder.lessonGoroutines(t)).containsOnlyKeys(1, 2, 3);
        List<RealTrace.Syscall> main = t.syscalls().stream().filter(s -> Integer.valueOf(1).equals(s.g())).toList();
        assertThat(main).hasSize(4);
        assertThat(main.get(0).handoff()).as("the 5 µs call keeps its P").isNull();
        assertThat(main.get(0).toKnown()).isFalse();
        assertThat(main.subList(1, 4)).allMatch(s -> s.handoff() != null && s.to() != null && s.toKnown() && s.handoff() < s.to());
        assertThat(count(t, "handoffp", 1)).isEqualTo(3);
        assertThat(count(t, "exitsyscall", 1)).isEqualTo(3);
        Set<Integer> ps = t.lanes().stream().filter(l -> l.spans().stream().anyMatch(s -> Integer.valueOf(1).equals(s.g())))
                .map(RealTrace.Lane::p).collect(Collectors.toSet());
        assertThat(ps).as("G1 is not tied to one P").hasSizeGreaterThan(1);
    }

    @Test
    void go119TheCollectorsCyclesPausesAssistsAndHeap() throws Exception {
        RealTrace t = convert(GO119.resolve("gc-pacing.txt"), Files.readAllLines(GO119.resolve("gc-pacing.stderr.txt")));
        RealTrace.Gc gc = t.gc();
        assertThat(gc.cycles()).hasSize(2).allMatch(c -> c.to() != null && c.to() > c.from());
        assertThat(gc.stw()).extracting(RealTrace.Pause::reason)
                .containsExactly("sweep termination", "mark termination", "sweep termination", "mark termination");
        assertThat(gc.assists()).isNotEmpty().allMatch(a -> Integer.valueOf(2).equals(a.g()));
        assertThat(gc.heap()).hasSizeGreaterThan(10);
        assertThat(gc.heap().stream().map(RealTrace.HeapSample::goal).distinct().filter(g -> g != null))
                .as("the goal after each cycle, and after the lab puts the lesson's GOGC back").hasSize(3);
        assertThat(gc.gctrace()).hasSize(2);
        assertThat(gc.gctrace().get(0).goalMB()).isEqualTo(1);
        assertThat(gc.gctrace().get(0).procs()).isEqualTo(4);
        // the GC workers G1 started are the runtime's, not the lesson's; the lab's finalizer is the lab's
        assertThat(t.goroutines()).filteredOn(g -> g.label() != null && g.label().startsWith("GC ")).isNotEmpty()
                .allMatch(g -> g.g() == null && g.kind().equals("runtime"));
        assertThat(t.goroutines()).anyMatch(g -> g.kind().equals("lab") && "gc percent".equals(g.label()));
        assertThat(RealTraceBuilder.lessonGoroutines(t)).containsOnlyKeys(1, 2);
    }

    @Test
    void go119AFatalSignalEndsTheRunWhereTheLabCaughtIt() throws Exception {
        RealTrace t = convert(GO119.resolve("sigusr1.txt"));
        assertThat(t.run().durationNs()).isBetween(7_000_000L, 30_000_000L);
        assertThat(story(t)).containsSubsequence("newproc G1->G2", "gopark G2 (chan receive)", "goready->G2", "execute G2");
        RealTrace.Event readied = t.events().stream().filter(e -> e.kind().equals("goready") && Integer.valueOf(2).equals(e.targetG()))
                .findFirst().orElseThrow();
        assertThat(readied.g()).as("os/signal's loop goroutine readies the handler: it is the runtime's").isNull();
    }

    @Test
    void go119ALoopWithoutCallsIsPreempted() throws Exception {
        RealTrace t = convert(GO119.resolve("async-preemption.txt"));
        assertThat(RealTraceBuilder.lessonGoroutines(t)).containsOnlyKeys(1, 2, 3);
        assertThat(count(t, "preempt", 2)).isGreaterThanOrEqualTo(1);
        assertThat(count(t, "preempt", 3)).isGreaterThanOrEqualTo(1);
    }

    // ---- Go 1.22+: the wire text, on Go's own test traces ----------------------------------------------------

    @Test
    void wireTextTicksBecomeNanosecondsAndThreadsGiveEachEventItsPAndGoroutine() throws Exception {
        RealTrace t = convert(GO122.resolve("go122-annotations.test"));
        RealTrace.Event first = t.events().stream().filter(e -> e.kind().equals("execute")).findFirst().orElseThrow();
        assertThat(first.gid()).isEqualTo(1);
        assertThat(first.p()).isEqualTo(0);
        assertThat(first.m()).isEqualTo(167926);
        assertThat(first.t() % 64).as("15625000 ticks a second: 64 ns a tick").isZero();
        assertThat(t.events().stream().filter(e -> e.kind().equals("newproc")).map(RealTrace.Event::targetGid))
                .containsExactly(6L, 7L, 8L, 9L);
        assertThat(t.events()).anyMatch(e -> e.kind().equals("gopark") && e.gid() == 1 && "sync".equals(e.reason()));
        assertThat(t.events()).anyMatch(e -> e.kind().equals("gopark") && e.gid() == 7 && "chan receive".equals(e.reason()));
        assertThat(t.events()).anyMatch(e -> e.kind().equals("goready") && e.gid() == 9 && e.targetGid() == 1);
        assertThat(t.events()).anyMatch(e -> e.kind().equals("goexit") && e.gid() == 9);
        assertThat(t.gc().stw()).extracting(RealTrace.Pause::reason).containsExactly("start trace");
        assertThat(t.gc().heap()).anyMatch(h -> Long.valueOf(4194304).equals(h.goal()));
        assertThat(t.lanes()).extracting(RealTrace.Lane::p).containsExactly(0, 1, 2);
    }

    @Test
    void wireTextAPStolenFromASystemCallIsAHandOff() throws Exception {
        RealTrace simple = convert(GO122.resolve("go122-syscall-steal-proc-simple-bare-m.test"));
        assertThat(story(simple)).containsExactly("execute G1", "entersyscall G1", "handoffp G1", "exitsyscall G1");
        assertThat(simple.syscalls()).singleElement().satisfies(s -> {
            assertThat(s.handoff()).isNotNull();
            assertThat(s.toKnown()).isTrue();
        });
        RealTrace sitting = convert(GO122.resolve("go122-syscall-steal-proc-sitting-in-syscall.test"));
        assertThat(story(sitting)).containsExactly("handoffp G1");
    }

    @Test
    void wireTextMarkAssistsGcWorkersAndPreemption() throws Exception {
        RealTrace t = convert(GO122.resolve("go122-gc-stress.excerpt.test"));
        assertThat(t.gc().assists()).hasSizeGreaterThan(5);
        assertThat(t.gc().assists()).anyMatch(a -> a.gid() == 111 && a.to() != null);
        Map<Long, String> labels = t.goroutines().stream().filter(g -> g.label() != null)
                .collect(Collectors.toMap(RealTrace.Goroutine::gid, RealTrace.Goroutine::label));
        assertThat(labels).containsEntry(57L, "GC (dedicated)").containsEntry(54L, "GC (idle)");
        assertThat(t.events()).anyMatch(e -> e.kind().equals("preempt") && e.gid() == 83);
        assertThat(t.events()).anyMatch(e -> e.kind().equals("gosched") && e.gid() == 111);
        assertThat(t.events()).anyMatch(e -> e.kind().equals("gopark") && "GC assist wait".equals(e.reason()));
        assertThat(t.gc().heap()).anyMatch(h -> Long.valueOf(195443416).equals(h.live()));
    }

    @Test
    void wireTextGenerationsWithTheirOwnFrequency() throws Exception {
        TraceText.Parsed p = TraceText.parse(Files.newBufferedReader(GO122.resolve("go123-sync.test")));
        assertThat(p.format()).isEqualTo("go1.22+");
        assertThat(p.events()).filteredOn(e -> e.type() == TraceEvent.Type.PROC_START).hasSize(2)
                .allMatch(e -> e.p() == 0 && e.m() == 1);
    }

    @Test
    void textThatIsNotATraceSaysWhatWasExpected() {
        assertThatThrownBy(() -> TraceText.parse(new StringReader("hello\nworld\n")))
                .isInstanceOf(TraceText.TraceFormatError.class).hasMessageContaining("go tool trace -d");
        assertThatThrownBy(() -> TraceText.parse(new StringReader("Trace Go1.22\nEventBatch gen=1 m=0 time=0 size=1\nProcStart dt=1 p=0 p_seq=1\n")))
                .isInstanceOf(TraceText.TraceFormatError.class).hasMessageContaining("Frequency");
    }

    @Test
    void aGoQuotedStringIsUnquoted() {
        assertThat(WireText.unquote("\"GC (dedicated)\"")).isEqualTo("GC (dedicated)");
        assertThat(WireText.unquote("\"a\\\"b\\\\c\\n\\x41\\u00e9\"")).isEqualTo("a\"b\\c\nAé");
    }
}
