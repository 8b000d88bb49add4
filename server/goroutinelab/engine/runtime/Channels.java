package goroutinelab.engine.runtime;

import goroutinelab.engine.EventKind;
import goroutinelab.engine.Text;

/**
 * Channels (runtime/chan.go: chansend, chanrecv, closechan). A sender that
 * finds a parked receiver hands the value straight to it and readies it into
 * its own P's runnext; otherwise it uses the buffer, or parks on the sendq.
 * Receiving mirrors this. close readies every waiter; a sender woken by close
 * panics.
 */
final class Channels {
    private final GoRuntime rt;

    Channels(GoRuntime rt) {
        this.rt = rt;
    }

    private Chan chan(String name) {
        Chan c = rt.chans.get(name);
        if (c == null) {
            throw new IllegalStateException("chan: no channel " + name);
        }
        return c;
    }

    long send(M m, G g, String name) {
        Chan c = chan(name);
        if (g.chanDone) {
            return completed(m, g);
        }
        if (c.closed) {
            return panic(m, g, "send on closed channel");
        }
        if (!c.recvq.isEmpty()) {
            int r = c.recvq.pollFirst();
            G rg = rt.g(r);
            rg.chanDone = true;
            rg.chanValue = g.id;
            Interp.advance(g);
            rt.emit(EventKind.CHANSEND, g.id, m.id, m.p, new Text(
                    "G{0} sends on {1}: G{2} is waiting to receive, so the value goes straight onto G{2}'s stack (sendDirect)",
                    "G{0} 向 {1} 发送：G{2} 正在等待接收，值被直接写到 G{2} 的栈上（sendDirect）", g.id, name, r),
                    "chan", name, "to", r);
            rt.then(m, new Act.Goready(r), Act.RUN);
            return Costs.RUNTIME_NS;
        }
        if (c.buf.size() < c.cap) {
            c.buf.addLast(g.id);
            Interp.advance(g);
            rt.emit(EventKind.CHANSEND, g.id, m.id, m.p, new Text(
                    "G{0} sends on {1}: there is room, the value goes into the buffer ({2}/{3})",
                    "G{0} 向 {1} 发送：缓冲区有空位，值放入缓冲区（{2}/{3}）", g.id, name, c.buf.size(), c.cap),
                    "chan", name);
            rt.then(m, Act.RUN);
            return Costs.RUNTIME_NS;
        }
        c.sendq.addLast(g.id);
        g.chanValue = g.id;
        rt.interp.gopark(m, g, "chan send", name, new Text(
                "G{0} sends on {1}, but nobody is receiving{2}: G{0} joins the sendq and parks (chan send)",
                "G{0} 向 {1} 发送，但没有接收者{2}：G{0} 进入 sendq 并挂起（chan send）", g.id, name,
                c.cap > 0 ? new Text(" and the buffer is full", "且缓冲区已满") : Text.EMPTY));
        rt.then(m, Act.SCHEDULE);
        return Costs.RUNTIME_NS;
    }

    long recv(M m, G g, String name) {
        Chan c = chan(name);
        if (g.chanDone) {
            return completed(m, g);
        }
        if (!c.sendq.isEmpty()) {
            int s = c.sendq.pollFirst();
            G sg = rt.g(s);
            sg.chanDone = true;
            Text how;
            if (c.cap == 0) {
                g.chanValue = sg.chanValue;
                how = new Text("takes G{0}'s value directly from the waiting sender (recvDirect)",
                        "直接从等待中的发送者 G{0} 取值（recvDirect）", s);
            } else {
                g.chanValue = c.buf.pollFirst();
                c.buf.addLast(sg.chanValue);
                how = new Text("takes the head of the full buffer, and waiting sender G{0}'s value moves into the freed slot",
                        "取走满缓冲区的队首，等待中的发送者 G{0} 的值放入空出的位置", s);
            }
            Interp.advance(g);
            rt.emit(EventKind.CHANRECV, g.id, m.id, m.p, new Text("G{0} receives from {1}: it {2}",
                    "G{0} 从 {1} 接收：{2}", g.id, name, how), "chan", name, "from", s);
            rt.then(m, new Act.Goready(s), Act.RUN);
            return Costs.RUNTIME_NS;
        }
        if (!c.buf.isEmpty()) {
            g.chanValue = c.buf.pollFirst();
            Interp.advance(g);
            rt.emit(EventKind.CHANRECV, g.id, m.id, m.p, new Text(
                    "G{0} receives from {1}'s buffer ({2}/{3} left)", "G{0} 从 {1} 的缓冲区接收（剩余 {2}/{3}）",
                    g.id, name, c.buf.size(), c.cap), "chan", name);
            rt.then(m, Act.RUN);
            return Costs.RUNTIME_NS;
        }
        if (c.closed) {
            Interp.advance(g);
            rt.emit(EventKind.CHANRECV, g.id, m.id, m.p, new Text(
                    "G{0} receives from {1}: it is closed and empty, so it gets the zero value at once",
                    "G{0} 从 {1} 接收：通道已关闭且为空，立即得到零值", g.id, name), "chan", name, "closed", true);
            rt.then(m, Act.RUN);
            return Costs.RUNTIME_NS;
        }
        c.recvq.addLast(g.id);
        rt.interp.gopark(m, g, "chan receive", name, new Text(
                "G{0} receives from {1}, but nothing is there: G{0} joins the recvq and parks (chan receive)",
                "G{0} 从 {1} 接收，但没有数据：G{0} 进入 recvq 并挂起（chan receive）", g.id, name));
        rt.then(m, Act.SCHEDULE);
        return Costs.RUNTIME_NS;
    }

