package goroutinelab.engine.cpython;

import goroutinelab.engine.Event;
import goroutinelab.engine.Harness;
import goroutinelab.engine.Op;
import org.junit.jupiter.api.Test;

import java.util.List;

import static goroutinelab.engine.EventKind.EXCEPTHOOK;
import static goroutinelab.engine.EventKind.PY_BLOCK;
import static goroutinelab.engine.EventKind.QUEUE_GET;
import static goroutinelab.engine.EventKind.QUEUE_PUT;
import static goroutinelab.engine.EventKind.QUEUE_SHUTDOWN;
import static goroutinelab.engine.Harness.ms;
import static goroutinelab.engine.Harness.prog;
import static goroutinelab.engine.Harness.us;
import static org.assertj.core.api.Assertions.assertThat;

/** Channels as queue.Queue (Lib/queue.py). */
class QueueTest {

    @Test
    void aGetOnAnEmptyQueueReleasesTheGilAndAPutWakesIt() {
        Harness h = Harness.cpython(prog().chan("jobs", 1)
                .fn("main", new Op.Go("consumer", 1), new Op.Compute(us(50)), new Op.Send("jobs"), new Op.Compute(us(50)))
                .fn("consumer", new Op.Recv("jobs"), new Op.Compute(us(10))).build());
        Event wait = h.until(e -> e.kind() == PY_BLOCK && e.g() == 2, 100);
        assertThat(wait.text().in("en")).contains("jobs.get()").contains("releases the GIL");
        assertThat(h.at("cpython.chan.jobs.recvq")).isEqualTo(List.of(2));
        Event put = h.until(QUEUE_PUT);
        assertThat(put.detail()).containsEntry("woken", 2);
        Event got = h.until(QUEUE_GET);
        assertThat(got.g()).isEqualTo(2);
        assertThat(got.detail()).containsEntry("from", 1);
        h.runToEnd(100);
        assertThat(h.at("process.exitCode")).isEqualTo(0);
    }

    @Test
    void maxsizeZeroIsUnboundedSoPutNeverWaitsUnlikeAnUnbufferedChannel() {
        Harness h = Harness.cpython(prog().chan("c", 0)
                .fn("main", new Op.Send("c"), new Op.Send("c"), new Op.Send("c")).build());
        h.runToEnd(100);
        assertThat(PyTrace.of(h)).containsExactly("queue_put T1", "queue_put T1", "queue_put T1", "py_exit T1");
        assertThat(h.events.get(0).text().in("en")).contains("maxsize=0 means no bound");
        assertThat(h.at("cpython.chan.c.buf")).isEqualTo(List.of(1, 1, 1));
    }

    @Test
    void aPutOnAFullQueueWaitsForAGet() {
        Harness h = Harness.cpython(prog().chan("c", 1)
                .fn("main", new Op.Send("c"), new Op.Go("taker", 1), new Op.Send("c"), new Op.Compute(us(5)))
                .fn("taker", new Op.Compute(ms(10)), new Op.Recv("c"), new Op.Recv("c")).build());
        Event full = h.until(e -> e.kind() == PY_BLOCK && e.text().in("en").contains("full"), 100);
        assertThat(full.g()).isEqualTo(1);
        assertThat(h.at("cpython.chan.c.sendq")).isEqualTo(List.of(1));
        assertThat(h.until(QUEUE_GET).detail()).containsEntry("woken", 1);
        h.runToEnd(200);
        assertThat(h.at("process.exitCode")).isEqualTo(0);
    }

    @Test
    void shutdownWakesGettersAndAPutAfterItRaisesInThatThreadOnly() {
        Harness h = Harness.cpython(prog().chan("c", 1)
                .fn("main", new Op.Go("getter", 2), new Op.Compute(us(100)), new Op.Close("c"), new Op.Go("putter", 1),
                        new Op.Compute(us(10)))
                .fn("getter", new Op.Recv("c"))
                .fn("putter", new Op.Send("c")).build());
        Event close = h.until(QUEUE_SHUTDOWN);
        assertThat(close.detail()).containsEntry("woken", 2);
        h.runToEnd(500);
        assertThat(h.events).filteredOn(e -> e.kind() == QUEUE_GET)
                .allMatch(e -> Boolean.TRUE.equals(e.detail().get("shutdown"))).hasSize(2);
        assertThat(PyTrace.first(h, EXCEPTHOOK, 4).detail()).containsEntry("exception", "ShutDown");
        assertThat(h.at("process.exitCode")).isEqualTo(0);
    }
}
