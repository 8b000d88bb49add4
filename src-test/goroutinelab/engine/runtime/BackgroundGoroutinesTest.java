package goroutinelab.engine.runtime;

import goroutinelab.engine.Event;
import goroutinelab.engine.EventKind;
import goroutinelab.engine.Harness;
import goroutinelab.engine.Op;
import goroutinelab.engine.RuntimeConfig;
import org.junit.jupiter.api.Test;

import static goroutinelab.engine.Harness.ms;
import static goroutinelab.engine.Harness.prog;
import static goroutinelab.engine.Harness.us;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The runtime's own goroutines (proc.go init → forcegchelper; mgc.go gcenable
 * → bgsweep, bgscavenge; mfinal.go createfing → runfinq, started by package
 * os's finalizers), present from main's first line when the lesson asks.
 */
class BackgroundGoroutinesTest {

    private static final RuntimeConfig WITH = RuntimeConfig.DEFAULT.withBackgroundGoroutines(true);

    @Test
    void offByDefaultMainIsAlone() {
        Harness h = Harness.go(prog().fn("main", new Op.Compute(us(1))).build(), 1);
        assertThat(h.at("stats.goroutines")).isEqualTo(1L);
        assertThat(h.at("g.1001")).isNull();
    }

    @Test
    void atMainsFirstLineFourRuntimeGoroutinesExistNumberedAsTheRuntimesOwn() {
        Harness h = Harness.go(prog().fn("main", new Op.Compute(us(1))).build(), WITH);
        assertThat(h.at("stats.goroutines")).isEqualTo(5L);
        assertThat(h.at("g.1001.fn")).isEqualTo("forcegchelper");
        assertThat(h.at("g.1001.waitreason")).isEqualTo("force gc (idle)");
        assertThat(h.at("g.1002.fn")).isEqualTo("bgsweep");
        assertThat(h.at("g.1002.waitreason")).isEqualTo("GC sweep wait");
        assertThat(h.at("g.1003.fn")).isEqualTo("bgscavenge");
        assertThat(h.at("g.1003.waitreason")).isEqualTo("GC scavenge wait");
        assertThat(h.at("g.1004.fn")).isEqualTo("runfinq");
        assertThat(h.at("g.1004.status")).as("just created by package os's init").isEqualTo("_Grunnable");
        assertThat(h.at("p.0.runnext")).isEqualTo(1004);
        for (int g = 1001; g <= 1004; g++) {
            assertThat(h.at("g." + g + ".system")).isEqualTo(true);
        }
        // main was executed anew each time it came back from gcenable's channel, and
        // forcegchelper and bgsweep each started a slice: schedtick 4 (GODEBUG=scheddetail=1)
        assertThat(h.at("p.0.schedtick")).isEqualTo(4L);
    }

    @Test
    void theFinalizerGoroutineRunsAndParksWhenNothingIsQueued() {
        Harness h = Harness.go(prog().fn("main", new Op.Gosched(), new Op.Compute(us(1))).build(), WITH);
        Event park = h.until(e -> e.kind() == EventKind.GOPARK && e.g() == 1004, 100);
        assertThat(park.detail()).containsEntry("waitreason", "finalizer wait");
        h.runToEnd(100);
        assertThat(h.at("process.exitCode")).isEqualTo(0);
    }

    @Test
    void aGoschedMainComesBackAfterFiftySevenWorkersNotSixtyOne() {
        // real Go 1.19, GOMAXPROCS=1 from the start: 56-57, median 57 (fidelity/go/fairness)
        Harness with = Harness.go(workers(), WITH);
        assertThat(workersBeforeMain(with)).isEqualTo(57);
    }

    private static goroutinelab.engine.Program workers() {
        return prog().fn("main", new Op.Go("w", 200), new Op.Gosched(), new Op.Compute(us(1)))
                .fn("w", new Op.Compute(us(1))).build();
    }

    private static int workersBeforeMain(Harness h) {
        h.until(e -> e.kind() == EventKind.GOSCHED && e.g() == 1, 10_000);
        int ran = 0;
        while (true) {
            Event e = h.step();
            if (e.kind() == EventKind.EXECUTE && e.g() == 1) {
                return ran;
            }
            if (e.kind() == EventKind.EXECUTE && e.g() < 1000) {
                ran++;
            }
        }
    }

    @Test
    void threeHundredGoStatementsLeave129GlobalAnd171Local() {
        // real Go 1.19 (schedtrace): runqueue=129 [171], 30 of 30 runs: the finalizer goroutine is still queued
        Harness h = Harness.go(prog().fn("main", new Op.Go("w", 300), new Op.Compute(ms(1)))
                .fn("w", new Op.Compute(us(1))).build(), WITH);
        int[] made = {0};
        h.until(e -> e.kind() == EventKind.NEWPROC && ++made[0] == 300, 10_000);
        h.until(e -> e.kind() == EventKind.RUNQPUT || e.kind() == EventKind.RUNQPUTSLOW, 100);
        assertThat(h.at("sched.runq.length")).isEqualTo(129);
        assertThat(h.at("p.0.runq.length")).isEqualTo(171);
    }
}
