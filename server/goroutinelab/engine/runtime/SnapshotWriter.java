package goroutinelab.engine.runtime;

import goroutinelab.engine.Op;
import goroutinelab.engine.Ops;
import goroutinelab.engine.SnapshotMap;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static goroutinelab.engine.SnapshotMap.key;

/**
 * Writes the state snapshot of spec/state-and-events.md: ordered maps keyed by
 * id strings, so lesson paths read {@code p.0.runq} and {@code g.5.status}
 * ({@link SnapshotMap}s, written once and never changed).
 */
final class SnapshotWriter {
    private final GoRuntime rt;

    SnapshotWriter(GoRuntime rt) {
        this.rt = rt;
    }

    Map<String, Object> write() {
        SnapshotMap.Builder s = SnapshotMap.builder(16);
        s.put("step", rt.steps());
        s.put("time", rt.now());
        s.put("sched", sched());
        s.put("p", ps());
        s.put("m", ms());
        s.put("g", gs());
        rt.gc.writeSnapshot(s);
        s.put("chan", chans());
        s.put("netpoll", netpoll());
        rt.signals.writeSnapshot(s);
        s.put("process", process());
        s.put("stats", stats());
        s.put("cpython", null);
        return s.build();
    }

    private Map<String, Object> sched() {
        SnapshotMap.Builder m = SnapshotMap.builder(9);
        m.put("runq", rt.sched.runq.toList());
        m.put("gomaxprocs", rt.allp.length);
        m.put("npidle", rt.npidle());
        m.put("nmspinning", rt.sched.nmspinning);
        m.put("stw", rt.gc.stwActive());
        m.put("gcwaiting", rt.sched.gcwaiting);
        m.put("pidle", rt.sched.pidle.toList());
        m.put("midle", rt.sched.midle.toList());
        m.put("asyncPreemption", rt.asyncPreemption);
        return m.build();
    }

    private Map<String, Object> ps() {
        SnapshotMap.Builder out = SnapshotMap.builder(rt.allp.length);
        for (P p : rt.allp) {
            SnapshotMap.Builder m = SnapshotMap.builder(8);
            m.put("status", p.status.name());
            m.put("m", p.m < 0 ? null : p.m);
            m.put("runnext", p.runnext == 0 ? null : p.runnext);
            m.put("runq", p.runq.toList());
            m.put("runqCap", p.runqCap);
            m.put("schedtick", p.schedtick);
            m.put("syscalltick", p.syscalltick);
            List<Map<String, Object>> timers = new ArrayList<>();
            for (P.Timer t : p.timers) {
                SnapshotMap.Builder e = SnapshotMap.builder(2);
                e.put("when", t.when());
                e.put("g", t.g());
                timers.add(e.build());
            }
            m.put("timers", timers);
            out.put(key(p.id), m.build());
        }
        return out.build();
    }

    private Map<String, Object> ms() {
        SnapshotMap.Builder out = SnapshotMap.builder(rt.allm.size() + 1);
        for (M m : rt.allm) {
            SnapshotMap.Builder e = SnapshotMap.builder(12);
            e.put("p", m.p < 0 ? null : m.p);
            e.put("curg", m.curg == 0 ? null : m.curg);
            e.put("spinning", m.spinning);
            e.put("state", m.state.name());
            e.put("oldp", m.oldp < 0 ? null : m.oldp);
            e.put("nextp", m.nextp < 0 ? null : m.nextp);
            e.put("netpoll", m.inNetpoll);
            e.put("incgo", m.incgo);
            e.put("op", m.opKind == M.OpKind.NONE ? null : m.opKind.name().toLowerCase());
            e.put("opStart", m.opKind == M.OpKind.NONE ? null : m.opStart);
            e.put("opEnd", m.opKind == M.OpKind.NONE ? null : m.opEnd);
            e.put("hand", inHand(m));
            out.put(key(m.id), e.build());
        }
        SnapshotMap.Builder sm = SnapshotMap.builder(4);
        sm.put("state", rt.sysmonM.sysmonState);
        sm.put("delay", rt.sysmonM.sysmonDelayNs);
        sm.put("idle", rt.sysmonM.sysmonIdle);
        sm.put("next", rt.sysmonM.nextTime() == M.NEVER ? null : rt.sysmonM.nextTime());
        out.put("sysmon", sm.build());
        return out.build();
    }

    /** The goroutine an M has taken off a queue (or just created, or readied) and is about to run or place. */
    private static Integer inHand(M m) {
        for (Act a : m.acts) {
            if (a.inHand() != 0) {
                return a.inHand();
            }
        }
        return null;
    }

    private Map<String, Object> gs() {
        SnapshotMap.Builder out = SnapshotMap.builder(rt.gs.size());
        for (G g : rt.gs.values()) {
            SnapshotMap.Builder m = SnapshotMap.builder(10);
            m.put("status", g.status.name());
            m.put("fn", g.fn);
            m.put("pc", g.pc());
            m.put("m", g.m < 0 ? null : g.m);
            m.put("waitreason", g.waitreason);
            m.put("on", g.waitingOn);
            m.put("preempt", g.preempt);
            m.put("assistBytes", g.assistBytes);
            m.put("system", g.system);
            m.put("op", g.alive() ? describe(g) : null);
            out.put(key(g.id), m.build());
        }
        return out.build();
    }

    /** The op a goroutine is at, as a short phrase for the board ("compute 200µs", "recv jobs"). */
    static String describe(G g) {
        Op op = g.stack.peek();
        return op == null ? null : Ops.describe(op);
    }

    private Map<String, Object> chans() {
        SnapshotMap.Builder out = SnapshotMap.builder(rt.chans.size());
        for (Chan c : rt.chans.values()) {
            SnapshotMap.Builder m = SnapshotMap.builder(6);
            m.put("cap", c.cap);
            m.put("buf", c.buf.toList());
            List<String> values = new ArrayList<>(c.vals.size());
            for (int v : c.vals) {
                values.add(rt.gc.idOf(v));
            }
            m.put("values", values);
            m.put("sendq", c.sendq.toList());
            m.put("recvq", c.recvq.toList());
            m.put("closed", c.closed);
            out.put(c.name, m.build());
        }
        return out.build();
    }

    private Map<String, Object> netpoll() {
        SnapshotMap.Builder m = SnapshotMap.builder(5);
        m.put("waiting", new ArrayList<>(rt.netpoll.waiting.keySet()));
        m.put("ready", rt.netpoll.ready.toList());
        m.put("blockedM", rt.netpoll.blockedM < 0 ? null : rt.netpoll.blockedM);
        m.put("pollUntil", rt.netpoll.pollUntil == M.NEVER ? null : rt.netpoll.pollUntil);
        m.put("lastpoll", rt.sched.lastpoll);
        return m.build();
    }

    private Map<String, Object> process() {
        SnapshotMap.Builder m = SnapshotMap.builder(4);
        m.put("exited", rt.exited);
        m.put("reason", rt.exitReason);
        m.put("exitCode", rt.exitCode);
        m.put("stopped", rt.stopped);
        return m.build();
    }

    private Map<String, Object> stats() {
        SnapshotMap.Builder m = SnapshotMap.builder(4);
        // every known kind, so "no such event yet" reads 0
        m.put("events", rt.eventCounts());
        m.put("goroutines", rt.liveGoroutines());
        m.put("numGoroutine", rt.numGoroutine());
        m.put("threads", rt.allm.size());
        return m.build();
    }
}
