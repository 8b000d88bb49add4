package goroutinelab.engine.runtime;

import goroutinelab.engine.Event;
import goroutinelab.engine.EventKind;
import goroutinelab.engine.Harness;
import goroutinelab.engine.Op;
import goroutinelab.engine.Program;
import goroutinelab.engine.RuntimeConfig;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static goroutinelab.engine.Harness.ms;
import static goroutinelab.engine.Harness.prog;
import static goroutinelab.engine.Harness.us;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pointers sent on channels while the collector marks (runtime/chan.go:
 * send → sendDirect and recvDirect with typeBitsBulkBarrier; typedmemmove into
 * the buffer; typedmemclr of a slot received from), and a channel's buffer
 * reached from the globals. The harness checks the invariants after every
 * step: with the barrier on, an object freed while reachable fails the test.
 */
class ChannelPointersTest {

    private static final RuntimeConfig ONE_P = RuntimeConfig.DEFAULT.withGomaxprocs(1);

    private static final RuntimeConfig TWO_PS = RuntimeConfig.DEFAULT.withGomaxprocs(2);

    private static Program.HeapSpec heap(Map<String, Map<String, String>> locals, String... objects) {
        Map<String, Program.ObjectSpec> objs = new LinkedHashMap<>();
        for (String o : objects) {
            objs.put(o, new Program.ObjectSpec(1024, Map.of(), Program.ObjectSpec.allWords(1024)));
        }
        return new Program.HeapSpec(objs, Map.of(), locals);
    }

    /**
     * The same, and a 4 MB pointer array from a global: marking it takes the
     * worker on the other P hundreds of microseconds, so main's channel
     * operation after a short sleep comes while the collector marks.
     */
    private static Program.HeapSpec slowHeap(Map<String, Map<String, String>> locals, String... objects) {
        Map<String, Program.ObjectSpec> objs = new LinkedHashMap<>(heap(locals, objects).objects());
        objs.put("Big", new Program.ObjectSpec(4 << 20, Map.of(), Program.ObjectSpec.allWords(4 << 20)));
        return new Program.HeapSpec(objs, Map.of("big", "Big"), locals);
    }

    /**
     * main parks receiving on jobs; the collector starts; the worker's first
     * unit scans main's stack (nothing on it yet); the producer, woken by its
     * timer, sends its only pointer to Job straight onto main's stack, clears
     * its own, and the worker scans the producer's stack later: without the
     * send's barrier nothing would ever shade Job, and main holds it.
     */
    private static Harness directSend(RuntimeConfig cfg) {
        return Harness.go(prog().chan("jobs", 0)
                .heap(heap(Map.of("producer", Map.of("job", "Job")), "Job"))
                .fn("main", new Op.Go("collector", 1), new Op.Go("producer", 1),
                        new Op.Recv("jobs", "job"), new Op.Sleep(ms(2)), new Op.Load("x", "job.next"))
                .fn("collector", new Op.Gc())
                .fn("producer", new Op.Sleep(us(30)), new Op.Send("jobs", "job"), new Op.Clear("job"),
                        new Op.Compute(us(200)))
                .build(), cfg);
    }

    @Test
    void aDirectSendWhileMarkingShadesThePointerItWritesOntoAStackAlreadyScanned() {
        Harness h = directSend(ONE_P);
        Event scan = h.until(e -> e.kind() == EventKind.MARKROOT && Integer.valueOf(1).equals(e.detail().get("target")), 200);
        assertThat(scan.detail().get("shaded")).as("main's stack held nothing yet").isEqualTo(List.of());
        Event send = h.until(e -> e.kind() == EventKind.CHANSEND, 50);
        assertThat(send.g()).isEqualTo(3);
        assertThat(send.detail()).containsEntry("to", 1).containsEntry("ptr", "Job").containsEntry("shaded", List.of("Job"));
        assertThat(send.text().in("en")).contains("sendDirect", "typeBitsBulkBarrier");
        assertThat(h.at("stacks.1.job")).isEqualTo("Job");
        assertThat(h.at("heap.Job.color")).isEqualTo("grey");
        h.runToEnd(1000);
        assertThat(h.at("heap.Job.freed")).isEqualTo(false);
        assertThat(h.at("process.exitCode")).isEqualTo(0);
    }

    @Test
    void withTheBarrierOffTheObjectSentIsFreedWhileMainHoldsIt() {
        Harness h = directSend(ONE_P.withWriteBarrier(false));
        Event send = h.until(e -> e.kind() == EventKind.CHANSEND, 300);
        assertThat(send.detail()).containsEntry("shaded", List.of());
        h.runToEnd(1000);
        assertThat(h.kinds()).contains(EventKind.LOST);
        assertThat(h.at("heap.Job.freed")).isEqualTo(true);
        assertThat(h.at("process.exitCode")).as("main uses the freed object: a fatal error").isEqualTo(2);
    }

