package goroutinelab.engine.cpython;

import java.util.ArrayList;
import java.util.TreeMap;
import java.util.List;
import java.util.Map;

/**
 * The interpreter's invariants, checked after every step in tests: at most one
 * thread runs, and it is the GIL holder; every thread waiting for the GIL is in
 * the GIL's wait list exactly once and nothing else is; blocked threads hold
 * nothing and queue waiters are blocked on their queue; every live object's
 * reference count equals the references to it, and nothing refers to a freed
 * object; a dead process has nothing left to do.
 */
final class PyInvariants {
    private final Interpreter py;
    private final List<String> broken = new ArrayList<>();

    PyInvariants(Interpreter py) {
        this.py = py;
    }

    List<String> check() {
        checkThreads();
        checkGil();
        checkQueues();
        checkHeap();
        if (py.exited) {
            for (PyThread t : py.threads.values()) {
                if (t.act != PyThread.Act.NONE) {
                    broken.add("the process exited but " + t + " still has " + t.act + " to do");
                }
            }
        }
        return broken;
    }

    private void checkThreads() {
        int running = 0;
        for (PyThread t : py.threads.values()) {
            boolean holds = py.gil.holder == t.id;
            switch (t.state) {
                case RUNNING -> {
                    running++;
                    if (!holds) {
                        broken.add(t + " is running without the GIL (holder=" + py.gil.holder + ")");
                    }
                }
                case WAITING_GIL -> {
                    if (!py.gil.waiting.contains(t.id)) {
                        broken.add(t + " is waiting-gil but not in the GIL's wait list");
                    }
                    if (!py.exited && t.act != PyThread.Act.GIL_TIMEOUT && t.act != PyThread.Act.GIL_TAKE
                            && !(t.forcedSwitchWait && t.act == PyThread.Act.NONE)) {
                        broken.add(t + " waits for the GIL but its next action is " + t.act);
                    }
                }
                case BLOCKED -> {
                    if (t.block == null) {
                        broken.add(t + " is blocked in nothing");
                    }
                }
                case EXITED -> {
                    if (t.act != PyThread.Act.NONE) {
                        broken.add(t + " has exited but still has " + t.act + " to do");
                    }
                }
            }
            if (t.state != PyThread.State.RUNNING && holds) {
                broken.add(t + " holds the GIL while " + t.state.wire);
            }
            if (t.state != PyThread.State.RUNNING && t.cpu != PyThread.Cpu.NONE) {
                broken.add(t + " has CPU work in progress while " + t.state.wire);
            }
            if (!t.main && (t.codeDone || t.finalizing)) {
                broken.add(t + " is not the main thread but is finalizing");
            }
        }
        if (running > 1) {
            broken.add(running + " threads are running at once: the GIL allows one");
        }
    }

    private void checkGil() {
        Gil g = py.gil;
        Map<Integer, Integer> seen = new TreeMap<>();
        for (int id : g.waiting.toArray()) {
            seen.merge(id, 1, Integer::sum);
            PyThread t = py.threads.get(id);
            if (t == null || t.state != PyThread.State.WAITING_GIL) {
                broken.add("T" + id + " is in the GIL's wait list but is " + (t == null ? "unknown" : t.state.wire));
            }
        }
        seen.forEach((id, n) -> {
            if (n > 1) {
                broken.add("T" + id + " is in the GIL's wait list " + n + " times");
            }
        });
        if (g.holder != 0 && g.handoff != 0) {
            broken.add("the GIL is held by T" + g.holder + " and handed to T" + g.handoff + " at once");
        }
        if (g.handoff != 0) {
            PyThread h = py.threads.get(g.handoff);
            if (h == null || !g.waiting.contains(g.handoff) || (!py.exited && h.act != PyThread.Act.GIL_TAKE)) {
                broken.add("the GIL is handed to T" + g.handoff + ", which is not on its way to take it");
            }
        }
        if (!py.exited && g.holder == 0 && g.handoff == 0 && !g.waiting.isEmpty()) {
            broken.add("the GIL is free and nobody was woken, but " + g.waiting.toList() + " wait for it");
        }
        if (g.dropRequest && g.holder == 0 && g.handoff == 0 && !py.exited) {
            broken.add("gil_drop_request is set while nobody holds the GIL");
        }
    }

    private void checkQueues() {
        for (PyQueue q : py.queues.values()) {
            if (q.maxsize > 0 && q.items.size() > q.maxsize) {
                broken.add(q.name + " holds " + q.items.size() + " items, more than maxsize " + q.maxsize);
            }
            checkWaiters(q, q.getters, PyThread.Block.QUEUE_GET);
            checkWaiters(q, q.putters, PyThread.Block.QUEUE_PUT);
        }
    }

    private void checkWaiters(PyQueue q, goroutinelab.engine.IntDeque waiters, PyThread.Block kind) {
        for (int id : waiters.toArray()) {
            PyThread t = py.threads.get(id);
            if (t == null || t.state != PyThread.State.BLOCKED || t.block != kind || !q.name.equals(t.blockOn)) {
                broken.add("T" + id + " waits in " + q.name + "." + (kind == PyThread.Block.QUEUE_GET ? "get" : "put")
                        + " but is " + (t == null ? "unknown" : t.state.wire + " in " + t.block));
            }
        }
    }

    private void checkHeap() {
        Map<String, Long> counted = new TreeMap<>();
        for (String id : py.refs.references()) {
            counted.merge(id, 1L, Long::sum);
        }
        for (PyObj o : py.objects.values()) {
            long n = counted.getOrDefault(o.id, 0L);
            if (o.freed) {
                if (n > 0) {
                    broken.add(o.id + " was freed but " + n + " references to it remain");
                }
            } else if (n != o.refcount) {
                broken.add(o.id + " has refcount " + o.refcount + " but " + n + " references");
            }
            if (o.dying && (o.refcount != 0 || !py.deallocQueue.contains(o.id))) {
                broken.add(o.id + " is dying with refcount " + o.refcount + " and not queued for _Py_Dealloc");
            }
        }
        for (String id : counted.keySet()) {
            if (!py.objects.containsKey(id)) {
                broken.add("a reference to unknown object " + id);
            }
        }
        if (!py.deallocQueue.isEmpty() && !py.exited && py.gil.holder == 0) {
            broken.add("objects wait for _Py_Dealloc (" + py.deallocQueue + ") but nobody holds the GIL");
        }
    }
}
