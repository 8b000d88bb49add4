package goroutinelab.engine.runtime;

import goroutinelab.engine.Event;
import goroutinelab.engine.EventKind;
import goroutinelab.engine.Harness;
import goroutinelab.engine.Op;
import org.junit.jupiter.api.Test;

import java.util.List;

import static goroutinelab.engine.Harness.ms;
import static goroutinelab.engine.Harness.prog;
import static goroutinelab.engine.Harness.us;
import static org.assertj.core.api.Assertions.assertThat;

/** gopark/goready, channels, timers, the netpoller, checkdead (runtime/proc.go, chan.go, netpoll.go). */
class BlockingTest {

    @Test
    void anUnbufferedSendHandsTheValueToAParkedReceiverAndReadiesItIntoRunnext() {
        Harness h = Harness.go(prog().chan("c", 0)
                .fn("main", new Op.Go("r", 1), new Op.Sleep(us(10)), new Op.Send("c"), new Op.Compute(us(50)))
                .fn("r", new Op.Recv("c"), new Op.Compute(us(5))).build(), 1);
        Event park = h.until(e -> e.kind() == EventKind.GOPARK && e.g() == 2, 100);
        assertThat(park.detail()).containsEntry("waitreason", "chan receive");
        assertThat(h.at("chan.c.recvq")).isEqualTo(List.of(2));
        Event send = h.until(EventKind.CHANSEND);
        assertThat(send.detail()).containsEntry("to", 2);
        Event ready = h.until(EventKind.GOREADY);
        assertThat(ready.g()).isEqualTo(2);
        assertThat(h.at("p.0.runnext")).isEqualTo(2);
        assertThat(h.at("chan.c.recvq")).isEqualTo(List.of());
    }

    @Test
    void aSenderBlocksOnAFullBufferAndIsReleasedByAReceive() {
        Harness h = Harness.go(prog().chan("c", 1)
                .fn("main", new Op.Send("c"), new Op.Go("r", 1), new Op.Send("c"), new Op.Compute(us(5)))
                .fn("r", new Op.Recv("c"), new Op.Recv("c")).build(), 1);
        Event park = h.until(EventKind.GOPARK);
        assertThat(park.detail()).containsEntry("waitreason", "chan send");
        assertThat(h.at("chan.c.sendq")).isEqualTo(List.of(1));
        Event recv = h.until(EventKind.CHANRECV);
        assertThat(recv.detail()).containsEntry("from", 1);
        assertThat(h.at("chan.c.buf")).isEqualTo(List.of(1));
        assertThat(h.until(EventKind.GOREADY).g()).isEqualTo(1);
        h.runToEnd(1000);
        assertThat(h.at("process.exitCode")).isEqualTo(0);
    }

    @Test
    void closeReadiesEveryWaiterAndASendOnAClosedChannelPanics() {
        Harness h = Harness.go(prog().chan("c", 0)
                .fn("main", new Op.Go("r", 2), new Op.Sleep(us(10)), new Op.Close("c"), new Op.Sleep(us(10)), new Op.Send("c"))
                .fn("r", new Op.Recv("c")).build(), 1);
        Event close = h.until(EventKind.CLOSECHAN);
        assertThat(close.text().in("en")).contains("2 goroutines");
        Event panic = h.until(EventKind.PANIC);
        assertThat(panic.text().in("en")).contains("send on closed channel");
        assertThat(h.at("process.exitCode")).isEqualTo(2);
    }

    @Test
    void closeReadiesTheWaitersLastParkedFirstSoTheFirstParkedRunsThenTheLastThenTheMiddle() {
        // chan.go closechan: every waiter goes onto a gList (recvq oldest first), which is then
        // popped: goready(r2), goready(r1), goready(r0), each into runnext, kicking the previous
        // one to the local queue. Real Go 1.19: r0 r2 r1 in 120 of 120 closes (fidelity/go/closeorder).
        Harness h = Harness.go(prog().chan("c", 0)
                .fn("main", new Op.Go("r", 1), new Op.Gosched(), new Op.Go("r", 1), new Op.Gosched(),
                        new Op.Go("r", 1), new Op.Gosched(), new Op.Close("c"), new Op.Gosched(), new Op.Compute(us(1)))
                .fn("r", new Op.Recv("c"), new Op.Compute(us(1))).build(), 1);
        Event close = h.until(EventKind.CLOSECHAN);
        assertThat(close.detail()).containsEntry("order", List.of(4, 3, 2));
        assertThat(h.at("chan.c.recvq")).isEqualTo(List.of());
        int[] readied = {0};
        h.until(e -> e.kind() == EventKind.GOREADY && ++readied[0] == 3, 100);
        assertThat(h.at("p.0.runnext")).isEqualTo(2);
        assertThat(h.at("p.0.runq")).isEqualTo(List.of(4, 3));
        h.runToEnd(1000);
        List<Integer> ran = h.events.stream()
                .filter(e -> e.kind() == EventKind.EXECUTE && e.g() != null && e.g() > 1 && e.time() > 0)
                .map(Event::g).toList();
        assertThat(ran.subList(ran.size() - 3, ran.size())).containsExactly(2, 4, 3);
    }

    @Test
    void aSleepingGoroutineIsWokenByItsTimer() {
        Harness h = Harness.go(prog().fn("main", new Op.Sleep(ms(1)), new Op.Compute(us(1))).build(), 1);
        Event block = h.until(EventKind.NETPOLL);
        assertThat(block.detail()).containsEntry("block", true);
        Event timer = h.until(EventKind.TIMER);
        assertThat(timer.g()).isEqualTo(1);
        assertThat(timer.time()).isGreaterThanOrEqualTo(ms(1));
    }

    @Test
    void aNetworkReadParksInTheNetpollerAndWakesWhenDataArrives() {
        Harness h = Harness.go(prog().fn("main", new Op.NetRead(ms(2)), new Op.Compute(us(1))).build(), 1);
        Event park = h.until(EventKind.GOPARK);
        assertThat(park.detail()).containsEntry("waitreason", "IO wait");
        assertThat(h.at("netpoll.waiting")).isEqualTo(List.of(1));
        Event wake = h.until(e -> e.kind() == EventKind.NETPOLL && e.g() != null, 100);
        assertThat(wake.g()).isEqualTo(1);
        assertThat(wake.time()).isGreaterThanOrEqualTo(ms(2));
    }

    @Test
    void sysmonPollsTheNetworkWhenNobodyHasForTenMilliseconds() {
        Harness h = Harness.go(prog().fn("main", new Op.Go("reader", 1), new Op.Compute(ms(40)))
                .fn("reader", new Op.NetRead(ms(1))).build(), 1);
        Event poll = h.until(e -> e.kind() == EventKind.NETPOLL && e.m() != null && e.m() == M.SYSMON, 100_000);
        assertThat(poll.text().in("en")).contains("injectglist");
        assertThat(h.at("sched.runq")).isEqualTo(List.of(2));
    }

    @Test
    void allGoroutinesAsleepIsADeadlock() {
        Harness h = Harness.go(prog().chan("c", 0).fn("main", new Op.Recv("c")).build(), 2);
        Event t = h.until(EventKind.THROW);
        assertThat(t.text().in("en")).contains("all goroutines are asleep - deadlock!");
        assertThat(h.at("process.exitCode")).isEqualTo(2);
    }
}
