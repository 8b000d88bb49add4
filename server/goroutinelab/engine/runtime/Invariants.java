package goroutinelab.engine.runtime;

import goroutinelab.engine.IntDeque;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The scheduler's invariants, checked after every step in tests: every live G
 * is in exactly one place, Ms and Ps point at each other, idle Ps are on the
 * idle list with empty queues, the spinning count matches the spinning Ms.
 * A G "in hand" (taken off a queue by an M whose next action places or runs
 * it) counts as a place.
 */
final class Invariants {
    private final GoRuntime rt;
    /** The broken invariants of the check under way; kept from one check to the next (cleared, not reallocated). */
    private final List<String> broken = new ArrayList<>();
    /**
     * The first place each G was found in, by G id, as its parts (head, id,
     * tail: see {@link Place}); a null head means none. {@link #more} has
     * every place of a G found in more than one. Kept from one check to the
     * next (a runtime keeps one Invariants), only the ids used are cleared.
     */
    private String[] firstHead = new String[64];
    private int[] firstId = new int[64];
    private String[] firstTail = new String[64];
    private int[] used = new int[64];
    private int nused;
    private Map<Integer, List<Place>> more;
    private final BiConsumer<Integer, String> named = (g, where) -> place(g, where, -1, "");

    /**
     * Where a G was found, kept as its parts: this runs after every engine step
     * in tests and {@code check}, so the words ("P0.runq") are only joined
     * when an invariant breaks and a message names the place; the first place
     * of each G is not even made into a Place unless a message needs it.
     */
    private record Place(String head, int id, String tail) {
        @Override
        public String toString() {
            return id < 0 ? head + tail : head + id + tail;
        }
    }

    /** Whether the place (head, id, tail) ends with s, without joining its words when the last part decides it. */
    private static boolean endsWith(String head, int id, String tail, String s) {
        if (s.length() <= tail.length()) {
            return tail.endsWith(s);
        }
        if (id < 0 && tail.isEmpty()) {
            return head.endsWith(s);
        }
        return new Place(head, id, tail).toString().endsWith(s);
    }

    Invariants(GoRuntime rt) {
        this.rt = rt;
    }

    List<String> check() {
        for (int i = 0; i < nused; i++) {
            firstHead[used[i]] = null;
            firstTail[used[i]] = null;
        }
        nused = 0;
        more = null;
        broken.clear();
        collectPlaces();
        for (G g : rt.gs.values()) {
            checkG(g);
            if (rt.g(g.id) != g) {
                broken.add("G" + g.id + " is not the goroutine GoRuntime.g finds by its id");
            }
        }
        checkPs();
        checkSpinning();
        for (Chan c : rt.chans.values()) {
            if (c.vals.size() != c.buf.size()) {
                broken.add("channel " + c.name + " buffers " + c.buf.size() + " values but " + c.vals.size() + " pointer slots");
            }
        }
        List<String> gc = rt.gc.checkInvariants();
        if (!gc.isEmpty()) {
            broken.addAll(gc);
        }
        return broken.isEmpty() ? List.of() : new ArrayList<>(broken);
    }

    private void place(int g, String head, int id, String tail) {
        if (g < 0) {
            throw new IllegalStateException("Invariants.place: G id " + g + " found in " + new Place(head, id, tail));
        }
        if (g >= firstHead.length) {
            int n = Math.max(g + 1, firstHead.length * 2);
            firstHead = Arrays.copyOf(firstHead, n);
            firstId = Arrays.copyOf(firstId, n);
            firstTail = Arrays.copyOf(firstTail, n);
        }
        if (firstHead[g] == null) {
            firstHead[g] = head;
            firstId[g] = id;
            firstTail[g] = tail;
            if (nused == used.length) {
                used = Arrays.copyOf(used, nused * 2);
            }
            used[nused++] = g;
        } else {
            if (more == null) {
                more = new HashMap<>();
            }
            Place had = firstPlace(g);
            more.computeIfAbsent(g, k -> new ArrayList<>(List.of(had))).add(new Place(head, id, tail));
        }
    }

    /** The first place G g was found in, or null. */
    private Place firstPlace(int g) {
        return g < firstHead.length && firstHead[g] != null ? new Place(firstHead[g], firstId[g], firstTail[g]) : null;
    }

    private void placeAll(IntDeque q, String head, int id, String tail) {
        for (int i = 0, n = q.size(); i < n; i++) {
            place(q.get(i), head, id, tail);
        }
    }

    private void collectPlaces() {
        for (P p : rt.allp) {
            if (p.runnext != 0) {
                place(p.runnext, "P", p.id, ".runnext");
            }
            placeAll(p.runq, "P", p.id, ".runq");
            for (P.Timer t : p.timers) {
                place(t.g(), "P", p.id, ".timers");
            }
        }
        placeAll(rt.sched.runq, "sched", -1, ".runq");
        for (Chan c : rt.chans.values()) {
            placeAll(c.sendq, c.name, -1, ".sendq");
            placeAll(c.recvq, c.name, -1, ".recvq");
        }
        for (int g : rt.netpoll.waiting.keySet()) {
            place(g, "netpoll.waiting", -1, "");
        }
        placeAll(rt.netpoll.ready, "netpoll.ready", -1, "");
        for (M m : rt.allm) {
            placeM(m);
        }
        placeM(rt.sysmonM);
        rt.gc.collectPlaces(named);
        rt.signals.collectPlaces(named);
        rt.background.collectPlaces(named);
    }

