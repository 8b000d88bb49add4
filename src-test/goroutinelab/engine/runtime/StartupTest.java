package goroutinelab.engine.runtime;

import goroutinelab.engine.Event;
import goroutinelab.engine.EventKind;
import goroutinelab.engine.Harness;
import goroutinelab.engine.Op;
import goroutinelab.engine.Program;
import goroutinelab.engine.RuntimeConfig;
import org.junit.jupiter.api.Test;

import java.util.List;

import static goroutinelab.engine.EventKind.DOINIT;
import static goroutinelab.engine.EventKind.EXECUTE;
import static goroutinelab.engine.EventKind.GCENABLE;
import static goroutinelab.engine.EventKind.MAIN_MAIN;
import static goroutinelab.engine.EventKind.MSTART;
import static goroutinelab.engine.EventKind.NEWM;
import static goroutinelab.engine.EventKind.NEWPROC;
import static goroutinelab.engine.EventKind.RT0_GO;
import static goroutinelab.engine.EventKind.RUNQGET;
import static goroutinelab.engine.EventKind.SCHEDINIT;
import static goroutinelab.engine.Harness.prog;
import static goroutinelab.engine.Harness.us;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The process's start played step by step (runtime: {startup: true}):
 * asm_amd64.s rt0_go, proc.go schedinit, newproc, mstart, runtime.main
 * (newm(sysmon), the runtime's init, gcenable, doInit), then main.main.
 */
class StartupTest {

    private static final RuntimeConfig TWO_PS = RuntimeConfig.DEFAULT.withGomaxprocs(2);
    private static final RuntimeConfig STARTUP = TWO_PS.withStartup(true);

    private static Program program() {
        return prog().fn("main", new Op.Compute(us(100))).build();
    }

    private static Harness toMainMain(RuntimeConfig cfg) {
        Harness h = Harness.go(program(), cfg);
        h.until(e -> e.kind() == MAIN_MAIN, 200);
        return h;
    }

    @Test
    void withoutTheOptionTheRunBeginsAtMainsFirstLine() {
        Harness h = Harness.go(program(), TWO_PS);
        assertThat(h.at("g.1.status")).isEqualTo("_Grunning");
        h.runToEnd(1000);
        assertThat(h.kinds()).doesNotContain(RT0_GO, SCHEDINIT, MSTART, GCENABLE, DOINIT, MAIN_MAIN);
    }

    @Test
    void beforeTheFirstInstructionThereIsNoGoroutineNoPHandedOutAndNoSysmon() {
        Harness h = Harness.go(program(), STARTUP);
        assertThat(h.at("stats.goroutines")).isEqualTo(0L);
        assertThat(h.at("p.0.status")).isEqualTo("_Pgcstop");
        assertThat(h.at("p.1.status")).isEqualTo("_Pgcstop");
        assertThat(h.at("sched.pidle")).isEqualTo(List.of());
        assertThat(h.at("m.0.p")).isNull();
        assertThat(h.at("m.sysmon.state")).isEqualTo("unstarted");
        assertThat(h.at("m.sysmon.next")).isNull();
    }

    @Test
    void m0RunsRt0goSchedinitNewprocAndMstartThenSchedulesTheMainGoroutine() {
        Harness h = toMainMain(STARTUP);
        assertThat(h.kinds()).containsExactly(RT0_GO, SCHEDINIT, NEWPROC, MSTART, RUNQGET, EXECUTE,
                NEWM, NEWPROC, NEWPROC, NEWPROC, GCENABLE, DOINIT, MAIN_MAIN);
        for (Event e : h.events) {
            assertThat(e.m()).as("every step of the start is m0's: %s", e).isEqualTo(0);
        }
        assertThat(h.events.get(2).g()).as("newproc(runtime.main) makes G1").isEqualTo(1);
        assertThat(h.events.get(4).detail()).containsEntry("from", "runnext");
        assertThat(h.events.get(5).g()).isEqualTo(1);
        assertThat(h.events.subList(7, 10)).extracting(Event::g).containsExactly(1001, 1002, 1003);
        assertThat(h.events.get(11).g()).as("package os's init starts the finalizer goroutine").isEqualTo(1004);
    }

    @Test
    void schedinitGivesP0ToM0AndPutsTheOtherPsOnTheIdleList() {
        Harness h = Harness.go(program(), STARTUP);
        h.until(e -> e.kind() == SCHEDINIT, 5);
        assertThat(h.at("p.0.status")).isEqualTo("_Prunning");
        assertThat(h.at("m.0.p")).isEqualTo(0);
        assertThat(h.at("p.1.status")).isEqualTo("_Pidle");
        assertThat(h.at("sched.pidle")).isEqualTo(List.of(1));
        assertThat(h.at("stats.goroutines")).isEqualTo(0L);
    }

    @Test
    void theMainGoroutineWaitsInRunnextUntilM0EntersTheScheduler() {
        Harness h = Harness.go(program(), STARTUP);
        h.until(e -> e.kind() == NEWPROC, 5);
        assertThat(h.at("g.1.status")).isEqualTo("_Grunnable");
        assertThat(h.at("p.0.runnext")).isEqualTo(1);
        assertThat(h.at("m.0.curg")).isNull();
        h.until(e -> e.kind() == EXECUTE, 5);
        assertThat(h.at("g.1.status")).isEqualTo("_Grunning");
        assertThat(h.at("m.0.curg")).isEqualTo(1);
    }

    @Test
    void sysmonStartsOnItsOwnThreadWithNoPInRuntimeMain() {
        Harness h = Harness.go(program(), STARTUP);
        Event newm = h.until(e -> e.kind() == NEWM, 20);
        assertThat(newm.g()).isEqualTo(1);
        assertThat(h.at("m.sysmon.state")).isEqualTo("sleeping");
        assertThat((Long) h.at("m.sysmon.next")).isGreaterThan(newm.time());
    }

    @Test
    void mainMainBeginsThreeHundredMicrosecondsAfterSysmonStarts() {
        Harness h = toMainMain(STARTUP);
        long newm = h.events.stream().filter(e -> e.kind() == NEWM).findFirst().orElseThrow().time();
        long main = h.events.get(h.events.size() - 1).time();
        // fidelity/go/startup: main.main 0.24-0.28 ms after runtimeInitTime (Costs.SYSMON_HEAD_START_NS)
        assertThat(main - newm).isEqualTo(Costs.SYSMON_HEAD_START_NS);
    }

    @Test
    void gcenableLeavesTheSweeperAndScavengerParkedAndAnotherThreadIdle() {
        Harness h = Harness.go(program(), STARTUP);
        h.until(e -> e.kind() == NEWPROC && e.g() == 1003, 20);
        assertThat(h.at("p.0.runnext")).isEqualTo(1003);
        assertThat(h.at("p.0.runq")).isEqualTo(List.of(1001, 1002));
        h.until(e -> e.kind() == GCENABLE, 5);
        assertThat(h.at("g.1002.waitreason")).isEqualTo("GC sweep wait");
        assertThat(h.at("g.1003.waitreason")).isEqualTo("GC scavenge wait");
        assertThat(h.at("g.1001.waitreason")).isEqualTo("force gc (idle)");
        assertThat(h.at("p.0.runq")).isEqualTo(List.of());
        assertThat(h.at("p.0.runnext")).isNull();
        assertThat(h.at("sched.midle")).isEqualTo(List.of(1));
    }

    @Test
    void atMainMainTheWorldIsTheOneARunThatBeginsThereHas() {
        Harness played = toMainMain(STARTUP);
        Harness given = Harness.go(program(), TWO_PS.withBackgroundGoroutines(true));
        for (String path : List.of("g.1.status", "g.1001.status", "g.1001.waitreason", "g.1002.waitreason",
                "g.1003.waitreason", "g.1004.status", "p.0.runnext", "p.0.runq", "p.0.schedtick", "p.1.status",
                "sched.pidle", "sched.midle", "stats.goroutines", "stats.threads")) {
            assertThat(played.at(path)).as(path).isEqualTo(given.at(path));
        }
    }

    @Test
    void atMainMainNumGoroutineCountsOnlyMainOfTheFiveGoroutines() {
        Harness h = toMainMain(STARTUP);
        assertThat(h.at("stats.goroutines")).isEqualTo(5L);
        assertThat(h.at("stats.numGoroutine")).isEqualTo(1L);
        assertThat(h.events.get(h.events.size() - 1).text().in("en"))
                .contains("5 goroutines exist; runtime.NumGoroutine() would say 1");
    }

    @Test
    void aPlayedStartRunsTheProgramToItsEnd() {
        Harness h = Harness.go(program(), STARTUP);
        h.runToEnd(1000);
        assertThat(h.at("process.exitCode")).isEqualTo(0);
    }

    @Test
    void startupImpliesTheBackgroundGoroutines() {
        assertThat(STARTUP.backgroundGoroutines()).isTrue();
        assertThat(STARTUP.startup()).isTrue();
    }
}
