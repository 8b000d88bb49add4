package goroutinelab.engine.cpython;

import goroutinelab.engine.Event;
import goroutinelab.engine.Harness;
import goroutinelab.engine.Injection;
import goroutinelab.engine.Op;
import org.junit.jupiter.api.Test;

import java.util.List;

import static goroutinelab.engine.EventKind.GIL_ACQUIRE;
import static goroutinelab.engine.EventKind.PY_BLOCK;
import static goroutinelab.engine.EventKind.PY_EXIT;
import static goroutinelab.engine.EventKind.PY_HANG;
import static goroutinelab.engine.EventKind.PY_WAKE;
import static goroutinelab.engine.EventKind.THREAD_EXIT;
import static goroutinelab.engine.EventKind.THREAD_START;
import static goroutinelab.engine.Harness.ms;
import static goroutinelab.engine.Harness.prog;
import static goroutinelab.engine.Harness.us;
import static org.assertj.core.api.Assertions.assertThat;

/** Threads from start to exit (Lib/threading.py, Modules/_threadmodule.c) and Py_FinalizeEx. */
class ThreadingTest {

    @Test
    void threadStartWaitsUntilTheNewThreadHasHadTheGil() {
        Harness h = Harness.cpython(prog()
                .fn("main", new Op.Go("worker", 1), new Op.Compute(us(10)))
                .fn("worker", new Op.Compute(ms(20))).build());
        Event start = h.until(THREAD_START);
        assertThat(start.detail()).containsEntry("child", 2);
        assertThat(h.at("cpython.threads.2.name")).isEqualTo("Thread-1 (worker)");
        assertThat(h.at("cpython.threads.2.state")).isEqualTo("waiting-gil");
        Event wait = h.until(PY_BLOCK);
        assertThat(wait.text().in("en")).contains("Thread.start()").contains("_started");
        assertThat(h.at("cpython.threads.1.waiting")).isEqualTo("Thread.start T2");
        assertThat(h.until(GIL_ACQUIRE).g()).isEqualTo(2);
        Event woken = h.until(PY_WAKE);
        assertThat(woken.g()).isEqualTo(1);
        // start() returns only when main has the GIL back: one switch interval later, the worker being busy
        Event back = h.until(e -> e.kind() == GIL_ACQUIRE && e.g() == 1, 100);
        assertThat(back.time() - start.time()).isGreaterThan(ms(5));
    }

    @Test
    void theInterpreterJoinsEveryThreadBeforeItExits() {
        Harness h = Harness.cpython(prog()
                .fn("main", new Op.Go("worker", 2))
                .fn("worker", new Op.Sleep(ms(20))).build());
        h.runToEnd(1000);
        Event join = h.events.stream().filter(e -> e.kind() == PY_BLOCK && e.g() == 1
                && e.text().in("en").contains("threading._shutdown")).findFirst().orElseThrow();
        assertThat(join.text().in("en")).contains("Py_FinalizeEx").contains("T2, T3");
        Event exit = PyTrace.first(h, PY_EXIT);
        assertThat(exit.time()).isGreaterThan(ms(20));
        assertThat(PyTrace.of(h, THREAD_EXIT, PY_EXIT)).containsExactly("thread_exit T2", "thread_exit T3", "py_exit T1");
        assertThat(h.at("process.exitCode")).isEqualTo(0);
        assertThat(h.at("process.reason")).isEqualTo("main returned");
    }

    @Test
    void mainWithNoOtherThreadsExitsAtOnce() {
        Harness h = Harness.cpython(prog().fn("main", new Op.Compute(ms(1))).build());
        h.runToEnd(10);
        assertThat(PyTrace.of(h)).containsExactly("py_exit T1");
        assertThat(h.engine.now()).isEqualTo(ms(1));
        assertThat(h.at("cpython.threads.1.state")).isEqualTo("exited");
        assertThat(h.at("cpython.gil.holder")).isNull();
    }

    @Test
    void everyThreadWaitingForeverIsAHangNotACrash() {
        Harness h = Harness.cpython(prog().chan("c", 1)
                .fn("main", new Op.Recv("c")).build());
        h.until(PY_HANG);
        assertThat(h.engine.ended()).isFalse();
        assertThat(h.at("process.exited")).isEqualTo(false);
        assertThat(h.engine.step()).isNull();
        assertThat(h.engine.nextTime()).isEqualTo(Long.MAX_VALUE);
        // a signal still reaches a hung process: SIGINT's KeyboardInterrupt ends it
        h.engine.inject(new Injection.Signal("SIGINT"));
        h.runToEnd(100);
        assertThat(h.at("process.exitCode")).isEqualTo(130);
    }

    @Test
    void aThreadStartedFromOutsideTakesTheGilWithoutAParentWaiting() {
        Harness h = Harness.cpython(prog()
                .fn("main", new Op.Sleep(ms(1)), new Op.Compute(us(10)))
                .fn("extra", new Op.Compute(us(30))).build());
        h.step();
        h.engine.inject(new Injection.StartGoroutine("extra"));
        Event start = h.step();
        assertThat(start.kind()).isEqualTo(THREAD_START);
        assertThat(start.text().in("en")).contains("finds the GIL free");
        h.runToEnd(100);
        assertThat(PyTrace.of(h, THREAD_EXIT)).isEqualTo(List.of("thread_exit T2"));
    }
}
