package goroutinelab.engine.runtime;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * An M, an OS thread (runtime2.go: type m), and its place in the simulation:
 * a queue of runtime actions it performs one per step, the time the next one
 * is due, and interrupts (signals, preemption checks) that may break in first.
 * sysmon is an M too, with id {@link #SYSMON} and never a P.
 */
public final class M {
    public static final int SYSMON = -1;
    public static final long NEVER = Long.MAX_VALUE;

    /** What an M is doing, as the snapshot names it. */
    public enum State { running, spinning, syscall, idle }

    /** The user-code activity in progress, for preemption and signals. */
    public enum OpKind { NONE, COMPUTE, LOOP, SYSCALL }

    public final int id;
    public int p = -1;
    public int nextp = -1;
    public int oldp = -1;
    public int curg;
    public boolean spinning;
    public State state = State.idle;
    /** Blocked in netpoll (epoll_wait) with no P, until a deadline or I/O. */
    public boolean inNetpoll;
    /** m.signalPending: a SIGURG sent and not yet handled (preemptM sends at most one). */
    public boolean signalPending;
    /** m.incgo: in a cgo call. */
    public boolean incgo;

    public ArrayDeque<Act> acts = new ArrayDeque<>();
    public long wakeAt = NEVER;
    public final List<Interrupt> interrupts = new ArrayList<>();

    public OpKind opKind = OpKind.NONE;
    public long opStart;
    public long opEnd;

    // sysmon's own loop state (only for the sysmon M)
    public long sysmonDelayNs;
    public int sysmonIdle;
    public String sysmonState = "sleeping";
    public int sysmonRetaken;

    private final String name;

    public M(int id) {
        this.id = id;
        this.name = id == SYSMON ? "sysmon" : "M" + id;
    }

    public M copy() {
        M c = new M(id);
        c.p = p;
        c.nextp = nextp;
        c.oldp = oldp;
        c.curg = curg;
        c.spinning = spinning;
        c.state = state;
        c.inNetpoll = inNetpoll;
        c.signalPending = signalPending;
        c.incgo = incgo;
        c.acts = new ArrayDeque<>(acts);
        c.wakeAt = wakeAt;
        c.interrupts.addAll(interrupts);
        c.opKind = opKind;
        c.opStart = opStart;
        c.opEnd = opEnd;
        c.sysmonDelayNs = sysmonDelayNs;
        c.sysmonIdle = sysmonIdle;
        c.sysmonState = sysmonState;
        c.sysmonRetaken = sysmonRetaken;
        return c;
    }

    public boolean isSysmon() {
        return id == SYSMON;
    }

    /** When this M next does something: its next act or its first interrupt. */
    public long nextTime() {
        long t = acts.isEmpty() ? NEVER : wakeAt;
        if (!interrupts.isEmpty() && interrupts.get(0).at() <= t) {
            return interrupts.get(0).at();
        }
        return t;
    }

    /** Replaces whatever the M was going to do with {@code act}, due at {@code at}. */
    public void set(Act act, long at) {
        acts.clear();
        acts.add(act);
        wakeAt = at;
    }

    /** Parks the M: it does nothing until someone gives it an act. */
    public void park() {
        acts.clear();
        wakeAt = NEVER;
    }

    public void interrupt(Interrupt i) {
        int at = 0;
        while (at < interrupts.size() && interrupts.get(at).at() <= i.at()) {
            at++;
        }
        interrupts.add(at, i);
    }

    public String name() {
        return name;
    }

    @Override
    public String toString() {
        return name();
    }
}
