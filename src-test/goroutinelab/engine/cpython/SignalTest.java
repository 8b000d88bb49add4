package goroutinelab.engine.cpython;

import goroutinelab.engine.Event;
import goroutinelab.engine.Harness;
import goroutinelab.engine.Injection;
import goroutinelab.engine.Op;
import org.junit.jupiter.api.Test;

import java.util.List;

import static goroutinelab.engine.EventKind.EVAL_BREAKER;
import static goroutinelab.engine.EventKind.EXCEPTHOOK;
import static goroutinelab.engine.EventKind.GIL_ACQUIRE;
import static goroutinelab.engine.EventKind.KERNEL_KILL;
import static goroutinelab.engine.EventKind.PY_BLOCK;
import static goroutinelab.engine.EventKind.PY_EXIT;
import static goroutinelab.engine.EventKind.PY_WAKE;
import static goroutinelab.engine.EventKind.RUN_SIGNAL_HANDLERS;
import static goroutinelab.engine.EventKind.SIGNAL_SIGNAL;
import static goroutinelab.engine.EventKind.THREAD_EXIT;
import static goroutinelab.engine.EventKind.TRIP_SIGNAL;
import static goroutinelab.engine.Harness.ms;
import static goroutinelab.engine.Harness.prog;
import static goroutinelab.engine.Harness.us;
import static org.assertj.core.api.Assertions.assertThat;

/** Signals in the interpreter (Modules/signalmodule.c): trip_signal, handlers in the main thread, defaults. */
class SignalTest {

    private static Op.Notify handle(String sig, String fn) {
        return new Op.Notify(sig, null, fn);
    }

    @Test
    void theCHandlerOnlyTripsAFlagAndTheMainThreadRunsThePythonHandlerAtItsNextCheck() {
        Harness h = Harness.cpython(prog()
                .fn("main", handle("SIGUSR1", "onusr1"), new Op.Compute(ms(10)))
                .fn("onusr1", new Op.Compute(us(20)))
                .inject(ms(1), new Injection.Signal("SIGUSR1")).build());
        Event trip = h.until(TRIP_SIGNAL);
        assertThat(h.at("cpython.pendingSignals")).isEqualTo(List.of("SIGUSR1"));
        assertThat(h.at("cpython.evalBreaker")).isEqualTo(true);
        assertThat(h.at("cpython.threads.1.inHandler")).isEqualTo(false);
        Event check = h.until(EVAL_BREAKER);
        Event run = h.until(RUN_SIGNAL_HANDLERS);
        assertThat(PyTrace.of(h)).containsExactly("signal_signal T1", "trip_signal T1", "eval_breaker T1",
                "run_signal_handlers T1");
        assertThat(trip.time()).isEqualTo(ms(1) + PyCosts.SIGNAL_DELIVERY_NS);
        assertThat(check.g()).isEqualTo(1);
        assertThat(check.time() - trip.time()).isBetween(1L, PyCosts.EVAL_CHECK_NS);
        assertThat(run.detail().get("handlers")).isEqualTo(List.of("onusr1(SIGUSR1)"));
        assertThat(h.at("cpython.pendingSignals")).isEqualTo(List.of());
        assertThat(h.at("cpython.threads.1.inHandler")).isEqualTo(true);
        h.runToEnd(100);
        // the handler ran inside main's 10ms of bytecode, which then finished what was left of it
        assertThat(h.engine.now()).isBetween(ms(10), ms(10) + us(50));
    }

    @Test
    void onlyTheMainThreadRunsHandlersSoAPendingSignalWaitsForItToGetTheGil() {
        Harness h = Harness.cpython(prog()
                .fn("main", handle("SIGUSR1", "onusr1"), new Op.Go("worker", 1), new Op.Compute(ms(1)))
                .fn("worker", new Op.Compute(ms(30)))
                .fn("onusr1", new Op.Compute(us(20)))
                .inject(ms(1), new Injection.Signal("SIGUSR1")).build());
        Event trip = h.until(TRIP_SIGNAL);
        assertThat(h.at("cpython.gil.holder")).isEqualTo(2);
        assertThat(trip.text().in("en")).contains("T1 is waiting for the GIL");
        Event run = h.until(RUN_SIGNAL_HANDLERS);
        assertThat(run.g()).isEqualTo(1);
        // between the trip and the handler: the worker kept running until main's switch interval ran out
        assertThat(PyTrace.of(h).subList(PyTrace.of(h).indexOf("trip_signal T1"), PyTrace.of(h).size()))
                .containsExactly("trip_signal T1", "gil_drop_request T1", "eval_breaker T2", "gil_drop T2",
                        "gil_acquire T1", "eval_breaker T1", "run_signal_handlers T1");
        assertThat(run.time() - trip.time()).isGreaterThan(ms(3));
        assertThat(h.events).noneMatch(e -> e.kind() == EVAL_BREAKER && e.g() == 2
                && "signals".equals(e.detail().get("reason")));
    }

