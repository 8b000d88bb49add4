package goroutinelab.engine.gc;

import goroutinelab.engine.Op;
import goroutinelab.engine.sched.Act;
import goroutinelab.engine.sched.G;
import goroutinelab.engine.sched.GoRuntime;
import goroutinelab.engine.sched.M;
import goroutinelab.engine.sched.P;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/** The garbage collector (placeholder until the collector lands). */
public final class Collector {
    private final GoRuntime rt;

    public Collector(GoRuntime rt) {
        this.rt = rt;
    }

    public Collector copyFor(GoRuntime to) {
        return new Collector(to);
    }

    public void boot() {
    }

    public long gcstopm(M m) {
        throw new UnsupportedOperationException("gc: stop-the-world is not modelled yet");
    }

    public long handoffToGcstop(M by, P p) {
        throw new UnsupportedOperationException("gc: stop-the-world is not modelled yet");
    }

    public int findRunnableGCWorker(M m, P p) {
        return 0;
    }

    public boolean markWorkAvailable() {
        return false;
    }

    public boolean stwActive() {
        return false;
    }

    public long alloc(M m, G g, Op.Alloc a) {
        throw new UnsupportedOperationException("gc: alloc is not modelled yet");
    }

    public long store(M m, G g, Op.Store s) {
        throw new UnsupportedOperationException("gc: store is not modelled yet");
    }

    public long load(M m, G g, Op.Load l) {
        throw new UnsupportedOperationException("gc: load is not modelled yet");
    }

    public long clear(M m, G g, Op.Clear c) {
        throw new UnsupportedOperationException("gc: clear is not modelled yet");
    }

    public long runtimeGC(M m, G g) {
        throw new UnsupportedOperationException("gc: runtime.GC is not modelled yet");
    }

    public void forceFromOutside() {
        throw new UnsupportedOperationException("gc: not modelled yet");
    }

    public void onGoexit(G g) {
    }

    public long perform(M m, Act a) {
        throw new UnsupportedOperationException("gc: not modelled yet");
    }

    public void writeSnapshot(Map<String, Object> s) {
        s.put("gc", null);
        s.put("heap", Map.of());
        s.put("globals", Map.of());
        s.put("stacks", Map.of());
    }

    public void collectPlaces(BiConsumer<Integer, String> place) {
    }

    public List<String> checkInvariants() {
        return new ArrayList<>();
    }
}
