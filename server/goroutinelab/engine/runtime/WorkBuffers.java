package goroutinelab.engine.runtime;

import goroutinelab.engine.EventKind;
import goroutinelab.engine.SnapshotMap;
import goroutinelab.engine.Text;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The collector's per-P mark work buffers (runtime/mgcwork.go: gcWork, put,
 * tryGet, balance, handoff, putfull, trygetfull, getempty, putempty), when a
 * lesson turns them on ({@code runtime: {gcWorkBuffers: true}}); otherwise
 * marking uses {@link Collector#grey}, one FIFO list, the simple view of the
 * earlier lessons.
 *
 * <p>Each P has a gcWork of two buffers, wbuf1 and wbuf2. What a P's worker
 * or assist greys goes into its own wbuf1 (when it is full, the two swap;
 * when both are full, wbuf1 goes onto the global list of full buffers,
 * work.full, and an empty one takes its place). The P takes work back from
 * the end of wbuf1 (last in, first out), then from wbuf2, and only with both
 * empty from work.full (trygetfull). So marking stays local, and a P that
 * holds all the grey objects keeps them from the others, until gcDrain's
 * balance: while work.full is empty, a P with anything in wbuf2 puts wbuf2 on
 * it, and one with more than four objects in wbuf1 puts the older half there
 * (handoff). Another P's worker, finding its own buffers empty, takes that
 * buffer. Whether a P may start a worker at all (gcMarkWorkAvailable) looks
 * only at its own buffers, work.full and the root jobs: grey objects in
 * another P's buffers do not count.
 *
 * <p>{@link Collector#grey} stays the set of everything grey (the invariants,
 * the snapshot's gc.grey and mark completion read it); this class says which
 * buffer holds each entry and in what order it comes out.
 *
 * <p>Simplified: a buffer holds 253 entries, as a 2 KB workbuf does, and work.full
 * is last in, first out, as its lock-free stack is; but work.empty is only a
 * count of spare buffers, nothing is ever freed, putting and taking a buffer
 * take no time of their own beyond a scheduler step, balance's enlistWorker
 * (which preempts a P only when a dedicated worker is still wanted) is not
 * modelled, and the write barrier greys into its P's buffers at once (no
 * wbBuf). gcMarkDone's flush of every P's buffers (dispose) never has
 * anything to move: marking ends only once every buffer is empty.
 */
final class WorkBuffers {
    /** Entries in one workbuf: (_WorkbufSize 2048 − a 24-byte header) / 8. */
    static final int WORKBUF_OBJS = 253;
    /** balance hands off half of wbuf1 when it holds more than this many entries. */
    static final int HANDOFF_OVER = 4;

    /** One P's gcWork: the buffer it puts to and takes from first, and the other. */
    static final class GcWork {
        ArrayList<Long> wbuf1 = new ArrayList<>();
        ArrayList<Long> wbuf2 = new ArrayList<>();

        boolean empty() {
            return wbuf1.isEmpty() && wbuf2.isEmpty();
        }

        GcWork copy() {
            GcWork w = new GcWork();
            w.wbuf1 = new ArrayList<>(wbuf1);
            w.wbuf2 = new ArrayList<>(wbuf2);
            return w;
        }
    }

    private final Collector c;
    private final GcWork[] perP;
    /** work.full: buffers put back for any P to take, the last put on top. */
    private final ArrayDeque<List<Long>> full = new ArrayDeque<>();
    /** work.empty: spare buffers. */
    private int empty;
    /** The P whose gcWork a grey object goes to: the P of the M doing the current unit of mark work. */
    private int putP = -1;

    WorkBuffers(Collector c, int procs) {
        this.c = c;
        this.perP = new GcWork[procs];
        for (int i = 0; i < procs; i++) {
            perP[i] = new GcWork();
        }
    }

    WorkBuffers copyFor(Collector to) {
        WorkBuffers w = new WorkBuffers(to, perP.length);
        for (int i = 0; i < perP.length; i++) {
            w.perP[i] = perP[i].copy();
        }
        for (List<Long> b : full) {
            w.full.addLast(new ArrayList<>(b));
        }
        w.empty = empty;
        w.putP = putP;
        return w;
    }

    /** The P on which the next grey objects are put (the unit of work about to run there). */
    void putOn(int p) {
        putP = p;
    }

    /** gcWork.put: a grey entry into the current P's wbuf1. */
    void put(long entry) {
        if (putP < 0 || putP >= perP.length) {
            throw new IllegalStateException("WorkBuffers.put: no P to put " + name(entry) + " on (P" + putP + ")");
        }
        GcWork w = perP[putP];
        if (w.wbuf1.size() == WORKBUF_OBJS) {
            ArrayList<Long> t = w.wbuf1;
            w.wbuf1 = w.wbuf2;
            w.wbuf2 = t;
            if (w.wbuf1.size() == WORKBUF_OBJS) {
                full.addFirst(w.wbuf1);
                w.wbuf1 = getempty();
            }
        }
        w.wbuf1.add(entry);
    }

    /** This P has grey entries of its own. */
    boolean hasLocal(int p) {
        return !perP[p].empty();
    }

    boolean fullEmpty() {
        return full.isEmpty();
    }

    /**
     * gcMarkWorkAvailable for P p, without the root jobs: its own buffers or
     * the global list hold work.
     */
    boolean available(int p) {
        return hasLocal(p) || !full.isEmpty();
    }

    /**
     * gcWork.tryGet: the next entry from p's own buffers (the end of wbuf1,
     * then wbuf2), removed from the collector's grey queue; -1 if both are empty.
     */
    long take(int p) {
        GcWork w = perP[p];
        if (w.wbuf1.isEmpty()) {
            ArrayList<Long> t = w.wbuf1;
            w.wbuf1 = w.wbuf2;
            w.wbuf2 = t;
        }
        if (w.wbuf1.isEmpty()) {
            return -1;
        }
        long entry = w.wbuf1.remove(w.wbuf1.size() - 1);
        if (!c.grey.remove(entry)) {
            throw new IllegalStateException("WorkBuffers.take: " + name(entry) + " was in P" + p + "'s buffer but not grey");
        }
        return entry;
    }

    /**
     * gcDrain's balance, for the worker or assist of m on P p, as one step:
     * with work.full empty, wbuf2 if it holds anything, else the older half of
     * a wbuf1 of more than four entries, goes onto work.full. Returns the
     * step's cost, or -1 if there was nothing to share.
     */
    long balance(GoRuntime rt, M m, G by, Text who) {
        int p = m.p;
        if (!full.isEmpty()) {
            return -1;
        }
        GcWork w = perP[p];
        List<Long> put;
        Text how;
        if (!w.wbuf2.isEmpty()) {
            put = w.wbuf2;
            w.wbuf2 = getempty();
            how = new Text("its second buffer, wbuf2", "它的第二个缓冲 wbuf2");
        } else if (w.wbuf1.size() > HANDOFF_OVER) {
            int n = w.wbuf1.size() / 2;
            ArrayList<Long> kept = getempty();
            kept.addAll(w.wbuf1.subList(w.wbuf1.size() - n, w.wbuf1.size()));
            put = new ArrayList<>(w.wbuf1.subList(0, w.wbuf1.size() - n));
            w.wbuf1 = kept;
            how = new Text("the older half of its wbuf1 (handoff: it had more than 4)", "它 wbuf1 里较早的一半（handoff：它有 4 个以上）");
        } else {
            return -1;
        }
        full.addFirst(put);
        rt.emit(EventKind.PUTFULL, by.id, m.id, p, new Text(
                "{0}the global list of full buffers (work.full) is empty, so balance puts {1} on it: {2}. P{3} keeps {4}; any P's worker that finds its own buffers empty can take them",
                "{0}全局满缓冲列表（work.full）是空的，于是 balance 把{1}放上去：{2}。P{3} 留下 {4}；任何一个自己缓冲已空的 P 的 worker 都可以取走它们",
                who, how, String.join(", ", names(put)), p, w.empty() ? new Text("nothing", "空") : String.join(", ", names(local(p)))),
                "objs", names(put), "full", full.size());
        return Costs.RUNTIME_NS;
    }

    /**
     * gcWork.tryGet's slow path, as one step: p's buffers are empty, so it
     * takes the top buffer of work.full as its wbuf1 (trygetfull) and gives
     * its empty one to work.empty (putempty). Returns the step's cost, or -1
     * if it has work of its own or work.full is empty.
     */
    long getfull(GoRuntime rt, M m, G by, Text who) {
        int p = m.p;
        GcWork w = perP[p];
        if (!w.empty() || full.isEmpty()) {
            return -1;
        }
        List<Long> b = full.pollFirst();
        empty++;
        w.wbuf1 = new ArrayList<>(b);
        rt.emit(EventKind.TRYGETFULL, by.id, m.id, p, new Text(
                "{0}P{1}'s own buffers are empty: trygetfull takes a full buffer from the global list: {2}, now P{1}'s wbuf1; its empty buffer goes to work.empty",
                "{0}P{1} 自己的缓冲都空了：trygetfull 从全局列表取来一个满缓冲：{2}，成为 P{1} 的 wbuf1；它的空缓冲交给 work.empty",
                who, p, String.join(", ", names(b))), "objs", names(b), "full", full.size());
        return Costs.RUNTIME_NS;
    }

    /** getempty: a spare buffer from work.empty, or a new one. */
    private ArrayList<Long> getempty() {
        if (empty > 0) {
            empty--;
        }
        return new ArrayList<>();
    }

    /** Everything in p's buffers, wbuf1 first. */
    private List<Long> local(int p) {
        List<Long> l = new ArrayList<>(perP[p].wbuf1);
        l.addAll(perP[p].wbuf2);
        return l;
    }

    /** A grey entry as events and the snapshot name it (the object's id, "+128KB" for a later oblet). */
    private String name(long entry) {
        return c.obj(Obj.refOf(entry)).entryName(entry);
    }

    private List<String> names(List<Long> entries) {
        List<String> out = new ArrayList<>(entries.size());
        for (long e : entries) {
            out.add(name(e));
        }
        return out;
    }

    /** A new mark phase: every buffer starts empty. */
    void reset() {
        for (int i = 0; i < perP.length; i++) {
            perP[i] = new GcWork();
        }
        full.clear();
        putP = -1;
    }

    /** gc.workbufs: each P's two buffers, the full buffers on the global list (top first), and the spare count. */
    Map<String, Object> snapshot() {
        SnapshotMap.Builder ps = SnapshotMap.builder(perP.length);
        for (int i = 0; i < perP.length; i++) {
            SnapshotMap.Builder e = SnapshotMap.builder(2);
            e.put("wbuf1", names(perP[i].wbuf1));
            e.put("wbuf2", names(perP[i].wbuf2));
            ps.put(SnapshotMap.key(i), e.build());
        }
        List<Object> fl = new ArrayList<>();
        for (List<Long> b : full) {
            fl.add(names(b));
        }
        SnapshotMap.Builder s = SnapshotMap.builder(3);
        s.put("p", ps.build());
        s.put("full", fl);
        s.put("empty", empty);
        return s.build();
    }

    /** Every grey entry is in exactly one buffer, and every buffered entry is grey; no buffer holds more than a workbuf. */
    void check(List<String> broken) {
        Set<Long> seen = new LinkedHashSet<>();
        List<List<Long>> all = new ArrayList<>();
        for (GcWork w : perP) {
            all.add(w.wbuf1);
            all.add(w.wbuf2);
        }
        all.addAll(full);
        for (List<Long> b : all) {
            if (b.size() > WORKBUF_OBJS) {
                broken.add("WorkBuffers: a buffer holds " + b.size() + " entries, more than " + WORKBUF_OBJS);
            }
            for (long e : b) {
                if (!seen.add(e)) {
                    broken.add("WorkBuffers: " + name(e) + " is in two buffers");
                }
            }
        }
        Set<Long> grey = new LinkedHashSet<>();
        for (int i = 0; i < c.grey.size(); i++) {
            grey.add(c.grey.get(i));
        }
        if (!grey.equals(seen)) {
            Set<Long> missing = new LinkedHashSet<>(grey);
            missing.removeAll(seen);
            Set<Long> extra = new LinkedHashSet<>(seen);
            extra.removeAll(grey);
            broken.add("WorkBuffers: grey but in no buffer " + names(new ArrayList<>(missing)) + "; buffered but not grey "
                    + names(new ArrayList<>(extra)));
        }
    }
}