    long close(M m, G g, String name) {
        Chan c = chan(name);
        if (c.closed) {
            return panic(m, g, "close of closed channel");
        }
        c.closed = true;
        Interp.advance(g);
        int n = c.recvq.size() + c.sendq.size();
        Act[] acts = new Act[n + 1];
        int i = 0;
        while (!c.recvq.isEmpty()) {
            int r = c.recvq.pollFirst();
            rt.g(r).chanDone = true;
            acts[i++] = new Act.Goready(r);
        }
        while (!c.sendq.isEmpty()) {
            int s = c.sendq.pollFirst();
            rt.g(s).chanDone = false;
            acts[i++] = new Act.Goready(s);
        }
        acts[i] = Act.RUN;
        rt.emit(EventKind.CLOSECHAN, g.id, m.id, m.p, n == 0
                ? new Text("G{0} closes {1}", "G{0} 关闭 {1}", g.id, name)
                : new Text("G{0} closes {1}: closechan readies all {2} goroutines waiting on it",
                "G{0} 关闭 {1}：closechan 唤醒所有 {2} 个在其上等待的 goroutine", g.id, name, n), "chan", name);
        rt.then(m, acts);
        return Costs.RUNTIME_NS;
    }

    /**
     * A non-blocking send (select with default), as os/signal's process does:
     * hands the value to a waiting receiver (readying it) or buffers it.
     * Emits the event and returns true; returns false (no event) if it would block.
     */
    boolean trySend(M m, G g, String name, Text what) {
        Chan c = chan(name);
        if (c.closed) {
            return false;
        }
        if (!c.recvq.isEmpty()) {
            int r = c.recvq.pollFirst();
            G rg = rt.g(r);
            rg.chanDone = true;
            rg.chanValue = g.id;
            rt.emit(EventKind.CHANSEND, g.id, m.id, m.p, new Text(
                    "{0} on {1} without blocking: G{2} is waiting to receive, so it gets the value directly",
                    "{0}：以非阻塞方式发送到 {1}：G{2} 正在等待接收，直接拿到值", what, name, r), "chan", name, "to", r);
            rt.then(m, new Act.Goready(r));
            return true;
        }
        if (c.buf.size() < c.cap) {
            c.buf.addLast(g.id);
            rt.emit(EventKind.CHANSEND, g.id, m.id, m.p, new Text(
                    "{0} on {1} without blocking: it goes into the buffer ({2}/{3})",
                    "{0}：以非阻塞方式发送到 {1}：放入缓冲区（{2}/{3}）", what, name, c.buf.size(), c.cap), "chan", name);
            return true;
        }
        return false;
    }

    /** A G woken from a channel wait finds its operation done: it goes on (no event). */
    private long completed(M m, G g) {
        g.chanDone = false;
        Interp.advance(g);
        rt.then(m, Act.RUN);
        return 0;
    }

    private long panic(M m, G g, String what) {
        return rt.crash(m, g, EventKind.PANIC, new Text(
                "panic: {0} [G{1}]: nobody recovers, so the program crashes with exit status 2",
                "panic: {0} [G{1}]：没有 recover，程序崩溃，退出码 2", what, g.id), 2);
    }
}