    @Test
    void aLongCCallInTheMainThreadDelaysTheHandlerUntilItReturns() {
        Harness h = Harness.cpython(prog()
                .fn("main", handle("SIGUSR1", "onusr1"), new Op.Loop(ms(30)), new Op.Compute(us(100)))
                .fn("onusr1", new Op.Compute(us(20)))
                .inject(ms(1), new Injection.Signal("SIGUSR1")).build());
        Event trip = h.until(TRIP_SIGNAL);
        assertThat(trip.text().in("en")).contains("long C call");
        Event run = h.until(RUN_SIGNAL_HANDLERS);
        assertThat(run.time()).isGreaterThanOrEqualTo(ms(30));
        assertThat(run.time() - trip.time()).isGreaterThan(ms(28));
    }

    @Test
    void aSleepingMainThreadGetsEintrRunsTheHandlerAndSleepsOnForTheTimeLeft() {
        Harness h = Harness.cpython(prog()
                .fn("main", handle("SIGUSR1", "onusr1"), new Op.Sleep(ms(10)), new Op.Compute(us(10)))
                .fn("onusr1", new Op.Compute(us(20)))
                .inject(ms(2), new Injection.Signal("SIGUSR1")).build());
        h.runToEnd(100);
        assertThat(PyTrace.of(h)).containsExactly("signal_signal T1", "py_block T1", "trip_signal T1",
                "py_wake T1", "gil_acquire T1", "run_signal_handlers T1", "py_block T1", "py_wake T1",
                "gil_acquire T1", "py_exit T1");
        Event eintr = PyTrace.first(h, PY_WAKE, 1);
        assertThat(eintr.detail()).containsEntry("eintr", true);
        Event retry = h.events.stream().filter(e -> e.kind() == PY_BLOCK).skip(1).findFirst().orElseThrow();
        assertThat(retry.text().in("en")).contains("again for the").contains("PEP 475");
        Event end = h.events.stream().filter(e -> e.kind() == PY_WAKE).skip(1).findFirst().orElseThrow();
        // the sleep still ends at its deadline: 10ms after it began
        assertThat(end.time()).isEqualTo(PyTrace.first(h, PY_BLOCK, 1).time() + ms(10));
    }

    @Test
    void aCExtensionCallThatReleasedTheGilIsNotInterrupted() {
        Harness h = Harness.cpython(prog()
                .fn("main", handle("SIGUSR1", "onusr1"), new Op.Syscall(ms(10), true), new Op.Compute(us(10)))
                .fn("onusr1", new Op.Compute(us(20)))
                .inject(ms(2), new Injection.Signal("SIGUSR1")).build());
        Event trip = h.until(TRIP_SIGNAL);
        assertThat(trip.text().in("en")).contains("C extension call");
        Event run = h.until(RUN_SIGNAL_HANDLERS);
        assertThat(run.time()).isGreaterThan(ms(10));
        assertThat(h.events).noneMatch(e -> Boolean.TRUE.equals(e.detail().get("eintr")));
    }

    @Test
    void sigusr1WithNoHandlerKillsTheProcessWithStatus138() {
        Harness h = Harness.cpython(prog()
                .fn("main", new Op.Go("worker", 1), new Op.Compute(ms(20)))
                .fn("worker", new Op.Compute(ms(20)))
                .inject(ms(3), new Injection.Signal("SIGUSR1")).build());
        h.runToEnd(1000);
        Event kill = h.events.get(h.events.size() - 1);
        assertThat(kill.kind()).isEqualTo(KERNEL_KILL);
        assertThat(kill.time()).isEqualTo(ms(3) + PyCosts.SIGNAL_DELIVERY_NS);
        assertThat(kill.detail()).containsEntry("exitCode", 138);
        assertThat(h.at("process.exited")).isEqualTo(true);
        assertThat(h.at("process.exitCode")).isEqualTo(138);
        assertThat(h.at("cpython.process.exitCode")).isEqualTo(138);
        assertThat(h.events).noneMatch(e -> e.kind() == TRIP_SIGNAL || e.kind() == PY_EXIT);
        assertThat(h.engine.step()).isNull();
    }

    @Test
    void sigtermWithNoHandlerKillsWith143AndSigpipeIsIgnored() {
        Harness h = Harness.cpython(prog().fn("main", new Op.Compute(ms(5)))
                .inject(ms(1), new Injection.Signal("SIGPIPE"))
                .inject(ms(2), new Injection.Signal("SIGTERM")).build());
        h.runToEnd(100);
        assertThat(PyTrace.of(h)).containsExactly("kernel_kill");
        assertThat(h.at("process.exitCode")).isEqualTo(143);
    }

