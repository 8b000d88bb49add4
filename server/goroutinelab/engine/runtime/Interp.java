package goroutinelab.engine.runtime;

import goroutinelab.engine.EventKind;
import goroutinelab.engine.Fmt;
import goroutinelab.engine.Op;
import goroutinelab.engine.Text;

/**
 * What a running goroutine does: it walks its program one op at a time, and
 * each op calls into the runtime the way the Go code it stands for would
 * (newproc for {@code go}, gopark for a sleep or a blocked channel, entersyscall
 * for a system call...). CPU work ({@code compute}, {@code loop}) takes
 * simulated time on the M and can be interrupted. The walk over the
 * program's functions, calls and repeat blocks is {@link goroutinelab.engine.OpCursor}'s,
 * shared with the interpreter model.
 */
final class Interp {
    private final GoRuntime rt;

    Interp(GoRuntime rt) {
        this.rt = rt;
    }

    /** Runs m's current goroutine's next op. */
    long run(M m) {
        G g = rt.g(m.curg);
        if (rt.startup.inRuntimeMain(g)) {
            return rt.startup.runtimeMain(m, g);
        }
        if (g.system && g.stack.isEmpty()) {
            if (rt.gc.runsSystemG(g)) {
                return rt.gc.runSystemG(m, g);
            }
            if (rt.signals.runsSystemG(g)) {
                return rt.signals.runSystemG(m, g);
            }
            if (rt.background.runsSystemG(g)) {
                return rt.background.runSystemG(m, g);
            }
        }
        Op op = g.stack.next();
        if (op == null) {
            if (g.system && rt.background.parksWhenDone(g)) {
                return rt.background.parkAgain(m, g);
            }
            return goexit(m, g);
        }
        if (g.preempt && !g.preemptRefused && beginsWithACall(op)) {
            return g.chanLock != null ? rt.preemption.refuse(m, g) : rt.preemption.morestack(m, g);
        }
        if (op instanceof Op.Compute c) {
            return startCpu(m, g, c.durationNs(), M.OpKind.COMPUTE);
        } else if (op instanceof Op.Loop l) {
            return startCpu(m, g, l.durationNs(), M.OpKind.LOOP);
        } else if (op instanceof Op.Call c) {
            return call(m, g, c.fn());
        } else if (op instanceof Op.Repeat r) {
            return repeat(m, g, r);
        } else if (op instanceof Op.Go go) {
            return newproc(m, g, go);
        } else if (op instanceof Op.Gosched) {
            advance(g);
            return goschedImpl(m, g, Act.Yield.GOSCHED);
        } else if (op instanceof Op.Syscall s) {
            return rt.syscalls.entersyscall(m, g, s);
        } else if (op instanceof Op.Sleep s) {
            return sleep(m, g, s.durationNs());
        } else if (op instanceof Op.NetRead n) {
            return netread(m, g, n.durationNs());
        } else if (op instanceof Op.Send s) {
            return rt.channels.send(m, g, s.chan(), s.value());
        } else if (op instanceof Op.Recv r) {
            return rt.channels.recv(m, g, r.chan(), r.to());
        } else if (op instanceof Op.Close c) {
            return rt.channels.close(m, g, c.chan());
        } else if (op instanceof Op.Alloc a) {
            return rt.gc.alloc(m, g, a);
        } else if (op instanceof Op.Store s) {
            return rt.gc.store(m, g, s);
        } else if (op instanceof Op.Load l) {
            return rt.gc.load(m, g, l);
        } else if (op instanceof Op.Clear c) {
            return rt.gc.clear(m, g, c);
        } else if (op instanceof Op.Gc) {
            return rt.gc.runtimeGC(m, g);
        } else if (op instanceof Op.Notify n) {
            return rt.signals.notify(m, g, n);
        } else if (op instanceof Op.SetTrace) {
            // CPython's sys.settrace: compiled Go has no hook between lines, so nothing happens
            advance(g);
            rt.then(m, Act.RUN);
            return 0;
        }
        throw new IllegalStateException("Interp.run: unknown op " + op);
    }

    /**
     * Ops that begin with a function call (into the runtime or the library), so a
     * pending preemption request is seen at their prologue; pointer loads, stores
     * and clears are plain instructions, a loop has no calls, and a repeat is
     * just a jump.
     */
    private static boolean beginsWithACall(Op op) {
        return !(op instanceof Op.Loop || op instanceof Op.Repeat || op instanceof Op.Store
                || op instanceof Op.Load || op instanceof Op.Clear || op instanceof Op.SetTrace);
    }

    /** The current op is done: move to the next one. */
    static void advance(G g) {
        g.stack.top().advance();
        g.progress = 0;
        g.remainingNs = 0;
    }

    /** compute / loop: the G holds the CPU for the op's time (or what an interruption left of it). */
    private long startCpu(M m, G g, long durationNs, M.OpKind kind) {
        if (kind == M.OpKind.COMPUTE && g.preempt) {
            return rt.preemption.morestack(m, g);
        }
        long remaining = g.remainingNs > 0 ? g.remainingNs : durationNs;
        g.remainingNs = remaining;
        m.opKind = kind;
        m.opStart = rt.now();
        m.opEnd = rt.now() + remaining;
        m.set(Act.OP_END, m.opEnd);
        return GoRuntime.KEEP;
    }

