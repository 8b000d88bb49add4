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
final class M {
    static final int SYSMON = -1;
    static final long NEVER = Long.MAX_VALUE;

    /** What an M is doing, as the snapshot names it. */
    enum State { running, spinning, syscall, idle }

    /** The user-code activity in progress, for preemption and signals. */
    enum OpKind { NONE, COMPUTE, LOOP, SYSCALL }

    final int id;
    int p = -1;
    int nextp = -1;
    int oldp = -1;
    int curg;
    boolean spinning;
    State state = State.idle;
    /** Blocked in netpoll (epoll_wait) with no P, until a deadline or I/O. */
    boolean inNetpoll;
    /** m.signalPending: a SIGURG sent and not yet handled (preemptM sends at most one). */
    boolean signalPending;
    /** m.incgo: in a cgo call. */
    boolean incgo;

    ArrayDeque<Act> acts = new ArrayDeque<>();
    long wakeAt = NEVER;
    final List<Interrupt> interrupts = new ArrayList<>();

    OpKind opKind = OpKind.NONE;
    long opStart;
    long opEnd;

    // sysmon's own loop state (only for the sysmon M)
    long sysmonDelayNs;
    int sysmonIdle;
    String sysmonState = "sleeping";
    int sysmonRetaken;

    private final String name;

    M(int id) {
        this.id = id;
        this.name = id == SYSMON ? "sysmon" : "M" + id;
    }

    M copy() {
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

    boolean isSysmon() {
        return id == SYSMON;
    }

    /** When this M next does something: its next act or its first interrupt. */
    long nextTime() {
        long t = acts.isEmpty() ? NEVER : wakeAt;
        if (!interrupts.isEmpty() && interrupts.get(0).at() <= t) {
            return interrupts.get(0).at();
        }
        return t;
    }

    /** Replaces whatever the M was going to do with {@code act}, due at {@code at}. */
    void set(Act act, long at) {
        acts.clear();
        acts.add(act);
        wakeAt = at;
    }

    /** Parks the M: it does nothing until someone gives it an act. */
    void park() {
        acts.clear();
        wakeAt = NEVER;
    }

    void interrupt(Interrupt i) {
        int at = 0;
        while (at < interrupts.size() && interrupts.get(at).at() <= i.at()) {
            at++;
        }
        interrupts.add(at, i);
    }

    String name() {
        return name;
    }

    @Override
    public String toString() {
        return name();
    }
}
