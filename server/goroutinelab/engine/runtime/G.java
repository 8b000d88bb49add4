package goroutinelab.engine.runtime;

import goroutinelab.engine.OpCursor;

import java.util.LinkedHashMap;

/**
 * A goroutine (runtime2.go: type g): its status, where it is in its program,
 * its preemption flags, its GC assist credit and its stack slots (GC roots).
 * Plain mutable state; {@link #copy()} is deep.
 */
final class G {
    final int id;
    /** The function it started in; for runtime goroutines the runtime function's name. */
    final String fn;
    /** Started by the runtime itself (mark workers, signal.loop): ids from 1001. */
    final boolean system;

    GStatus status = GStatus._Grunnable;
    String waitreason;
    /** What it waits on, for the board: a channel name, "timer", "netpoll", "assistQueue". */
    String waitingOn;
    /** The M running it (or holding it in a syscall), -1 when none. */
    int m = -1;

    /** gp.preempt: a preemption request, seen at the next function call. */
    boolean preempt;
    /** gp.preemptStop: the GC wants it parked in _Gpreempted for a stack scan. */
    boolean preemptStop;
    /**
     * newstack refused the current request (the goroutine held a lock) and put
     * stackguard0 back, so no prologue traps until an unlock restores
     * stackPreempt; execute clears it with {@link #preempt}.
     */
    boolean preemptRefused;
    /**
     * The channel whose lock it holds on its way to parking (chansend or
     * chanrecv found no partner: the runtime's m.locks > 0 until gopark's
     * commit drops the lock), or null.
     */
    String chanLock;
    /** It parked with {@link #preempt} still set: nobody acts on that request, and execute will drop it. */
    boolean parkedWithPreempt;

    /** gcAssistBytes: positive is credit, negative is debt. */
    long assistBytes;
    /** Whether the GC has scanned its stack this cycle (gp.gcscandone). */
    boolean gcscandone;

    /** Unspent time of a compute or loop that was interrupted. */
    long remainingNs;
    /** Progress inside one op that repeats an action (the n of {@code go: {count: n}}). */
    int progress;
    /** Set when a channel operation it blocked in has completed (by a partner or by close). */
    boolean chanDone;
    /** The value it sends while parked in a sendq (a number for the board), or received. */
    int chanValue;
    /** The pointer (an object id) it sends while parked in a sendq, or null: sudog.elem, on its own stack. */
    /** The pointer a parked sender's value carries (a ref), or {@link Obj#NIL}. */
    int chanPtr = Obj.NIL;

    /** Where it is in its program: its call stack of frames. Empty for the runtime's own goroutines, which run runtime code. */
    final OpCursor<Frame> stack;
    /** Stack slots holding pointers: variable name to object ref ({@link Obj#NIL}: nil). GC roots. */
    final Refs locals = new Refs();

    G(int id, String fn, boolean system) {
        this(id, fn, system, new OpCursor<>());
    }

    private G(int id, String fn, boolean system, OpCursor<Frame> stack) {
        this.stack = stack;
        this.id = id;
        this.fn = fn;
        this.system = system;
    }

    G copy() {
        G c = new G(id, fn, system, stack.copy());
        c.status = status;
        c.waitreason = waitreason;
        c.waitingOn = waitingOn;
        c.m = m;
        c.preempt = preempt;
        c.preemptStop = preemptStop;
        c.preemptRefused = preemptRefused;
        c.chanLock = chanLock;
        c.parkedWithPreempt = parkedWithPreempt;
        c.assistBytes = assistBytes;
        c.gcscandone = gcscandone;
        c.remainingNs = remainingNs;
        c.progress = progress;
        c.chanDone = chanDone;
        c.chanValue = chanValue;
        c.chanPtr = chanPtr;
        c.locals.assign(locals);
        return c;
    }

    /** The pc for the snapshot: the index of the current op in the innermost function. */
    int pc() {
        Frame f = stack.top();
        return f == null ? 0 : f.pc();
    }

    boolean alive() {
        return status != GStatus._Gdead;
    }

    @Override
    public String toString() {
        return "G" + id;
    }
}