    /** The CPU work finished. */
    long opEnd(M m) {
        G g = rt.g(m.curg);
        m.opKind = M.OpKind.NONE;
        advance(g);
        rt.then(m, Act.RUN);
        return 0;
    }

    /** A call: its prologue checks stackguard0, so a pending preemption happens here. */
    private long call(M m, G g, String fn) {
        if (g.preempt) {
            return rt.preemption.morestack(m, g);
        }
        g.stack.push(new Frame(fn, rt.prog.function(fn), 0));
        rt.then(m, Act.RUN);
        return Costs.CALL_NS;
    }

    private long repeat(M m, G g, Op.Repeat r) {
        g.stack.enterRepeat(r);
        rt.then(m, Act.RUN);
        return 0;
    }

    /**
     * newproc: a new G, runnable, into this P's runnext (the runqput is the
     * next action), then wakep. newproc1 takes a dead g from the P's free list
     * if it has one (gfget: cheap), else allocates a g and its 2 KB stack
     * (malg: a microsecond). The lab gives the reused g a new id.
     */
    private long newproc(M m, G g, Op.Go go) {
        if (go.count() <= 0) {
            advance(g);
            rt.then(m, Act.RUN);
            return 0;
        }
        if (rt.gs.size() >= GoRuntime.MAX_GOROUTINES) {
            return tooManyGoroutines(m, g);
        }
        boolean reused = gfget(rt.p(m.p));
        G ng = rt.newG(go.fn(), false);
        ng.stack.push(new Frame(go.fn(), rt.prog.function(go.fn()), 0));
        ng.status = GStatus._Grunnable;
        rt.gc.onNewproc(ng);
        g.progress++;
        if (g.progress >= go.count()) {
            advance(g);
        }
        rt.emit(EventKind.NEWPROC, ng.id, m.id, m.p, reused
                ? new Text("G{0} runs go {1}(): newproc reuses a dead g and its stack from P{3}'s free list (gfget) as G{2}, runnable",
                "G{0} 执行 go {1}()：newproc 从 P{3} 的空闲列表复用一个已死亡的 g 及其栈（gfget），作为 G{2}，状态为可运行",
                g.id, go.fn(), ng.id, m.p)
                : new Text("G{0} runs go {1}(): newproc creates G{2} with a 2KB stack, runnable",
                "G{0} 执行 go {1}()：newproc 创建 G{2}（2KB 栈），状态为可运行", g.id, go.fn(), ng.id),
                "parent", g.id, "fn", go.fn(), "reused", reused);
        rt.then(m, new Act.Runqput(ng.id, true), Act.WAKEP, Act.RUN);
        return reused ? Costs.NEWPROC_REUSED_NS : Costs.NEWPROC_NS;
    }

    /** gfget: a dead g from p's free list, refilled from the global list (up to 32) when empty. */
    private boolean gfget(P p) {
        if (p.gfreecnt == 0 && rt.sched.gfreecnt > 0) {
            int n = Math.min(32, rt.sched.gfreecnt);
            rt.sched.gfreecnt -= n;
            p.gfreecnt += n;
        }
        if (p.gfreecnt == 0) {
            return false;
        }
        p.gfreecnt--;
        return true;
    }

    /** gfput: a dead g onto p's free list; past 64, the list keeps 32 and the rest go to the global list. */
    private void gfput(P p) {
        p.gfreecnt++;
        if (p.gfreecnt >= 64) {
            rt.sched.gfreecnt += p.gfreecnt - 32;
            p.gfreecnt = 32;
        }
    }

    /** newproc past GoRuntime.MAX_GOROUTINES: the run ends with a throw that says why, instead of exhausting the server's memory. */
    private long tooManyGoroutines(M m, G g) {
        rt.exit("the lab's limit of " + GoRuntime.MAX_GOROUTINES + " goroutines", 2);
        rt.emit(EventKind.THROW, g.id, m.id, m.p, new Text(
                "G{0} tries to start goroutine number {1}: the lab stops the run here (its limit, not Go's, which has none)",
                "G{0} 试图启动第 {1} 个 goroutine：实验室在此停止运行（这是实验室的上限，Go 本身没有）",
                g.id, GoRuntime.MAX_GOROUTINES + 1), "limit", GoRuntime.MAX_GOROUTINES);
        m.park();
        return GoRuntime.KEEP;
    }

