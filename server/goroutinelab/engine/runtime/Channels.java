package goroutinelab.engine.runtime;

import goroutinelab.engine.EventKind;
import goroutinelab.engine.Op;
import goroutinelab.engine.Text;

import java.util.ArrayList;
import java.util.List;

/**
 * Channels (runtime/chan.go: chansend, chanrecv, closechan). A sender that
 * finds a parked receiver hands the value straight to it and readies it into
 * its own P's runnext; otherwise it uses the buffer, or parks on the sendq.
 * Receiving mirrors this. close readies every waiter, the last to park first;
 * a sender woken by close panics.
 *
 * <p>An operation that must block holds the channel's lock for a moment
 * before it parks (the runtime takes c.lock, finds no partner, takes a sudog,
 * enqueues itself and calls gopark, whose commit drops the lock). Here that
 * is one action without an event, {@link Costs#RUNTIME_NS} long, after which
 * the operation is tried again under the lock and parks. It matters for
 * preemption: a request that lands then is refused by newstack (m.locks &gt;
 * 0), and the goroutine parks with it still set (see {@link Preemption}).
 * Simplified: the lock is not a real lock; a partner on another P that comes
 * in that moment completes the operation instead of waiting for it.
 *
 * <p>A value may carry a pointer ({@code send: {chan, value}}, {@code recv:
 * {chan, to}}). While the collector marks, every copy of it that does not
 * write the copying goroutine's own stack runs a write barrier, as chan.go's
 * copies do: sendDirect and recvDirect write another goroutine's stack,
 * which may be scanned already, so typeBitsBulkBarrier shades the pointer;
 * a copy into the buffer (typedmemmove, a heap write) shades the old slot
 * and the new pointer; taking a value out of the buffer clears its slot
 * (typedmemclr), which shades the pointer it held. The barrier is the one
 * pointer stores run ({@link Mark#barrier}), shading at once; with the
 * teaching switch off nothing is shaded and the object can be lost.
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

    long send(M m, G g, String name, String valueVar) {
        Chan c = chan(name);
        if (g.chanDone) {
            return completed(m, g);
        }
        boolean locked = unlock(g);
        if (c.closed) {
            return panic(m, g, "send on closed channel");
        }
        int ptr = valueVar == null ? Obj.NIL : g.locals.get(valueVar);
        if (!c.recvq.isEmpty()) {
            int r = c.recvq.pollFirst();
            G rg = rt.g(r);
            rg.chanDone = true;
            rg.chanValue = g.id;
            Barrier b = deliver(rg, ptr);
            Interp.advance(g);
            rt.emit(EventKind.CHANSEND, g.id, m.id, m.p, new Text(
                    "G{0} sends{3} on {1}: G{2} is waiting to receive, so the value goes straight onto G{2}'s stack (sendDirect){4}",
                    "G{0} 向 {1} 发送{3}：G{2} 正在等待接收，值被直接写到 G{2} 的栈上（sendDirect）{4}", g.id, name, r,
                    what(ptr), b.text), detail(b, ptr, "chan", name, "to", r));
            rt.then(m, new Act.Goready(r), Act.RUN);
            return Costs.RUNTIME_NS;
        }
        if (c.buf.size() < c.cap) {
            c.buf.addLast(g.id);
            c.vals.add(ptr);
            Barrier b = barrier(Obj.NIL, ptr, new Text("typedmemmove into the buffer, a heap write", "typedmemmove 写入缓冲区，这是一次堆写入"));
            Interp.advance(g);
            rt.emit(EventKind.CHANSEND, g.id, m.id, m.p, new Text(
                    "G{0} sends{4} on {1}: there is room, the value goes into the buffer ({2}/{3}){5}",
                    "G{0} 向 {1} 发送{4}：缓冲区有空位，值放入缓冲区（{2}/{3}）{5}", g.id, name, c.buf.size(), c.cap,
                    what(ptr), b.text), detail(b, ptr, "chan", name));
            rt.then(m, Act.RUN);
            return Costs.RUNTIME_NS;
        }
        if (!locked) {
            return lockToPark(m, g, name);
        }
        c.sendq.addLast(g.id);
        g.chanValue = g.id;
        g.chanPtr = ptr;
        rt.interp.gopark(m, g, "chan send", name, new Text(
                "G{0} sends on {1}, but nobody is receiving{2}: G{0} joins the sendq and parks (chan send){3}",
                "G{0} 向 {1} 发送，但没有接收者{2}：G{0} 进入 sendq 并挂起（chan send）{3}", g.id, name,
                c.cap > 0 ? new Text(" and the buffer is full", "且缓冲区已满") : Text.EMPTY, stillAsked(g)));
        rt.then(m, Act.SCHEDULE);
        return Costs.RUNTIME_NS;
    }

    /**
     * The operation must block: chansend/chanrecv holds c.lock on its way to
     * gopark (acquireSudog, the enqueue). No event: the operation runs again
     * under the lock and parks.
     */
    private long lockToPark(M m, G g, String name) {
        g.chanLock = name;
        rt.then(m, Act.RUN);
        return Costs.RUNTIME_NS;
    }

    /**
     * The lock is dropped (the operation completes, or is about to park):
     * unlock puts stackPreempt back if a request was refused meanwhile, so
     * the next prologue sees it. Returns whether g held the lock.
     */
    private static boolean unlock(G g) {
        boolean locked = g.chanLock != null;
        g.chanLock = null;
        if (locked) {
            g.preemptRefused = false;
        }
        return locked;
    }

    /** For a parking goroutine whose preemption request newstack refused: it parks with the request set. */
    private static Text stillAsked(G g) {
        if (!g.preempt) {
            return Text.EMPTY;
        }
        return new Text("; its preemption request (G{0}.preempt) is still set, and nobody will act on it while it waits",
                "；它的抢占请求（G{0}.preempt）仍然置位，但它等待期间没有谁会处理这个请求", g.id);
    }

    long recv(M m, G g, String name, String to) {
        Chan c = chan(name);
        if (g.chanDone) {
            return completed(m, g);
        }
        boolean locked = unlock(g);
        if (!c.sendq.isEmpty()) {
            int s = c.sendq.pollFirst();
            G sg = rt.g(s);
            sg.chanDone = true;
            Text how;
            Barrier b;
            int got;
            if (c.cap == 0) {
                g.chanValue = sg.chanValue;
                got = sg.chanPtr;
                b = barrier(to == null ? Obj.NIL : g.locals.get(to), got,
                        new Text("recvDirect reads another goroutine's stack: typeBitsBulkBarrier", "recvDirect 读取另一个 goroutine 的栈：typeBitsBulkBarrier"));
                how = new Text("takes G{0}'s value directly from the waiting sender (recvDirect)",
                        "直接从等待中的发送者 G{0} 取值（recvDirect）", s);
            } else {
                g.chanValue = c.buf.pollFirst();
                got = c.vals.remove(0);
                c.buf.addLast(sg.chanValue);
                c.vals.add(sg.chanPtr);
                b = barrier(got, sg.chanPtr, new Text("typedmemmove of the sender's value over the freed slot", "typedmemmove 把发送者的值写到空出的位置"));
                how = new Text("takes the head of the full buffer, and waiting sender G{0}'s value moves into the freed slot",
                        "取走满缓冲区的队首，等待中的发送者 G{0} 的值放入空出的位置", s);
            }
            sg.chanPtr = Obj.NIL;
            take(g, to, got);
            Interp.advance(g);
            rt.emit(EventKind.CHANRECV, g.id, m.id, m.p, new Text("G{0} receives{3} from {1}: it {2}{4}",
                    "G{0} 从 {1} 接收{3}：{2}{4}", g.id, name, how, what(got), b.text), detail(b, got, "chan", name, "from", s));
            rt.then(m, new Act.Goready(s), Act.RUN);
            return Costs.RUNTIME_NS;
        }
        if (!c.buf.isEmpty()) {
            g.chanValue = c.buf.pollFirst();
            int got = c.vals.remove(0);
            Barrier b = barrier(got, Obj.NIL, new Text("typedmemclr clears the slot it came from", "typedmemclr 清空它原来所在的位置"));
            take(g, to, got);
            Interp.advance(g);
            rt.emit(EventKind.CHANRECV, g.id, m.id, m.p, new Text(
                    "G{0} receives{4} from {1}'s buffer ({2}/{3} left){5}", "G{0} 从 {1} 的缓冲区接收{4}（剩余 {2}/{3}）{5}",
                    g.id, name, c.buf.size(), c.cap, what(got), b.text), detail(b, got, "chan", name));
            rt.then(m, Act.RUN);
            return Costs.RUNTIME_NS;
        }
        if (c.closed) {
            take(g, to, Obj.NIL);
            Interp.advance(g);
            rt.emit(EventKind.CHANRECV, g.id, m.id, m.p, new Text(
                    "G{0} receives from {1}: it is closed and empty, so it gets the zero value at once",
                    "G{0} 从 {1} 接收：通道已关闭且为空，立即得到零值", g.id, name), "chan", name, "closed", true);
            rt.then(m, Act.RUN);
            return Costs.RUNTIME_NS;
        }
        if (!locked) {
            return lockToPark(m, g, name);
        }
        c.recvq.addLast(g.id);
        rt.interp.gopark(m, g, "chan receive", name, new Text(
                "G{0} receives from {1}, but nothing is there: G{0} joins the recvq and parks (chan receive){2}",
                "G{0} 从 {1} 接收，但没有数据：G{0} 进入 recvq 并挂起（chan receive）{2}", g.id, name, stillAsked(g)));
        rt.then(m, Act.SCHEDULE);
        return Costs.RUNTIME_NS;
    }

    /**
     * closechan: every receiver (oldest first), then every sender, is taken off
     * its queue and pushed onto a gList; once the lock is dropped the list is
     * popped, so the last-parked waiter is readied first. Each goready puts its
     * goroutine in runnext and kicks the previous one to the local queue: with
     * r0, r1, r2 parked in that order, r0 runs first, then r2, then r1.
     */
    long close(M m, G g, String name) {
        Chan c = chan(name);
        if (c.closed) {
            return panic(m, g, "close of closed channel");
        }
        c.closed = true;
        Interp.advance(g);
        int n = c.recvq.size() + c.sendq.size();
        int[] glist = new int[n];
        int pushed = 0;
        while (!c.recvq.isEmpty()) {
            int r = c.recvq.pollFirst();
            rt.g(r).chanDone = true;
            // typedmemclr of the receiver's slot: it gets the zero value
            if (rt.g(r).stack.peek() instanceof Op.Recv rv) {
                take(rt.g(r), rv.to(), Obj.NIL);
            }
            glist[pushed++] = r;
        }
        while (!c.sendq.isEmpty()) {
            int s = c.sendq.pollFirst();
            rt.g(s).chanDone = false;
            glist[pushed++] = s;
        }
        Act[] acts = new Act[n + 1];
        List<Integer> order = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int w = glist[n - 1 - i];
            acts[i] = new Act.Goready(w);
            order.add(w);
        }
        acts[n] = Act.RUN;
        rt.emit(EventKind.CLOSECHAN, g.id, m.id, m.p, n == 0
                ? new Text("G{0} closes {1}", "G{0} 关闭 {1}", g.id, name)
                : new Text("G{0} closes {1}: closechan readies all {2} goroutines waiting on it, the last to park first ({3})",
                "G{0} 关闭 {1}：closechan 唤醒所有 {2} 个在其上等待的 goroutine，最后挂起的最先唤醒（{3}）",
                g.id, name, n, Scheduler.gList(order)), "chan", name, "order", order);
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
            c.vals.add(Obj.NIL);
            rt.emit(EventKind.CHANSEND, g.id, m.id, m.p, new Text(
                    "{0} on {1} without blocking: it goes into the buffer ({2}/{3})",
                    "{0}：以非阻塞方式发送到 {1}：放入缓冲区（{2}/{3}）", what, name, c.buf.size(), c.cap), "chan", name);
            return true;
        }
        return false;
    }

    /**
     * sendDirect: the value lands in the parked receiver's variable, on the
     * receiver's stack, which may be scanned already: typeBitsBulkBarrier
     * shades the old and the new pointer first.
     */
    private Barrier deliver(G receiver, int ptr) {
        Op op = receiver.stack.peek();
        String to = op instanceof Op.Recv r ? r.to() : null;
        int old = to == null ? Obj.NIL : receiver.locals.get(to);
        Barrier b = barrier(old, ptr, new Text("sendDirect writes another goroutine's stack, which may be scanned already: typeBitsBulkBarrier",
                "sendDirect 写的是另一个 goroutine 的栈，它可能已经被扫描过：typeBitsBulkBarrier"));
        take(receiver, to, ptr);
        return b;
    }

    /** The received value into the local {@code to} (nothing without one). */
    private static void take(G g, String to, int ptr) {
        if (to != null) {
            g.locals.put(to, ptr);
        }
    }

    /** " the pointer to X", or nothing for a value without pointers (the text reads as before pointers were modelled). */
    private Text what(int ptr) {
        return ptr == Obj.NIL ? Text.EMPTY : new Text(" the pointer to {0}", " 指向 {0} 的指针", rt.gc.idOf(ptr));
    }

    /** An event's detail: the pointer carried and what the barrier shaded, only when a pointer is involved. */
    private Object[] detail(Barrier b, int ptr, Object... base) {
        if (ptr == Obj.NIL && b.shaded.isEmpty()) {
            return base;
        }
        Object[] out = java.util.Arrays.copyOf(base, base.length + 4);
        out[base.length] = "ptr";
        out[base.length + 1] = rt.gc.idOf(ptr);
        out[base.length + 2] = "shaded";
        out[base.length + 3] = b.shaded;
        return out;
    }

    /** What a channel copy's write barrier shaded, and the words for it. */
    private record Barrier(List<String> shaded, Text text) {
    }

    /**
     * The write barrier of a channel copy while the collector marks: shades
     * the pointer overwritten and the one written (either may be null). No
     * barrier when the collector is not marking or no pointer is involved.
     */
    private Barrier barrier(int old, int nu, Text how) {
        if (rt.gc.phase == Collector.Phase._GCoff || old == Obj.NIL && nu == Obj.NIL) {
            return new Barrier(List.of(), Text.EMPTY);
        }
        // a channel copy puts what it shades where the last unit of mark work put its grey objects
        Mark.Shaded s = rt.gc.mark.barrier(old, nu, -1);
        if (s.off) {
            return new Barrier(List.of(), new Text("; the collector is marking, but the write barrier is turned OFF (a teaching switch): {0} is not shaded",
                    "；回收器正在标记，但写屏障被关闭（教学开关）：{0} 没有被染灰", rt.gc.idOf(nu != Obj.NIL ? nu : old)));
        }
        List<String> shaded = s.all;
        Text what = shaded.isEmpty() ? new Text("already marked", "已被标记")
                : new Text("{0} shaded", "{0} 被染灰", String.join(", ", shaded));
        return new Barrier(shaded, new Text("; the collector is marking, so the write barrier runs ({0}): {1}",
                "；回收器正在标记，所以写屏障执行（{0}）：{1}", how, what));
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
