package goroutinelab.engine.signal;

import goroutinelab.engine.Op;
import goroutinelab.engine.sched.Act;
import goroutinelab.engine.sched.G;
import goroutinelab.engine.sched.GoRuntime;
import goroutinelab.engine.sched.M;

import java.util.Map;
import java.util.function.BiConsumer;

/** Signal delivery (placeholder until signals land). */
public final class Signals {
    private final GoRuntime rt;

    public Signals(GoRuntime rt) {
        this.rt = rt;
    }

    public Signals copyFor(GoRuntime to) {
        return new Signals(to);
    }

    public long deliver(M m, String signal) {
        if ("SIGURG".equals(signal)) {
            return rt.preemption.sigurg(m);
        }
        throw new UnsupportedOperationException("signals: " + signal + " is not modelled yet");
    }

    public void kernelSend(String signal) {
        throw new UnsupportedOperationException("signals: not modelled yet");
    }

    public long notify(M m, G g, Op.Notify n) {
        throw new UnsupportedOperationException("signals: not modelled yet");
    }

    public long perform(M m, Act a) {
        throw new UnsupportedOperationException("signals: not modelled yet");
    }

    public void writeSnapshot(Map<String, Object> s) {
        s.put("signals", Map.of("pending", java.util.List.of(), "notify", Map.of()));
    }

    public void collectPlaces(BiConsumer<Integer, String> place) {
    }
}
