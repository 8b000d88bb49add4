package goroutinelab.engine.cpython;

import goroutinelab.engine.Event;
import goroutinelab.engine.EventKind;
import goroutinelab.engine.Harness;
import goroutinelab.engine.Op;
import goroutinelab.engine.RuntimeConfig;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static goroutinelab.engine.EventKind.EVAL_BREAKER;
import static goroutinelab.engine.EventKind.GIL_ACQUIRE;
import static goroutinelab.engine.EventKind.GIL_DROP;
import static goroutinelab.engine.EventKind.GIL_DROP_REQUEST;
import static goroutinelab.engine.EventKind.PY_BLOCK;
import static goroutinelab.engine.EventKind.PY_WAKE;
import static goroutinelab.engine.EventKind.THREAD_START;
import static goroutinelab.engine.Harness.ms;
import static goroutinelab.engine.Harness.prog;
import static goroutinelab.engine.Harness.us;
import static org.assertj.core.api.Assertions.assertThat;

/** The GIL (Python/ceval_gil.c): take_gil's timed wait, the drop request, drop_gil, calls that release it. */
class GilTest {

    @Test
    void aWaiterAsksForTheGilAfterTheSwitchIntervalAndTheHolderDropsItAtItsNextCheck() {
        Harness h = Harness.cpython(prog()
                .fn("main", new Op.Go("worker", 1), new Op.Compute(ms(20)))
                .fn("worker", new Op.Compute(ms(20))).build());
        h.until(e -> e.kind() == GIL_ACQUIRE && e.g() == 1, 100);
        assertThat(PyTrace.of(h)).containsExactly(
                "thread_start T1",        // Thread(target=worker).start()
                "py_block T1",            // start() waits for _started, releasing the GIL
                "gil_acquire T2",         // the new thread takes it
                "py_wake T1",             // _started.set() wakes main, which now needs the GIL
                "gil_drop_request T1",    // main's timed wait runs out: SET_GIL_DROP_REQUEST
                "eval_breaker T2",        // the worker notices at a back-edge
                "gil_drop T2",            // drop_gil (FORCE_SWITCHING)
                "gil_acquire T1");
        Event wake = PyTrace.first(h, PY_WAKE, 1);
        Event request = PyTrace.first(h, GIL_DROP_REQUEST, 1);
        Event check = PyTrace.first(h, EVAL_BREAKER, 2);
        assertThat(request.time() - wake.time()).isEqualTo(ms(5));
        assertThat(check.time() - request.time()).isBetween(1L, PyCosts.EVAL_CHECK_NS);
        assertThat(h.at("cpython.gil.holder")).isEqualTo(1);
        assertThat(h.at("cpython.gil.waiting")).isEqualTo(List.of(2));
        assertThat(h.at("cpython.gil.dropRequest")).isEqualTo(false);
        assertThat(h.at("cpython.threads.2.state")).isEqualTo("waiting-gil");
    }

    @Test
    void theSwitchIntervalIsTheLessonsSwitchInterval() {
        RuntimeConfig cfg = new RuntimeConfig(1, 256, true, true, 100, 4L << 20, ms(1), 1);
        Harness h = Harness.cpython(prog()
                .fn("main", new Op.Go("worker", 1), new Op.Compute(ms(5)))
                .fn("worker", new Op.Compute(ms(5))).build(), cfg);
        Event wake = h.until(e -> e.kind() == PY_WAKE && e.g() == 1, 100);
        Event request = h.until(GIL_DROP_REQUEST);
        assertThat(request.time() - wake.time()).isEqualTo(ms(1));
        assertThat(h.at("cpython.gil.interval")).isEqualTo(ms(1));
    }