    private void placeM(M m) {
        if (m.curg != 0) {
            place(m.curg, m.name(), -1, ".curg");
        }
        for (Act a : m.acts) {
            if (a.inHand() != 0) {
                place(a.inHand(), m.name(), -1, " in hand");
            }
        }
    }

    /** Every place G {@code g} was found in. */
    private List<Place> at(int g) {
        List<Place> many = more == null ? null : more.get(g);
        if (many != null) {
            return many;
        }
        Place one = firstPlace(g);
        return one == null ? List.of() : List.of(one);
    }

    private void checkG(G g) {
        boolean found = g.id < firstHead.length && firstHead[g.id] != null;
        if (!g.alive()) {
            if (found) {
                broken.add("G" + g.id + " is _Gdead but is in " + at(g.id));
            }
            return;
        }
        if (!found || (more != null && more.containsKey(g.id))) {
            broken.add("G" + g.id + " (" + g.status + ") must be in exactly one place, is in " + at(g.id));
            return;
        }
        String head = firstHead[g.id];
        int id = firstId[g.id];
        String tail = firstTail[g.id];
        switch (g.status) {
            case _Grunning -> {
                M m = g.m >= 0 ? rt.m(g.m) : null;
                if (m == null || m.curg != g.id || m.p < 0) {
                    broken.add("G" + g.id + " is _Grunning but its M does not hold it on a P (" + firstPlace(g.id) + ")");
                }
            }
            case _Gsyscall -> {
                M m = g.m >= 0 ? rt.m(g.m) : null;
                if (m == null || m.curg != g.id || m.p >= 0) {
                    broken.add("G" + g.id + " is _Gsyscall but is not held by an M without a P (" + firstPlace(g.id) + ")");
                }
            }
            case _Grunnable -> {
                boolean queued = endsWith(head, id, tail, ".runq") || endsWith(head, id, tail, ".runnext")
                        || endsWith(head, id, tail, " in hand");
                if (!queued) {
                    broken.add("G" + g.id + " is _Grunnable but is in " + firstPlace(g.id));
                }
            }
            case _Gwaiting, _Gpreempted -> {
                if (endsWith(head, id, tail, "curg") || endsWith(head, id, tail, "runq") || endsWith(head, id, tail, "runnext")) {
                    broken.add("G" + g.id + " is " + g.status + " but is in " + firstPlace(g.id));
                }
            }
            default -> broken.add("G" + g.id + " has unexpected status " + g.status);
        }
    }

    private void checkPs() {
        for (P p : rt.allp) {
            boolean onIdleList = rt.sched.pidle.contains(p.id);
            switch (p.status) {
                case _Prunning -> {
                    if (p.m < 0 || rt.m(p.m).p != p.id) {
                        broken.add("P" + p.id + " is _Prunning but its M does not hold it");
                    }
                    if (onIdleList) {
                        broken.add("P" + p.id + " is _Prunning and on the idle list");
                    }
                }
                case _Pidle -> {
                    if (onIdleList && !p.runqEmpty()) {
                        broken.add("P" + p.id + " is idle with a non-empty run queue");
                    }
                }
                default -> {
                    if (onIdleList) {
                        broken.add("P" + p.id + " is " + p.status + " and on the idle list");
                    }
                }
            }
        }
        for (M m : rt.allm) {
            if (m.p >= 0 && rt.p(m.p).m != m.id) {
                broken.add(m.name() + " holds P" + m.p + " but P" + m.p + ".m is " + rt.p(m.p).m);
            }
        }
        if (rt.allp.length != rt.cfg.gomaxprocs()) {
            broken.add("there are " + rt.allp.length + " Ps, gomaxprocs is " + rt.cfg.gomaxprocs());
        }
    }

    private void checkSpinning() {
        int spinning = spinning(rt.sysmonM);
        for (M m : rt.allm) {
            spinning += spinning(m);
        }
        if (spinning != rt.sched.nmspinning) {
            broken.add("nmspinning is " + rt.sched.nmspinning + " but " + spinning + " Ms are spinning or about to");
        }
        if (rt.sched.nmspinning < 0) {
            broken.add("nmspinning is negative");
        }
    }

    /** 1 if {@code m} is spinning, plus one for each spinning M it is about to start. */
    private static int spinning(M m) {
        int n = m.spinning ? 1 : 0;
        for (Act a : m.acts) {
            if (a instanceof Act.Startm s && s.spinning()) {
                n++;
            }
        }
        return n;
    }
}
