package goroutinelab.engine.runtime;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * A goroutine (runtime2.go: type g): its status, where it is in its program,
 * its preemption flags, its GC assist credit and its stack slots (GC roots).
 * Plain mutable state; {@link #copy()} is deep.
 */
public final class G {
    public final int id;
    /** The function it started in; for runtime goroutines the runtime function's name. */
    public final String fn;
    /** Started by the runtime itself (mark workers, signal.loop): ids from 1001. */
    public final boolean system;

    public GStatus status = GStatus._Grunnable;
    public String waitreason;
    /** What it waits on, for the board: a channel name, "timer", "netpoll", "assistQueue". */
    public String waitingOn;
    /** The M running it (or holding it in a syscall), -1 when none. */
    public int m = -1;

    /** gp.preempt: a preemption request, seen at the next function call. */
    public boolean preempt;
    /** gp.preemptStop: the GC wants it parked in _Gpreempted for a stack scan. */
    public boolean preemptStop;

    /** gcAssistBytes: positive is credit, negative is debt. */
    public long assistBytes;
    /** Whether the GC has scanned its stack this cycle (gp.gcscandone). */
    public boolean gcscandone;

    /** Unspent time of a compute or loop that was interrupted. */
    public long remainingNs;
    /** Progress inside one op that repeats an action (the n of {@code go: {count: n}}). */
    public int progress;
    /** Set when a channel operation it blocked in has completed (by a partner or by close). */
    public boolean chanDone;
    /** The value it sends while parked in a sendq (a number for the board), or received. */
    public int chanValue;

    public final List<Frame> frames = new ArrayList<>();
    /** Stack slots holding pointers: variable name to object id (null: nil). GC roots. */
    public final LinkedHashMap<String, String> locals = new LinkedHashMap<>();

    public G(int id, String fn, boolean system) {
        this.id = id;
        this.fn = fn;
        this.system = system;
    }

    /** Events about this goroutine, by kind (allocated on its first event). */
    private int[] eventCounts;

    public void countEvent(int kind) {
        if (eventCounts == null) {
            eventCounts = new int[goroutinelab.engine.EventKind.values().length];
        }
        eventCounts[kind]++;
    }

    public int eventCount(int kind) {
        return eventCounts == null ? 0 : eventCounts[kind];
    }

    public G copy() {
        G c = new G(id, fn, system);
        c.status = status;
        c.waitreason = waitreason;
        c.waitingOn = waitingOn;
        c.m = m;
        c.preempt = preempt;
        c.preemptStop = preemptStop;
        c.assistBytes = assistBytes;
        c.gcscandone = gcscandone;
        c.remainingNs = remainingNs;
        c.progress = progress;
        c.chanDone = chanDone;
        c.chanValue = chanValue;
        for (Frame f : frames) {
            c.frames.add(f.copy());
        }
        c.locals.putAll(locals);
        c.eventCounts = eventCounts == null ? null : eventCounts.clone();
        return c;
    }

    public Frame top() {
        return frames.isEmpty() ? null : frames.get(frames.size() - 1);
    }

    /** The pc for the snapshot: the index of the current op in the innermost function. */
    public int pc() {
        Frame f = top();
        return f == null ? 0 : f.pc;
    }

    public String currentFn() {
        Frame f = top();
        return f == null ? fn : f.fn;
    }

    public boolean alive() {
        return status != GStatus._Gdead;
    }

    @Override
    public String toString() {
        return "G" + id;
    }
}
