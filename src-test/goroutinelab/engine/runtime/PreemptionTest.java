package goroutinelab.engine.runtime;

import goroutinelab.engine.Event;
import goroutinelab.engine.EventKind;
import goroutinelab.engine.Harness;
import goroutinelab.engine.Op;
import goroutinelab.engine.Program;
import goroutinelab.engine.RuntimeConfig;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static goroutinelab.engine.Harness.ms;
import static goroutinelab.engine.Harness.prog;
import static goroutinelab.engine.Harness.us;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Preemption requests that are lost (runtime/stack.go newstack, preempt.go
 * canPreemptM, proc.go execute): a goroutine asked to stop while it holds a
 * channel's lock goes on, parks with the request set, and execute clears it.
 */
class PreemptionTest {

    /** main yields to start a slice, starts a ping-pong pair, and yields again: only sysmon can bring it back. */
    static Program pingPong() {
        return prog().chan("ping", 0).chan("pong", 0)
                .fn("main", new Op.Gosched(), new Op.Go("pinger", 1), new Op.Go("ponger", 1), new Op.Gosched(),
                        new Op.Compute(us(1)))
                .fn("pinger", new Op.Repeat(1_000_000, List.of(new Op.Send("ping"), new Op.Recv("pong"))))
                .fn("ponger", new Op.Repeat(1_000_000, List.of(new Op.Recv("ping"), new Op.Send("pong"))))
                .build();
    }

    @Test
    void aRequestThatLandsWhileTheGoroutineHoldsAChannelLockIsRefusedAndClearedWhenItRunsAgain() {
        Event refused = null;
        Harness h = null;
        for (long seed = 1; seed <= 12 && refused == null; seed++) {
            h = Harness.go(pingPong(), RuntimeConfig.DEFAULT.withSeed(seed));
            while (!h.engine.ended() && h.engine.now() < ms(60)) {
                Event e = h.step();
                if (e.kind() == EventKind.EXECUTE && e.g() == 1 && e.time() > ms(1)) {
                    break;
                }
                if (e.kind() == EventKind.MORESTACK && Boolean.TRUE.equals(e.detail().get("refused"))) {
                    refused = e;
                    break;
                }
            }
        }
        assertThat(refused).as("some seed's request lands inside a channel operation").isNotNull();
        int g = refused.g();
        assertThat(refused.text().in("en")).contains("lock");
        Event park = h.until(e -> e.kind() == EventKind.GOPARK && e.g() == g, 100);
        assertThat(park.time() - refused.time()).isLessThan(us(1));
        assertThat(h.at("g." + g + ".preempt")).as("it parks with the request still set").isEqualTo(true);
        Event again = h.until(e -> e.kind() == EventKind.EXECUTE && e.g() == g, 100);
        assertThat(again.detail()).containsEntry("clearedPreempt", true);
        assertThat(h.at("g." + g + ".preempt")).isEqualTo(false);
        assertThat(h.at("g.1.status")).as("main is still waiting").isEqualTo("_Grunnable");
    }

    @Test
    void aPingPongPairOftenKeepsAQueuedMainWaitingPastSysmonsFirstTry() {
        List<Long> waits = new ArrayList<>();
        int pastFirstTry = 0;
        for (long seed = 1; seed <= 10; seed++) {
            Harness h = new Harness(new GoRuntime(pingPong(), RuntimeConfig.DEFAULT.withSeed(seed)), false);
            int requests = 0;
            long back = -1;
            while (back < 0) {
                Event e = h.engine.step();
                if (e.kind() == EventKind.PREEMPTONE) {
                    requests++;
                }
                if (e.kind() == EventKind.EXECUTE && e.g() == 1 && e.time() > us(50)) {
                    back = e.time();
                }
            }
            waits.add(back);
            if (requests > 1) {
                pastFirstTry++;
            }
        }
        assertThat(waits).allSatisfy(w -> assertThat(w).isGreaterThanOrEqualTo(ms(10)));
        assertThat(pastFirstTry).as("runs where sysmon's first request was lost, of 10: " + waits).isBetween(2, 9);
    }
}
