package goroutinelab.engine.cpython;

import goroutinelab.engine.EventKind;
import goroutinelab.engine.Text;

/**
 * Lesson channels as queue.Queue (Lib/queue.py): put, get and shutdown.
 *
 * <p>A Queue is a deque guarded by a mutex with two conditions, not_empty and
 * not_full. A get on an empty queue waits on not_empty and a put on a full one
 * on not_full; Condition.wait is a lock acquire that releases the GIL. A put
 * notifies one waiting getter and a get one waiting putter; the woken thread
 * needs the GIL before it can look at the queue again, and if another thread
 * emptied (or filled) it meanwhile, it waits again. maxsize 0 means no bound.
 *
 * <p>{@code close} is Queue.shutdown() (Python 3.13): it wakes every waiter; a
 * put afterwards raises queue.ShutDown, and so does a get once the queue is
 * empty. The model lets that get return, as if the program caught ShutDown
 * (the counterpart of Go's receive on a closed channel); an uncaught ShutDown
 * from a put ends its thread. A signal handler given as a queue puts with
 * put_nowait; on a full or shut-down queue the model drops the signal (CPython
 * would raise queue.Full or ShutDown inside the handler).
 */
final class QueueModule {
    private final Interpreter py;

    QueueModule(Interpreter py) {
        this.py = py;
    }

    void put(PyThread t, String name) {
        PyQueue q = py.queue(name);
        if (q.shutdown) {
            py.threading.excepthook(t, "ShutDown", new Text("{0} calls {1}.put() on a queue that was shut down, which raises queue.ShutDown",
                    "{0} 对已关闭（shutdown）的队列调用 {1}.put()，抛出 queue.ShutDown", t, name));
            return;
        }
        if (q.full()) {
            q.putters.addLast(t.id);
            py.eval.blockOnLock(t, PyThread.Block.QUEUE_PUT, name);
            py.emit(EventKind.PY_BLOCK, t, new Text(
                    "{0} calls {1}.put(), but the queue is full ({2}/{2}): it waits on not_full, a lock acquire that releases the GIL{3}",
                    "{0} 调用 {1}.put()，但队列已满（{2}/{2}）：它在 not_full 上等待，这是一次会释放 GIL 的加锁等待{3}",
                    t, name, q.maxsize, py.ceval.wokenPhrase()), "block", PyThread.Block.QUEUE_PUT.what, "queue", name);
            return;
        }
        q.items.addLast(t.id);
        t.top().advance();
        Integer woken = wakeOne(q.getters);
        py.emit(EventKind.QUEUE_PUT, t, new Text("{0} puts an item on {1} ({2} queued{3}){4}",
                "{0} 向 {1} 放入一项（队列中 {2} 项{3}）{4}", t, name, q.items.size(),
                q.maxsize == 0 ? new Text("; maxsize=0 means no bound, so put never waits, unlike an unbuffered Go channel",
                        "；maxsize=0 表示无上限，put 永远不会等待，这一点和无缓冲的 Go channel 不同")
                        : new Text(" of at most {0}", "，最多 {0} 项", q.maxsize),
                woken == null ? Text.EMPTY : new Text(": it notifies T{0}, waiting in get(), which needs the GIL before it can take the item",
                        "：它通知在 get() 中等待的 T{0}，后者要先拿到 GIL 才能取走这一项", woken)),
                "queue", name, "woken", woken);
        t.set(PyThread.Act.RUN, py.now() + PyCosts.QUEUE_OP_NS);
    }

    void get(PyThread t, String name) {
        PyQueue q = py.queue(name);
        if (!q.items.isEmpty()) {
            int from = q.items.pollFirst();
            t.top().advance();
            Integer woken = wakeOne(q.putters);
            py.emit(EventKind.QUEUE_GET, t, new Text("{0} gets T{1}'s item from {2} ({3} left){4}",
                    "{0} 从 {2} 取出 T{1} 放入的一项（还剩 {3} 项）{4}", t, from, name, q.items.size(),
                    woken == null ? Text.EMPTY : new Text(": it notifies T{0}, waiting in put()", "：它通知在 put() 中等待的 T{0}", woken)),
                    "queue", name, "from", from, "woken", woken);
            t.set(PyThread.Act.RUN, py.now() + PyCosts.QUEUE_OP_NS);
            return;
        }
        if (q.shutdown) {
            t.top().advance();
            py.emit(EventKind.QUEUE_GET, t, new Text(
                    "{0} calls {1}.get(): the queue is shut down and empty, so get() raises queue.ShutDown at once (the model treats it as caught, like Go's receive on a closed channel)",
                    "{0} 调用 {1}.get()：队列已关闭且为空，get() 立即抛出 queue.ShutDown（模型把它当作已被捕获，相当于 Go 从已关闭的 channel 接收）",
                    t, name), "queue", name, "shutdown", true);
            t.set(PyThread.Act.RUN, py.now() + PyCosts.QUEUE_OP_NS);
            return;
        }
        q.getters.addLast(t.id);
        py.eval.blockOnLock(t, PyThread.Block.QUEUE_GET, name);
        py.emit(EventKind.PY_BLOCK, t, new Text(
                "{0} calls {1}.get(), but the queue is empty: it waits on not_empty, a lock acquire that releases the GIL{2}",
                "{0} 调用 {1}.get()，但队列为空：它在 not_empty 上等待，这是一次会释放 GIL 的加锁等待{2}",
                t, name, py.ceval.wokenPhrase()), "block", PyThread.Block.QUEUE_GET.what, "queue", name);
    }

    void shutdown(PyThread t, String name) {
        PyQueue q = py.queue(name);
        t.top().advance();
        int n = 0;
        if (!q.shutdown) {
            q.shutdown = true;
            while (wakeOne(q.getters) != null) {
                n++;
            }
            while (wakeOne(q.putters) != null) {
                n++;
            }
        }
        py.emit(EventKind.QUEUE_SHUTDOWN, t, new Text(
                "{0} calls {1}.shutdown() (Python 3.13+, the interpreter's stand-in for close){2}",
                "{0} 调用 {1}.shutdown()（Python 3.13+，在解释器里代替 close）{2}", t, name,
                n > 0 ? new Text(": it wakes the {0} threads waiting on it", "：唤醒在它上面等待的 {0} 个线程", n)
                        : Text.EMPTY), "queue", name, "woken", n);
        t.set(PyThread.Act.RUN, py.now() + PyCosts.QUEUE_OP_NS);
    }

    /** A signal handler's q.put_nowait(signum), inside the handler call (no event of its own). */
    void putNowait(String name, PyThread by) {
        PyQueue q = py.queue(name);
        if (q.shutdown || q.full()) {
            return;
        }
        q.items.addLast(by.id);
        wakeOne(q.getters);
    }

    /** Notifies the longest waiter of a condition; it wakes and must take the GIL. Null if nobody waits. */
    private Integer wakeOne(goroutinelab.engine.IntDeque waiters) {
        while (!waiters.isEmpty()) {
            PyThread w = py.thread(waiters.pollFirst());
            if (w.state == PyThread.State.BLOCKED && w.act == PyThread.Act.NONE) {
                py.eval.wake(w);
                return w.id;
            }
        }
        return null;
    }
}