    @Test
    void sigintRaisesKeyboardInterruptInMainWhichStillJoinsTheOtherThreadsAndExitsWith130() {
        Harness h = Harness.cpython(prog()
                .fn("main", new Op.Go("worker", 1), new Op.Sleep(ms(100)))
                .fn("worker", new Op.Sleep(ms(30)))
                .inject(ms(5), new Injection.Signal("SIGINT")).build());
        h.runToEnd(1000);
        Event run = PyTrace.first(h, RUN_SIGNAL_HANDLERS);
        assertThat(run.detail()).containsEntry("exception", "KeyboardInterrupt");
        Event workerExit = PyTrace.first(h, THREAD_EXIT, 2);
        Event exit = PyTrace.first(h, PY_EXIT);
        assertThat(workerExit.time()).isGreaterThan(ms(30));
        assertThat(exit.time()).isGreaterThan(workerExit.time()).isLessThan(ms(100));
        assertThat(exit.detail()).containsEntry("exitCode", 130);
        assertThat(h.at("process.exitCode")).isEqualTo(130);
    }

    @Test
    void sigintWhileTheInterpreterJoinsThreadsStopsTheJoinAndExitsWithStatus0() {
        Harness h = Harness.cpython(prog()
                .fn("main", new Op.Go("worker", 1))
                .fn("worker", new Op.Sleep(ms(500)))
                .inject(ms(100), new Injection.Signal("SIGINT")).build());
        h.runToEnd(1000);
        assertThat(PyTrace.first(h, RUN_SIGNAL_HANDLERS).text().in("en")).contains("stops joining");
        assertThat(h.events).noneMatch(e -> e.kind() == THREAD_EXIT);
        assertThat(h.at("process.exitCode")).isEqualTo(0);
        assertThat(h.engine.now()).isLessThan(ms(101));
    }

    @Test
    void signalSignalOutsideTheMainThreadRaisesValueErrorAndEndsOnlyThatThread() {
        Harness h = Harness.cpython(prog()
                .fn("main", new Op.Go("worker", 1), new Op.Compute(us(100)))
                .fn("worker", handle("SIGUSR1", "onusr1"), new Op.Compute(ms(1)))
                .fn("onusr1", new Op.Compute(us(20))).build());
        h.runToEnd(1000);
        Event raised = PyTrace.first(h, EXCEPTHOOK, 2);
        assertThat(raised.detail()).containsEntry("exception", "ValueError");
        assertThat(raised.text().in("en")).contains("signal only works in main thread of the main interpreter");
        assertThat(PyTrace.first(h, THREAD_EXIT, 2).detail()).containsEntry("exception", "ValueError");
        assertThat(h.events).noneMatch(e -> e.kind() == SIGNAL_SIGNAL);
        assertThat(h.at("cpython.handlers")).isEqualTo(java.util.Map.of("SIGINT", "default_int_handler"));
        assertThat(h.at("cpython.threads.2.exception")).isEqualTo("ValueError");
        assertThat(h.at("process.exitCode")).isEqualTo(0);
    }

    @Test
    void aQueueHandlerHandsTheSignalToAWaitingThread() {
        Harness h = Harness.cpython(prog().chan("sigs", 1)
                .fn("main", new Op.Notify("SIGUSR1", "sigs", null), new Op.Go("waiter", 1), new Op.Compute(ms(3)))
                .fn("waiter", new Op.Recv("sigs"), new Op.Compute(us(10)))
                .inject(ms(1), new Injection.Signal("SIGUSR1")).build());
        h.runToEnd(1000);
        assertThat(PyTrace.of(h, RUN_SIGNAL_HANDLERS, PY_WAKE, GIL_ACQUIRE, EVAL_BREAKER))
                .containsSubsequence("run_signal_handlers T1", "py_wake T2", "gil_acquire T2");
        assertThat(PyTrace.of(h)).contains("queue_get T2");
    }

    @Test
    void aHandlerStillRunsWhileTheInterpreterJoinsThreadsAndTheJoinGoesOn() {
        Harness h = Harness.cpython(prog()
                .fn("main", handle("SIGUSR1", "onusr1"), new Op.Go("worker", 1))
                .fn("worker", new Op.Sleep(ms(20)))
                .fn("onusr1", new Op.Compute(us(20)))
                .inject(ms(5), new Injection.Signal("SIGUSR1")).build());
        h.runToEnd(1000);
        Event run = PyTrace.first(h, RUN_SIGNAL_HANDLERS);
        // during the join, tens of µs after the kill (real CPython 3.11: 31-38 µs), not when the join ends at 20 ms
        assertThat(run.time()).isLessThan(ms(5) + us(50));
        assertThat(PyTrace.of(h).subList(PyTrace.of(h).indexOf("run_signal_handlers T1"), PyTrace.of(h).size()))
                .containsExactly("run_signal_handlers T1", "py_block T1", "py_wake T2", "gil_acquire T2",
                        "thread_exit T2", "py_wake T1", "gil_acquire T1", "py_exit T1");
        assertThat(h.at("process.exitCode")).isEqualTo(0);
        assertThat(h.engine.now()).isGreaterThan(ms(20));
    }
}