    @Test
    void aSendIntoTheBufferWhileMarkingShadesThePointerAndTheBufferHoldsIt() {
        Harness h = Harness.go(prog().chan("done", 1)
                .heap(slowHeap(Map.of("main", Map.of("log", "Log")), "Log"))
                .fn("main", new Op.Go("collector", 1), new Op.Sleep(us(200)), new Op.Send("done", "log"),
                        new Op.Clear("log"), new Op.Sleep(ms(2)), new Op.Recv("done", "back"), new Op.Load("x", "back.next"))
                .fn("collector", new Op.Gc(), new Op.Compute(us(1)))
                .build(), TWO_PS);
        Event send = h.until(e -> e.kind() == EventKind.CHANSEND, 300);
        assertThat(h.at("gc.phase")).isEqualTo("_GCmark");
        assertThat(send.text().in("en")).contains("into the buffer", "typedmemmove");
        assertThat(h.at("chan.done.values")).isEqualTo(List.of("Log"));
        assertThat(h.at("heap.Log.color")).isNotEqualTo("white");
        h.runToEnd(1000);
        assertThat(h.at("heap.Log.freed")).isEqualTo(false);
    }

    @Test
    void aPointerWaitingInABufferIsReachedFromTheGlobalsAndSurvives() {
        Harness h = Harness.go(prog().chan("done", 1)
                .heap(heap(Map.of("main", Map.of("log", "Log")), "Log"))
                .fn("main", new Op.Send("done", "log"), new Op.Clear("log"), new Op.Gc(),
                        new Op.Recv("done", "back"), new Op.Load("x", "back.next"))
                .build(), ONE_P);
        Event root = h.until(e -> e.kind() == EventKind.MARKROOT && "globals".equals(e.detail().get("root")), 300);
        assertThat(root.detail().get("shaded")).isEqualTo(List.of("Log"));
        h.runToEnd(1000);
        assertThat(h.at("heap.Log.freed")).isEqualTo(false);
        assertThat(h.at("process.exitCode")).as("main used Log after the cycle").isEqualTo(0);
    }

    @Test
    void takingAPointerOutOfTheBufferWhileMarkingShadesItAsItsSlotIsCleared() {
        Harness h = Harness.go(prog().chan("done", 1)
                .heap(slowHeap(Map.of("main", Map.of("log", "Log")), "Log"))
                .fn("main", new Op.Send("done", "log"), new Op.Clear("log"), new Op.Go("collector", 1),
                        new Op.Sleep(us(200)), new Op.Recv("done", "back"), new Op.Sleep(ms(2)))
                .fn("collector", new Op.Gc())
                .build(), TWO_PS);
        Event recv = h.until(e -> e.kind() == EventKind.CHANRECV, 300);
        assertThat(h.at("gc.phase")).isEqualTo("_GCmark");
        assertThat(recv.detail()).containsEntry("ptr", "Log");
        assertThat(recv.text().in("en")).contains("typedmemclr");
        assertThat(h.at("chan.done.values")).isEqualTo(List.of());
        assertThat(h.at("stacks.1.back")).isEqualTo("Log");
        h.runToEnd(1000);
        assertThat(h.at("heap.Log.freed")).isEqualTo(false);
    }

    @Test
    void aReceiveStraightFromAParkedSenderWhileMarkingShadesThePointer() {
        Harness h = Harness.go(prog().chan("jobs", 0)
                .heap(slowHeap(Map.of("sender", Map.of("job", "Job")), "Job"))
                .fn("main", new Op.Go("sender", 1), new Op.Go("collector", 1), new Op.Sleep(us(200)),
                        new Op.Recv("jobs", "got"), new Op.Sleep(ms(2)))
                .fn("sender", new Op.Send("jobs", "job"), new Op.Clear("job"), new Op.Compute(us(10)))
                .fn("collector", new Op.Gc())
                .build(), TWO_PS);
        Event recv = h.until(e -> e.kind() == EventKind.CHANRECV, 300);
        assertThat(h.at("gc.phase")).isEqualTo("_GCmark");
        assertThat(recv.text().in("en")).contains("recvDirect");
        assertThat(recv.detail()).containsEntry("ptr", "Job");
        assertThat(h.at("stacks.1.got")).isEqualTo("Job");
        assertThat(h.at("heap.Job.color")).isNotEqualTo("white");
        h.runToEnd(1000);
        assertThat(h.at("heap.Job.freed")).isEqualTo(false);
    }

    @Test
    void aReceiverWokenByCloseGetsNil() {
        Harness h = Harness.go(prog().chan("jobs", 0)
                .heap(heap(Map.of("main", Map.of("got", "Job")), "Job"))
                .fn("main", new Op.Go("closer", 1), new Op.Recv("jobs", "got"), new Op.Compute(us(1)))
                .fn("closer", new Op.Close("jobs"))
                .build(), ONE_P);
        h.until(e -> e.kind() == EventKind.CLOSECHAN, 100);
        assertThat(h.at("stacks.1")).isEqualTo(java.util.Collections.singletonMap("got", null));
        h.runToEnd(100);
    }

    @Test
    void withoutPointersAChannelCarriesPlainValuesAsBefore() {
        Harness h = Harness.go(prog().chan("c", 1)
                .fn("main", new Op.Send("c"), new Op.Recv("c"), new Op.Compute(us(1))).build(), ONE_P);
        Event send = h.until(e -> e.kind() == EventKind.CHANSEND, 20);
        assertThat(send.detail().get("ptr")).isNull();
        assertThat(h.at("chan.c.values")).isEqualTo(java.util.Arrays.asList((String) null));
        h.runToEnd(100);
    }
}
