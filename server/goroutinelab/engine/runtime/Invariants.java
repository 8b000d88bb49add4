package goroutinelab.engine.runtime;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The scheduler's invariants, checked after every step in tests: every live G
 * is in exactly one place, Ms and Ps point at each other, idle Ps are on the
 * idle list with empty queues, the spinning count matches the spinning Ms.
 * A G "in hand" (taken off a queue by an M whose next action places or runs
 * it) counts as a place.
 */
final class Invariants {
    private final GoRuntime rt;
    private final List<String> broken = new ArrayList<>();
    private final Map<Integer, List<String>> places = new HashMap<>();

    Invariants(GoRuntime rt) {
        this.rt = rt;
    }

    List<String> check() {
        collectPlaces();
        for (G g : rt.gs.values()) {
            checkG(g);
        }
        checkPs();
        checkSpinning();
        for (Chan c : rt.chans.values()) {
            if (c.vals.size() != c.buf.size()) {
                broken.add("channel " + c.name + " buffers " + c.buf.size() + " values but " + c.vals.size() + " pointer slots");
            }
        }
        broken.addAll(rt.gc.checkInvariants());
        return broken;
    }

    private void place(int g, String where) {
        places.computeIfAbsent(g, k -> new ArrayList<>()).add(where);
    }

    private void collectPlaces() {
        for (P p : rt.allp) {
            if (p.runnext != 0) {
                place(p.runnext, "P" + p.id + ".runnext");
            }
            for (int g : p.runq.toArray()) {
                place(g, "P" + p.id + ".runq");
            }
            for (P.Timer t : p.timers) {
                place(t.g(), "P" + p.id + ".timers");
            }
        }
        for (int g : rt.sched.runq.toArray()) {
            place(g, "sched.runq");
        }
        for (Chan c : rt.chans.values()) {
            for (int g : c.sendq.toArray()) {
                place(g, c.name + ".sendq");
            }
            for (int g : c.recvq.toArray()) {
                place(g, c.name + ".recvq");
            }
        }
        for (int g : rt.netpoll.waiting.keySet()) {
            place(g, "netpoll.waiting");
        }
        for (int g : rt.netpoll.ready.toArray()) {
            place(g, "netpoll.ready");
        }
        List<M> all = new ArrayList<>(rt.allm);
        all.add(rt.sysmonM);
        for (M m : all) {
            if (m.curg != 0) {
                place(m.curg, m.name() + ".curg");
            }
            for (Act a : m.acts) {
                if (a.inHand() != 0) {
                    place(a.inHand(), m.name() + " in hand");
                }
            }
        }
        rt.gc.collectPlaces(this::place);
        rt.signals.collectPlaces(this::place);
        rt.background.collectPlaces(this::place);
    }

    private void checkG(G g) {
        List<String> at = places.getOrDefault(g.id, List.of());
        if (!g.alive()) {
            if (!at.isEmpty()) {
                broken.add("G" + g.id + " is _Gdead but is in " + at);
            }
            return;
        }
        if (at.size() != 1) {
            broken.add("G" + g.id + " (" + g.status + ") must be in exactly one place, is in " + at);
            return;
        }
        String where = at.get(0);
        switch (g.status) {
            case _Grunning -> {
                M m = g.m >= 0 ? rt.m(g.m) : null;
                if (m == null || m.curg != g.id || m.p < 0) {
                    broken.add("G" + g.id + " is _Grunning but its M does not hold it on a P (" + where + ")");
                }
            }
            case _Gsyscall -> {
                M m = g.m >= 0 ? rt.m(g.m) : null;
                if (m == null || m.curg != g.id || m.p >= 0) {
                    broken.add("G" + g.id + " is _Gsyscall but is not held by an M without a P (" + where + ")");
                }
            }
            case _Grunnable -> {
                boolean queued = where.endsWith(".runq") || where.endsWith(".runnext") || where.endsWith(" in hand");
                if (!queued) {
                    broken.add("G" + g.id + " is _Grunnable but is in " + where);
                }
            }
            case _Gwaiting, _Gpreempted -> {
                if (where.endsWith("curg") || where.endsWith("runq") || where.endsWith("runnext")) {
                    broken.add("G" + g.id + " is " + g.status + " but is in " + where);
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
        int spinning = 0;
        List<M> all = new ArrayList<>(rt.allm);
        all.add(rt.sysmonM);
        for (M m : all) {
            if (m.spinning) {
                spinning++;
            }
            for (Act a : m.acts) {
                if (a instanceof Act.Startm s && s.spinning()) {
                    spinning++;
                }
            }
        }
        if (spinning != rt.sched.nmspinning) {
            broken.add("nmspinning is " + rt.sched.nmspinning + " but " + spinning + " Ms are spinning or about to");
        }
        if (rt.sched.nmspinning < 0) {
            broken.add("nmspinning is negative");
        }
    }
}