    /**
     * goschedImpl: the G goes to the global run queue, then wakep and schedule;
     * the event says why it yielded.
     */
    long goschedImpl(M m, G g, Act.Yield cause) {
        g.status = GStatus._Grunnable;
        g.m = -1;
        m.curg = 0;
        rt.sched.runq.addLast(g.id);
        Text why = switch (cause) {
            case GOSCHED -> new Text("G{0} calls runtime.Gosched: it yields and goes to the global run queue",
                    "G{0} 调用 runtime.Gosched：让出 CPU，进入全局运行队列", g.id);
            case PREEMPTED -> new Text("G{0} is preempted (gopreempt_m): it goes to the global run queue",
                    "G{0} 被抢占（gopreempt_m）：进入全局运行队列", g.id);
            case ASYNC_PREEMPTED -> new Text("G{0} is asynchronously preempted: asyncPreempt → gopreempt_m puts it on the global run queue",
                    "G{0} 被异步抢占：asyncPreempt → gopreempt_m 把它放入全局运行队列", g.id);
        };
        rt.emit(EventKind.GOSCHED, g.id, m.id, m.p, why, "cause", cause == Act.Yield.GOSCHED ? "Gosched" : "preempt");
        rt.then(m, Act.WAKEP, Act.SCHEDULE);
        return Costs.RUNTIME_NS;
    }

    long gopreempt(M m, Act.Yield cause) {
        return goschedImpl(m, rt.g(m.curg), cause);
    }

    /** gopark: g waits (the caller recorded where); m schedules something else. */
    void gopark(M m, G g, String reason, String waitingOn, Text text) {
        gopark(m, g, reason, waitingOn, text, EventKind.GOPARK);
    }

    /** gopark, reported as the runtime function that parks (gcParkAssist...). */
    void gopark(M m, G g, String reason, String waitingOn, Text text, EventKind kind) {
        if (g.status != GStatus._Grunning) {
            throw new IllegalStateException("gopark: bad g status: G" + g.id + " is " + g.status);
        }
        g.status = GStatus._Gwaiting;
        g.parkedWithPreempt = g.preempt;
        g.waitreason = reason;
        g.waitingOn = waitingOn;
        g.m = -1;
        m.curg = 0;
        rt.emit(kind, g.id, m.id, m.p, text, "waitreason", reason, "on", waitingOn);
    }

    private long sleep(M m, G g, long d) {
        advance(g);
        P p = rt.p(m.p);
        long when = rt.now() + d;
        p.addTimer(new P.Timer(when, g.id));
        gopark(m, g, "sleep", "timer", new Text(
                "G{0} calls time.Sleep({1}): a timer on P{2} for {3}; G{0} parks (sleep)",
                "G{0} 调用 time.Sleep({1})：在 P{2} 上设置 {3} 的定时器；G{0} 挂起（sleep）",
                g.id, Fmt.time(d), p.id, Fmt.time(when)));
        rt.then(m, Act.WAKE_NETPOLLER, Act.SCHEDULE);
        return Costs.RUNTIME_NS;
    }

    private long netread(M m, G g, long d) {
        advance(g);
        rt.netpoll.inited = true;
        rt.netpoll.waiting.put(g.id, rt.now() + d);
        rt.netReadyAt(rt.now() + d, g.id);
        gopark(m, g, "IO wait", "netpoll", new Text(
                "G{0} reads a socket with no data yet: netpollblock parks it (IO wait); data arrives in {1}",
                "G{0} 读取一个还没有数据的套接字：netpollblock 将其挂起（IO wait）；数据将在 {1} 后到达",
                g.id, Fmt.time(d)));
        rt.then(m, Act.SCHEDULE);
        return Costs.RUNTIME_NS;
    }

    /**
     * The runtime keeps dead Gs on free lists and reuses them; the lab keeps the
     * most recent ones visible (_Gdead) and lets older ones go, so a long run's
     * memory and frames stay bounded.
     */
    private void forget(G g) {
        rt.sched.dead.addLast(g.id);
        while (rt.sched.dead.size() > Sched.DEAD_KEPT) {
            int old = rt.sched.dead.pollFirst();
            G o = rt.gs.get(old);
            if (o != null && !o.alive() && old != 1) {
                rt.dropG(old);
            }
        }
    }

    /** goexit: g's function returned. When main returns, runtime.main calls exit(0). */
    private long goexit(M m, G g) {
        g.status = GStatus._Gdead;
        forget(g);
        g.m = -1;
        g.locals.clear();
        m.curg = 0;
        if (g.id == 1) {
            rt.exit("main returned", 0);
            rt.emit(EventKind.EXIT, g.id, m.id, m.p, new Text(
                    "main returns: runtime.main calls exit(0), and every other goroutine ends with the process",
                    "main 返回：runtime.main 调用 exit(0)，其余所有 goroutine 随进程一起结束"), "exitCode", 0);
            m.park();
            return GoRuntime.KEEP;
        }
        rt.emit(EventKind.GOEXIT, g.id, m.id, m.p, new Text(
                "G{0} returns from {1}: goexit0 marks it _Gdead and keeps it on P{2}'s free list for reuse",
                "G{0} 从 {1} 返回：goexit0 把它标记为 _Gdead，放到 P{2} 的空闲列表以便复用", g.id, g.fn, m.p));
        gfput(rt.p(m.p));
        rt.gc.onGoexit(g);
        rt.then(m, Act.SCHEDULE);
        return Costs.RUNTIME_NS;
    }
}
