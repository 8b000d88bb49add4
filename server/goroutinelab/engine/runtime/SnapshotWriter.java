package goroutinelab.engine.runtime;

import goroutinelab.engine.Op;
import goroutinelab.engine.Ops;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the state snapshot of spec/state-and-events.md: ordered maps keyed by
 * id strings, so lesson paths read {@code p.0.runq} and {@code g.5.status}.
 */
final class SnapshotWriter {
    private final GoRuntime rt;

    SnapshotWriter(GoRuntime rt) {
        this.rt = rt;
    }

    Map<String, Object> write() {
        Map<String, Object> s = new LinkedHashMap<>();
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
        return s;
    }

    private Map<String, Object> sched() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("runq", rt.sched.runq.toList());
        m.put("gomaxprocs", rt.allp.length);
        m.put("npidle", rt.npidle());
        m.put("nmspinning", rt.sched.nmspinning);
        m.put("stw", rt.gc.stwActive());
        m.put("gcwaiting", rt.sched.gcwaiting);
        m.put("pidle", rt.sched.pidle.toList());
        m.put("midle", rt.sched.midle.toList());
        m.put("asyncPreemption", rt.asyncPreemption);
        return m;
    }

    private Map<String, Object> ps() {
        Map<String, Object> out = new LinkedHashMap<>();
        for (P p : rt.allp) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("status", p.status.name());
            m.put("m", p.m < 0 ? null : p.m);
            m.put("runnext", p.runnext == 0 ? null : p.runnext);
            m.put("runq", p.runq.toList());
            m.put("runqCap", p.runqCap);
            m.put("schedtick", p.schedtick);
            m.put("syscalltick", p.syscalltick);
            List<Map<String, Object>> timers = new ArrayList<>();
            for (P.Timer t : p.timers) {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("when", t.when());
                e.put("g", t.g());
                timers.add(e);
            }
            m.put("timers", timers);
            out.put(Integer.toString(p.id), m);
        }
        return out;
    }

    private Map<String, Object> ms() {
        Map<String, Object> out = new LinkedHashMap<>();
        for (M m : rt.allm) {
            Map<String, Object> e = new LinkedHashMap<>();
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
            out.put(Integer.toString(m.id), e);
        }
        Map<String, Object> sm = new LinkedHashMap<>();
        sm.put("state", rt.sysmonM.sysmonState);
        sm.put("delay", rt.sysmonM.sysmonDelayNs);
        sm.put("idle", rt.sysmonM.sysmonIdle);
        sm.put("next", rt.sysmonM.nextTime() == M.NEVER ? null : rt.sysmonM.nextTime());
        out.put("sysmon", sm);
        return out;
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
        Map<String, Object> out = new LinkedHashMap<>();
        for (G g : rt.gs.values()) {
            Map<String, Object> m = new LinkedHashMap<>();
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
            out.put(Integer.toString(g.id), m);
        }
        return out;
    }

    /** The op a goroutine is at, as a short phrase for the board ("compute 200µs", "recv jobs"). */
    static String describe(G g) {
        Op op = g.stack.peek();
        return op == null ? null : Ops.describe(op);
    }

    private Map<String, Object> chans() {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Chan c : rt.chans.values()) {
            Map<String, Object> m = new LinkedHashMap<>();
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
            out.put(c.name, m);
        }
        return out;
    }

    private Map<String, Object> netpoll() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("waiting", new ArrayList<>(rt.netpoll.waiting.keySet()));
        m.put("ready", rt.netpoll.ready.toList());
        m.put("blockedM", rt.netpoll.blockedM < 0 ? null : rt.netpoll.blockedM);
        m.put("pollUntil", rt.netpoll.pollUntil == M.NEVER ? null : rt.netpoll.pollUntil);
        m.put("lastpoll", rt.sched.lastpoll);
        return m;
    }

    private Map<String, Object> process() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("exited", rt.exited);
        m.put("reason", rt.exitReason);
        m.put("exitCode", rt.exitCode);
        m.put("stopped", rt.stopped);
        return m;
    }

    private Map<String, Object> stats() {
        Map<String, Object> m = new LinkedHashMap<>();
        // every known kind, so "no such event yet" reads 0
        m.put("events", rt.eventCounts());
        m.put("goroutines", rt.liveGoroutines());
        m.put("numGoroutine", rt.numGoroutine());
        m.put("threads", rt.allm.size());
        return m;
    }
}
