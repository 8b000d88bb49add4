package goroutinelab.real;

import java.util.ArrayList;
import java.util.List;

/**
 * A run cut down to bundle with the lab: the first {@code maxEvents} events
 * from the start, and the lanes, system calls and collector up to the time
 * of the last one kept; heap samples thinned to at most {@code maxHeap}. The
 * window says what was kept of how much.
 */
final class Recording {
    static final int MAX_EVENTS = 1500;
    static final int MAX_HEAP = 300;
    static final int MAX_LIST = 500;

    private Recording() {
    }

    static RealTrace window(RealTrace t, int maxEvents, int maxHeap) {
        List<RealTrace.Event> all = t.events();
        boolean cut = all.size() > maxEvents;
        long to = cut ? all.get(maxEvents - 1).t() : t.run().durationNs();
        List<RealTrace.Event> events = new ArrayList<>(all.stream().filter(e -> e.t() <= to).limit(maxEvents).toList());
        int spansTotal = 0;
        int spansKept = 0;
        List<RealTrace.Lane> lanes = new ArrayList<>();
        for (RealTrace.Lane l : t.lanes()) {
            spansTotal += l.spans().size();
            List<RealTrace.Span> keep = l.spans().stream().filter(s -> s.from() <= to).limit(MAX_EVENTS).toList();
            spansKept += keep.size();
            lanes.add(new RealTrace.Lane(l.p(), keep));
        }
        List<RealTrace.Syscall> syscalls = t.syscalls().stream().filter(s -> s.from() <= to).limit(MAX_LIST).toList();
        RealTrace.Gc gc = t.gc();
        RealTrace.Gc g = new RealTrace.Gc(
                gc.cycles().stream().filter(c -> c.from() <= to).limit(MAX_LIST).toList(),
                gc.stw().stream().filter(c -> c.from() <= to).limit(MAX_LIST).toList(),
                gc.assists().stream().filter(c -> c.from() <= to).limit(MAX_LIST).toList(),
                thin(gc.heap().stream().filter(h -> h.t() <= to).toList(), maxHeap),
                gc.gctrace());
        RealTrace.Window w = new RealTrace.Window(0, to, events.size(), all.size(), spansKept, spansTotal,
                cut || spansKept < spansTotal);
        return new RealTrace(t.format(), t.lesson(), t.recorded(), t.run(), t.goroutines(), lanes, events, syscalls, g, w, t.claims());
    }

    /** At most max samples, evenly spaced, keeping the first and the last. */
    static List<RealTrace.HeapSample> thin(List<RealTrace.HeapSample> heap, int max) {
        if (heap.size() <= max || max < 2) {
            return heap;
        }
        List<RealTrace.HeapSample> out = new ArrayList<>();
        double step = (heap.size() - 1) / (double) (max - 1);
        for (int i = 0; i < max; i++) {
            out.add(heap.get((int) Math.round(i * step)));
        }
        return out;
    }
}
