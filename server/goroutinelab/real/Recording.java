package goroutinelab.real;

import java.util.ArrayList;
import java.util.List;

/**
 * A run cut down to bundle with the lab: the first {@code maxEvents} events
 * from the start (a goroutine's long runs of yields each kept as one), and
 * the lanes, system calls and collector up to the time of the last one kept;
 * heap samples thinned to at most {@code maxHeap}. The window says what was
 * kept of how much.
 */
final class Recording {
    static final int MAX_EVENTS = 1500;
    static final int MAX_HEAP = 300;
    static final int MAX_LIST = 500;

    private Recording() {
    }

    /**
     * What a recording keeps of several runs of one lesson: the median by duration, with its claims'
     * tallies over all of them (null: none), cut to the window.
     */
    static RealTrace keep(List<RealTrace> runs, List<RealTrace.ClaimResult> tallies) {
        List<RealTrace> sorted = new ArrayList<>(runs);
        sorted.sort(java.util.Comparator.comparingLong(t -> t.run().durationNs()));
        RealTrace median = sorted.get(sorted.size() / 2);
        if (tallies != null) {
            median = median.withClaims(tallies);
        }
        return window(median, MAX_EVENTS, MAX_HEAP);
    }

    static RealTrace window(RealTrace t, int maxEvents, int maxHeap) {
        List<RealTrace.Event> all = collapseYields(t.events());
        boolean cut = all.size() > maxEvents;
        long to = cut ? all.get(maxEvents - 1).t() : t.run().durationNs();
        List<RealTrace.Event> events = new ArrayList<>(all.stream().filter(e -> e.t() <= to).limit(maxEvents).toList());
        int spansTotal = 0;
        int spansKept = 0;
        boolean spansCut = false;
        List<RealTrace.Lane> lanes = new ArrayList<>();
        for (RealTrace.Lane l : t.lanes()) {
            spansTotal += l.spans().size();
            List<RealTrace.Span> merged = mergeYields(l.spans());
            List<RealTrace.Span> keep = merged.stream().filter(s -> s.from() <= to).limit(MAX_EVENTS).toList();
            spansCut |= keep.size() < merged.size();
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
        RealTrace.Window w = new RealTrace.Window(0, to, events.size(), t.events().size(), spansKept, spansTotal, cut || spansCut);
        return new RealTrace(t.format(), t.lesson(), t.recorded(), t.run(), t.goroutines(), lanes, events, syscalls, g, w, t.claims());
    }

    /**
     * A goroutine that yields (gosched) and runs again at once on the same P, over and over (runtime.GC
     * does that while it waits for sweeping to finish), is kept as its first gosched, with the number of
     * them as its value, and the last execute.
     */
    static List<RealTrace.Event> collapseYields(List<RealTrace.Event> events) {
        List<RealTrace.Event> out = new ArrayList<>();
        int i = 0;
        while (i < events.size()) {
            RealTrace.Event e = events.get(i);
            int j = i;
            while (j + 3 < events.size() && isYield(events.get(j), events.get(j + 1)) && isYield(events.get(j + 2), events.get(j + 3))
                    && sameYield(events.get(j), events.get(j + 2))) {
                j += 2;
            }
            if (j == i || !isYield(e, events.get(i + 1))) {
                out.add(e);
                i++;
                continue;
            }
            int count = (j - i) / 2 + 1;
            out.add(new RealTrace.Event(e.t(), e.kind(), e.p(), e.m(), e.gid(), e.g(), e.targetGid(), e.targetG(),
                    "yielded " + count + " times in a row", (long) count));
            out.add(events.get(j + 1));
            i = j + 2;
        }
        return out;
    }

    private static boolean isYield(RealTrace.Event a, RealTrace.Event b) {
        return a.kind().equals("gosched") && b.kind().equals("execute") && a.gid() != null && a.gid().equals(b.gid())
                && java.util.Objects.equals(a.p(), b.p());
    }

    private static boolean sameYield(RealTrace.Event a, RealTrace.Event b) {
        return a.gid().equals(b.gid()) && java.util.Objects.equals(a.p(), b.p());
    }

    /** Consecutive spans of one goroutine, each ended by a gosched and followed at once by the next: one span. */
    static List<RealTrace.Span> mergeYields(List<RealTrace.Span> spans) {
        List<RealTrace.Span> out = new ArrayList<>();
        for (RealTrace.Span s : spans) {
            RealTrace.Span last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last != null && last.gid() == s.gid() && "gosched".equals(last.end())
                    && s.from() - last.to() < 50_000) {
                int yields = (last.yields() == null ? 0 : last.yields()) + 1;
                out.set(out.size() - 1, new RealTrace.Span(last.from(), s.to(), s.gid(), s.g(), s.m(), s.end(), s.reason(), yields));
            } else {
                out.add(s);
            }
        }
        return out;
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
