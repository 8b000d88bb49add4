package goroutinelab.engine.runtime;

import goroutinelab.engine.EventKind;
import goroutinelab.engine.Fmt;
import goroutinelab.engine.Op;
import goroutinelab.engine.Text;

/**
 * System calls and cgo calls (runtime/proc.go: entersyscall, exitsyscall,
 * exitsyscallfast, exitsyscall0; runtime/cgocall.go: cgocall).
 *
 * <p>Entering a syscall does not move the goroutine anywhere: G and M stay
 * together in the kernel, and only the P changes, to {@code _Psyscall}, where
 * sysmon may retake it. Coming back, the M needs a P again: its old one if it
 * is still waiting, else any idle one, else the G goes to the global queue and
 * the M stops.
 */
final class Syscalls {
    private final GoRuntime rt;

    Syscalls(GoRuntime rt) {
        this.rt = rt;
    }

    long entersyscall(M m, G g, Op.Syscall s) {
        if (s.cgo() && g.progress == 0) {
            g.progress = 1;
            rt.emit(EventKind.CGOCALL, g.id, m.id, m.p, new Text(
                    "G{0} calls into C ({1}): cgocall switches to the system stack and calls entersyscall; to the scheduler a cgo call is a syscall",
                    "G{0} 调用 C 函数（{1}）：cgocall 切换到系统栈并调用 entersyscall；对调度器而言 cgo 调用就是系统调用",
                    g.id, Fmt.time(s.durationNs())));
            rt.then(m, Act.RUN);
            return Costs.RUNTIME_NS;
        }
        P p = rt.p(m.p);
        g.status = GStatus._Gsyscall;
        p.status = PStatus._Psyscall;
        p.m = -1;
        m.oldp = p.id;
        m.p = -1;
        m.state = M.State.syscall;
        m.opKind = M.OpKind.SYSCALL;
        m.opStart = rt.now();
        m.opEnd = rt.now() + s.durationNs();
        m.incgo = s.cgo();
        if (rt.sched.gcwaiting) {
            rt.gc.entersyscallGcwait(p);
        }
        rt.sysmon.wakeFromDeepSleep();
        rt.emit(EventKind.ENTERSYSCALL, g.id, m.id, p.id, new Text(
                "G{0} enters a {1} {2}: G{0} and {3} block in the kernel together; P{4} is left in _Psyscall, where sysmon may retake it",
                "G{0} 进入 {2}（{1}）：G{0} 和 {3} 一起阻塞在内核中；P{4} 处于 _Psyscall 状态，sysmon 可能把它收回",
                g.id, Fmt.time(s.durationNs()), s.cgo() ? new Text("cgo call", "cgo 调用") : new Text("system call", "系统调用"),
                m.name(), p.id), "duration", s.durationNs());
        m.set(Act.EXIT_SYSCALL, m.opEnd);
        return GoRuntime.KEEP;
    }

    /** The syscall returned: exitsyscall's fast paths, or exitsyscall0. */
    long exitsyscall(M m) {
        G g = rt.g(m.curg);
        m.opKind = M.OpKind.NONE;
        m.incgo = false;
        Interp.advance(g);
        P old = m.oldp >= 0 ? rt.p(m.oldp) : null;
        m.oldp = -1;
        if (old != null && old.status == PStatus._Psyscall) {
            old.status = PStatus._Pidle;
            rt.threads.acquirep(m, old);
            return backOnP(m, g, old, new Text(
                    "G{0}'s syscall returns and P{1} is still in _Psyscall: {2} takes it straight back (exitsyscallfast)",
                    "G{0} 的系统调用返回，P{1} 仍处于 _Psyscall：{2} 直接把它拿回来（exitsyscallfast）",
                    g.id, old.id, m.name()));
        }
        P idle = rt.threads.pidleget();
        if (idle != null) {
            rt.threads.acquirep(m, idle);
            rt.sysmon.wakeFromDeepSleep();
            return backOnP(m, g, idle, new Text(
                    "G{0}'s syscall returns; its P was retaken meanwhile, so {1} takes idle P{2} (exitsyscallfast_pidle)",
                    "G{0} 的系统调用返回；它的 P 已被收回，于是 {1} 取得空闲的 P{2}（exitsyscallfast_pidle）",
                    g.id, m.name(), idle.id));
        }
        g.status = GStatus._Grunnable;
        g.m = -1;
        m.curg = 0;
        m.state = M.State.running;
        rt.sched.runq.addLast(g.id);
        rt.sysmon.wakeFromDeepSleep();
        rt.emit(EventKind.EXITSYSCALL, g.id, m.id, null, new Text(
                "G{0}'s syscall returns but no P is free: exitsyscall0 puts G{0} on the global run queue, and {1} will stop",
                "G{0} 的系统调用返回，但没有空闲的 P：exitsyscall0 把 G{0} 放入全局运行队列，{1} 随后休眠",
                g.id, m.name()), "path", "slow");
        rt.then(m, Act.STOPM);
        return Costs.RUNTIME_NS;
    }

    private long backOnP(M m, G g, P p, Text text) {
        p.syscalltick++;
        g.status = GStatus._Grunning;
        m.state = M.State.running;
        rt.emit(EventKind.EXITSYSCALLFAST, g.id, m.id, p.id, text, "path", "fast");
        rt.then(m, Act.RUN);
        return Costs.RUNTIME_NS;
    }
}
