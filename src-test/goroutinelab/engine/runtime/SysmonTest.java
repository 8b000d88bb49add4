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

/** sysmon's backoff, preemption of long-running Gs, deep sleep (runtime/proc.go: sysmon, retake, preemptone). */
class SysmonTest {

    @Test
    void sysmonBacksOffFromTwentyMicrosecondsToTenMilliseconds() {
        Harness h = Harness.go(prog().fn("main", new Op.Compute(ms(60))).build(), 2);
        assertThat(h.at("m.sysmon.delay")).isEqualTo(20_000L);
        h.runUntilTime(ms(5));
        long mid = (Long) h.at("m.sysmon.delay");
        assertThat(mid).isGreaterThan(20_000L).isLessThanOrEqualTo(10_000_000L);
        h.runUntilTime(ms(50));
        assertThat(h.at("m.sysmon.delay")).isEqualTo(10_000_000L);
    }

    @Test
    void aGoroutineThatHoldsItsPTenMillisecondsIsPreemptedAtItsNextCall() {
        Harness h = Harness.go(prog().fn("main", new Op.Go("w", 1), new Op.Compute(ms(30)))
                .fn("w", new Op.Compute(us(100))).build(), 1);
        Event pre = h.until(EventKind.PREEMPTONE);
        assertThat(pre.g()).isEqualTo(1);
        assertThat(pre.time()).isBetween(ms(10), ms(16));
        assertThat(h.at("g.1.preempt")).isEqualTo(true);
        Event more = h.until(EventKind.MORESTACK);
        assertThat(more.time() - pre.time()).isLessThan(us(1));
        Event yield = h.until(EventKind.GOSCHED);
        assertThat(yield.detail()).containsEntry("cause", "preempt");
        assertThat(h.until(EventKind.EXECUTE).g()).isEqualTo(2);
    }

    @Test
    void withAsyncPreemptionOffNoSignalIsSent() {
        Harness h = Harness.go(prog().fn("main", new Op.Go("w", 1), new Op.Compute(ms(30)))
                .fn("w", new Op.Compute(us(100))).build(), RuntimeConfig.DEFAULT.withAsyncPreemption(false));
        h.until(EventKind.GOSCHED);
        assertThat(h.kinds()).contains(EventKind.PREEMPTONE, EventKind.MORESTACK).doesNotContain(EventKind.PREEMPTM);
    }

    @Test
    void aTightLoopIsStoppedOnlyBySigurg() {
        Harness h = Harness.go(prog().fn("main", new Op.Go("w", 1), new Op.Loop(ms(30)))
                .fn("w", new Op.Compute(us(100))).build(), 1);
        h.until(EventKind.PREEMPTONE);
        assertThat(h.until(EventKind.PREEMPTM).detail()).containsEntry("signal", "SIGURG");
        Event async = h.until(EventKind.ASYNC_PREEMPT);
        assertThat(async.g()).isEqualTo(1);
        assertThat(h.kinds()).doesNotContain(EventKind.MORESTACK);
        assertThat(h.until(EventKind.GOSCHED).detail()).containsEntry("cause", "preempt");
    }

    @Test
    void withoutAsyncPreemptionATightLoopKeepsItsPUntilItEnds() {
        Harness h = Harness.go(prog().fn("main", new Op.Go("w", 1), new Op.Loop(ms(30)), new Op.Compute(us(1)))
                .fn("w", new Op.Compute(us(100))).build(), RuntimeConfig.DEFAULT.withAsyncPreemption(false));
        Event exec = h.until(EventKind.EXECUTE);
        assertThat(exec.g()).isEqualTo(2);
        assertThat(exec.time()).isGreaterThanOrEqualTo(ms(30));
        assertThat(h.kinds()).contains(EventKind.PREEMPTONE).doesNotContain(EventKind.ASYNC_PREEMPT, EventKind.PREEMPTM);
        // the request is still pending when the loop ends: the first call after it yields
        Event yield = h.events.stream().filter(e -> e.kind() == EventKind.GOSCHED).findFirst().orElseThrow();
        assertThat(yield.time()).isGreaterThanOrEqualTo(ms(30));
    }

    @Test
    void whenEveryPIsIdleSysmonSleepsDeeply() {
        Harness h = Harness.go(prog().fn("main", new Op.Sleep(ms(50))).build(), 1);
        Event deep = h.until(EventKind.SYSMON);
        assertThat(deep.detail()).containsEntry("deepSleep", true);
        assertThat(h.at("m.sysmon.state")).isEqualTo("waiting");
    }
    @Test
    void sysmonForcesAGcTwoMinutesAfterTheLastOneThroughForcegchelperWhichDoesNotWait() {
        Harness h = Harness.go(prog().fn("main", new Op.Gc(), new Op.Sleep(ms(130_000))).build(), 1);
        Event forced = h.until(e -> e.kind() == EventKind.SYSMON && Boolean.TRUE.equals(e.detail().get("forcegc")), 100_000);
        assertThat(forced.time()).isGreaterThan(ms(120_000));
        Event start = h.until(EventKind.GC_START);
        assertThat(start.text().in("en")).contains("gcTriggerTime").doesNotContain("runtime.GC");
        Event term = h.until(EventKind.GC_MARK_TERMINATION);
        assertThat((String) term.detail().get("gctrace")).startsWith("gc 2 ").doesNotContain("(forced)");
        // forcegchelper calls gcStart and returns: it never waits for the cycle like runtime.GC
        assertThat(h.events).noneMatch(e -> e.kind() == EventKind.GOPARK && e.g() != null && e.g() == start.g());
    }

    @Test
    void aPendingRequestIsHonouredAtTheNextOpThatBeginsWithACall() {
        Harness h = Harness.go(prog().chan("done", 1)
                .fn("main", new Op.Go("w", 1), new Op.Loop(ms(30)), new Op.Send("done"), new Op.Compute(us(1)))
                .fn("w", new Op.Compute(us(100))).build(), RuntimeConfig.DEFAULT.withAsyncPreemption(false));
        Event more = h.until(EventKind.MORESTACK);
        assertThat(more.time()).isGreaterThanOrEqualTo(ms(30));
        assertThat(h.at("g.1.op")).isEqualTo("send done");
        assertThat(h.kinds()).doesNotContain(EventKind.CHANSEND);
    }
}
