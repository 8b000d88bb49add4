package goroutinelab.engine.runtime;

import goroutinelab.engine.IntDeque;

/** The global scheduler state (runtime2.go: type schedt). */
final class Sched {
    /** The global run queue. */
    IntDeque runq = new IntDeque(16);
    /** Idle Ps; pidleput pushes at the head and pidleget pops the head. */
    IntDeque pidle = new IntDeque(8);
    /** Idle Ms, parked in stopm. */
    IntDeque midle = new IntDeque(8);
    int nmspinning;
    /** A stop-the-world is pending: Ps stop at their next safe point. */
    boolean gcwaiting;
    /** When the network was last polled. (The runtime stores 0 while an M is blocked in netpoll; here that is Netpoll.blockedM.) */
    long lastpoll;
    /** sysmon is in its deep sleep, to be woken by a syscall. */
    boolean sysmonwait;
    /** Dead gs on the global free list (sched.gFree), where Ps with too many put half of theirs. */
    int gfreecnt;
    int goidgen = 1;
    int sysgoidgen = 1001;
    /** Exited goroutines in the order they died; the oldest leave the world past {@link #DEAD_KEPT}. */
    IntDeque dead = new IntDeque(16);
    static final int DEAD_KEPT = 256;
    /** Set by stopm: see whether anything can still run (checkdead). */
    boolean checkdeadPending;

    Sched copy() {
        Sched c = new Sched();
        c.runq = runq.copy();
        c.pidle = pidle.copy();
        c.midle = midle.copy();
        c.nmspinning = nmspinning;
        c.gcwaiting = gcwaiting;
        c.lastpoll = lastpoll;
        c.sysmonwait = sysmonwait;
        c.gfreecnt = gfreecnt;
        c.goidgen = goidgen;
        c.sysgoidgen = sysgoidgen;
        c.checkdeadPending = checkdeadPending;
        c.dead = dead.copy();
        return c;
    }
}