    @Test
    void aBlockingCallReleasesTheGilWithoutAnyRequestAndTakesItBackOnReturn() {
        Harness h = Harness.cpython(prog()
                .fn("main", new Op.Go("worker", 1), new Op.Compute(ms(3)))
                .fn("worker", new Op.Compute(us(100)), new Op.Sleep(ms(1)), new Op.Compute(us(100))).build());
        h.runToEnd(1000);
        assertThat(PyTrace.of(h, THREAD_START, PY_BLOCK, PY_WAKE, GIL_ACQUIRE, GIL_DROP_REQUEST, GIL_DROP)).startsWith(
                "thread_start T1",
                "py_block T1",        // main waits in start()
                "gil_acquire T2",
                "py_wake T1",         // main needs the GIL back...
                "py_block T2",        // ...and gets it as soon as the worker sleeps: no drop request
                "gil_acquire T1",
                "py_wake T2");        // the sleep returns; the worker must wait for the GIL
        assertThat(PyTrace.of(h, GIL_DROP_REQUEST)).isEmpty();
        Event sleep = h.events.stream().filter(e -> e.kind() == PY_BLOCK && e.g() == 2).findFirst().orElseThrow();
        assertThat(sleep.text().in("en")).contains("time.sleep(1ms)").contains("releases the GIL");
        Event back = PyTrace.first(h, PY_WAKE, 2);
        assertThat(back.time() - sleep.time()).isEqualTo(ms(1));
        assertThat(back.text().in("en")).contains("T1 has the GIL, so it waits");
    }

    @Test
    void aLongCCallKeepsTheGilAndHoldsUpTheSwitchUntilItReturns() {
        Harness h = Harness.cpython(prog()
                .fn("main", new Op.Go("worker", 1), new Op.Compute(ms(1)))
                .fn("worker", new Op.Loop(ms(20)), new Op.Compute(ms(1))).build());
        Event acquired = h.until(e -> e.kind() == GIL_ACQUIRE && e.g() == 2, 100);
        Event request = h.until(GIL_DROP_REQUEST);
        assertThat(request.text().in("en")).contains("long C call that never tests it");
        Event check = h.until(EVAL_BREAKER);
        Event drop = h.until(GIL_DROP);
        assertThat(request.time()).isLessThan(acquired.time() + ms(6));
        assertThat(check.g()).isEqualTo(2);
        assertThat(check.time()).isEqualTo(acquired.time() + ms(20));
        assertThat(drop.time()).isGreaterThan(check.time());
        assertThat(h.until(GIL_ACQUIRE).g()).isEqualTo(1);
    }

    @Test
    void fourCpuBoundThreadsTakeTurnsOnOneGil() {
        Harness h = Harness.cpython(prog()
                .fn("main", new Op.Go("worker", 4))
                .fn("worker", new Op.Compute(ms(40))).build());
        int maxRunning = 0;
        Map<Integer, Integer> turns = new TreeMap<>();
        while (!h.engine.ended()) {
            Event e = h.step();
            if (e == null) {
                break;
            }
            if (e.kind() == GIL_ACQUIRE && e.g() != 1) {
                turns.merge(e.g(), 1, Integer::sum);
            }
            int running = 0;
            for (int t = 1; t <= 5; t++) {
                if ("running".equals(h.at("cpython.threads." + t + ".state"))) {
                    running++;
                }
            }
            maxRunning = Math.max(maxRunning, running);
        }
        assertThat(maxRunning).isEqualTo(1);
        assertThat(turns).containsOnlyKeys(2, 3, 4, 5);
        assertThat(turns.values()).allMatch(n -> n >= 5);
        // 160ms of CPU on one GIL: the run takes at least that long, and every switch came from a drop request
        assertThat(h.engine.now()).isGreaterThan(ms(160));
        assertThat(h.at("process.exitCode")).isEqualTo(0);
        assertThat((Long) h.at("cpython.gil.switches")).isGreaterThan(30L);
    }

    @Test
    void timeSleepZeroHandsTheGilToAWaiter() {
        Harness h = Harness.cpython(prog()
                .fn("main", new Op.Go("worker", 1), new Op.Gosched(), new Op.Compute(us(10)))
                .fn("worker", new Op.Compute(ms(20))).build());
        h.until(e -> e.kind() == GIL_ACQUIRE && e.g() == 1, 100);
        Event yield = h.until(e -> e.kind() == PY_BLOCK && e.g() == 1, 100);
        assertThat(yield.text().in("en")).contains("time.sleep(0)").contains("wakes T2");
        assertThat(h.until(GIL_ACQUIRE).g()).isEqualTo(2);
        // the sleep itself still takes its time (a real clock_nanosleep): T1 then waits for the GIL T2 holds
        assertThat(h.at("cpython.threads.1.state")).isEqualTo("blocked");
        h.until(e -> e.kind() == PY_WAKE && e.g() == 1, 100);
        assertThat(h.at("cpython.threads.1.state")).isEqualTo("waiting-gil");
    }
}
