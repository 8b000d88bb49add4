"""Measures the CPython costs the interpreter model uses (engine/cpython/PyCosts.java).

Prints one JSON line per measurement, in the same shape as the Go programs
(name, unit, n, min, p25, median, p75, p95, max, mean, samples, note), for
fidelity/run. Run with the system python3 (CPython 3.11 here).

  py.bytecode_loop     one iteration of `x = x + 1` in a for loop   (BYTECODE_NS)
  py.call              one call of an empty Python function          (BYTECODE_NS)
  py.object_new_del    create a small instance and drop it           (HEAP_OP_NS + DEALLOC_NS)
  py.thread_start      Thread(target=...).start() in the caller      (THREAD_START_NS)
  py.queue_op          q.put(x); q.get() in one thread               (QUEUE_OP_NS, per operation)
  py.queue_wake        put in one thread until a thread blocked in get() runs
                       (QUEUE_OP_NS + THREAD_WAKE_NS: lock, GIL hand-off, futex wake)
  py.sleep0            time.sleep(0)                                 (SLEEP0_NS)
  py.signal_signal     signal.signal(SIGUSR1, handler)               (SIGNAL_SIGNAL_NS)
  py.signal_eintr      kill from a helper thread until the Python handler runs while the
                       main thread sleeps in time.sleep (the C handler, EINTR, the GIL back,
                       PyErr_CheckSignals)  (SIGNAL_DELIVERY_NS + EINTR_NS + HANDLER_CALL_NS)
  py.gil_hold          how long one CPU-bound thread keeps the GIL while another wants it
                       (the switch interval, sys.getswitchinterval(), 5 ms)
  py.gc_collect_empty  gc.collect() with nothing extra tracked        (GC_BASE_NS)
  py.gc_per_object     gc.collect() cost per tracked container, from 200k lists (GC_PER_OBJECT_NS)
"""

import gc
import json
import os
import queue
import signal
import statistics
import sys
import threading
import time

now = time.perf_counter_ns


def emit(name, unit, samples, note):
    s = sorted(samples)

    def q(p):
        if not s:
            return 0
        pos = p * (len(s) - 1)
        lo, hi = int(pos), min(int(pos) + 1, len(s) - 1)
        return s[lo] * (1 - (pos - lo)) + s[hi] * (pos - lo)

    line = {"name": name, "unit": unit, "n": len(s), "min": s[0] if s else 0, "p25": q(0.25),
            "median": q(0.5), "p75": q(0.75), "p95": q(0.95), "max": s[-1] if s else 0,
            "mean": statistics.fmean(s) if s else 0, "samples": samples, "note": note}
    print(json.dumps(line), flush=True)


def per_op(fn, ops, batches=20):
    """Mean ns per operation over each batch of `ops` runs of fn(ops)."""
    out = []
    for _ in range(batches):
        t0 = now()
        fn(ops)
        out.append((now() - t0) / ops)
    return out


def loop(n):
    x = 0
    for _ in range(n):
        x = x + 1


def empty():
    pass


def calls(n):
    f = empty
    for _ in range(n):
        f()


class Small:
    __slots__ = ("a",)


def new_del(n):
    for _ in range(n):
        o = Small()
        del o


def thread_starts():
    out = []
    for _ in range(100):
        t = threading.Thread(target=empty)
        t0 = now()
        t.start()
        out.append(now() - t0)
        t.join()
    return out


def queue_ops(n):
    q = queue.Queue()
    for _ in range(n):
        q.put(1)
        q.get()


def queue_wakes():
    q, back = queue.Queue(), queue.Queue()

    def getter():
        while True:
            sent = q.get()
            if sent is None:
                return
            back.put(now() - sent)

    t = threading.Thread(target=getter)
    t.start()
    out = []
    for _ in range(300):
        time.sleep(0.001)  # the getter is surely blocked in the kernel
        q.put(now())
        out.append(back.get())
    q.put(None)
    t.join()
    return out


def sleep0(n):
    for _ in range(n):
        time.sleep(0)


def signal_signals(n):
    h = lambda signum, frame: None
    for _ in range(n):
        signal.signal(signal.SIGUSR1, h)
    signal.signal(signal.SIGUSR1, signal.SIG_DFL)


def signal_eintr():
    got = []
    sent = [0]
    signal.signal(signal.SIGUSR1, lambda signum, frame: got.append(now() - sent[0]))
    pid = os.getpid()

    def sender():
        for _ in range(100):
            time.sleep(0.003)  # main is asleep in time.sleep by now
            sent[0] = now()
            os.kill(pid, signal.SIGUSR1)

    t = threading.Thread(target=sender)
    t.start()
    while t.is_alive():
        time.sleep(0.002)  # each signal cuts one of these short (EINTR), then it is retried
    t.join()
    signal.signal(signal.SIGUSR1, signal.SIG_DFL)
    return got


def gil_holds():
    """Two CPU-bound threads; a hold is a stretch in which only one of them ran."""
    stamps = {0: [], 1: []}
    stop = [False]

    def spin(i):
        rec = stamps[i].append
        while not stop[0]:
            for _ in range(200):
                pass
            rec(now())

    ts = [threading.Thread(target=spin, args=(i,)) for i in (0, 1)]
    for t in ts:
        t.start()
    time.sleep(0.5)
    stop[0] = True
    for t in ts:
        t.join()
    events = sorted([(x, 0) for x in stamps[0]] + [(x, 1) for x in stamps[1]])
    holds, start, who = [], events[0][0], events[0][1]
    for x, i in events[1:]:
        if i != who:
            holds.append(x - start)
            start, who = x, i
    return holds[1:-1]


def gc_collects(extra):
    keep = [[] for _ in range(extra)]
    gc.collect()
    out = []
    for _ in range(10):
        t0 = now()
        gc.collect()
        out.append(now() - t0)
    del keep
    return out


def main():
    gc.disable()  # only the explicit collections below
    emit("py.bytecode_loop", "ns", per_op(loop, 1_000_000), "one `x = x + 1` loop iteration")
    emit("py.call", "ns", per_op(calls, 1_000_000), "one call of an empty Python function, loop included")
    emit("py.object_new_del", "ns", per_op(new_del, 500_000), "create a small object and drop it (refcount to 0, dealloc)")
    emit("py.thread_start", "ns", thread_starts(), "Thread.start() in the caller (it waits until the new thread has started)")
    emit("py.queue_op", "ns", [x / 2 for x in per_op(queue_ops, 20_000)], "one queue.Queue put or get, no waiting")
    emit("py.queue_wake", "ns", queue_wakes(), "put() until a thread blocked in get() runs with the item")
    emit("py.sleep0", "ns", per_op(sleep0, 200), "time.sleep(0)")
    emit("py.signal_signal", "ns", per_op(signal_signals, 10_000), "signal.signal(SIGUSR1, handler)")
    emit("py.signal_eintr", "ns", signal_eintr(), "kill from another thread until the Python handler runs, main in time.sleep")
    emit("py.gil_hold", "ns", gil_holds(), "one CPU-bound thread's turn with the GIL while another waits (switch interval %g s)" % sys.getswitchinterval())
    empty_gc = gc_collects(0)
    full_gc = gc_collects(200_000)
    emit("py.gc_collect_empty", "ns", empty_gc, "gc.collect() with only the interpreter's own objects")
    base = statistics.median(empty_gc)
    emit("py.gc_per_object", "ns", [(x - base) / 200_000 for x in full_gc], "gc.collect() per extra tracked container (200k empty lists)")


if __name__ == "__main__":
    main()
