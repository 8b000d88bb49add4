package goroutinelab.engine.runtime;

import goroutinelab.engine.EventKind;
import goroutinelab.engine.Fmt;
import goroutinelab.engine.Op;
import goroutinelab.engine.Text;

/**
 * The program's heap ops (runtime/malloc.go, mbarrier.go): {@code alloc}
 * (mallocgc: pay assist debt first, a noscan span for an object without
 * pointers, allocate black while marking, start a cycle at the trigger; it
 * costs a fixed part and the zeroing of its bytes), {@code store} (a pointer
 * write into a heap object or a global: the write barrier while marking),
 * {@code load} and {@code clear} (stack slots: no barrier). Dereferencing nil
 * panics; touching an object the collector freed is the crash a lost object
 * leads to; storing a pointer into an object whose type has no pointer word
 * for it is a fatal error (in Go the compiler would refuse it).
 */
final class HeapOps {
    private final Collector c;
    private final GoRuntime rt;
    /**
     * An op's operand split once: {@code global.name} (var null), {@code var.field}
     * or a plain local (field null). A cache keyed by the operand's text, not state.
     */
    private record Path(String var, String field) {
        static Path of(String text) {
            if (text.startsWith("global.")) {
                return new Path(null, text.substring("global.".length()));
            }
            int dot = text.indexOf('.');
            return dot < 0 ? new Path(text, null) : new Path(text.substring(0, dot), text.substring(dot + 1));
        }
    }

    private final transient java.util.HashMap<String, Path> paths = new java.util.HashMap<>();

    HeapOps(Collector c) {
        this.c = c;
        this.rt = c.rt;
    }

    long alloc(M m, G g, Op.Alloc a) {
        if (g.progress == 0 && c.blackenEnabled) {
            g.assistBytes -= a.sizeBytes();
            if (g.assistBytes < 0) {
                g.progress = 1;
                c.assists++;
                rt.emit(EventKind.GC_ASSIST_ALLOC, g.id, m.id, m.p, new Text(
                        "G{0} wants {1} while the collector marks; its assist credit falls to -{2}: before allocating, gcAssistAlloc makes it pay with mark work",
                        "G{0} 在标记期间申请 {1}；其辅助额度降到 -{2}：分配之前，gcAssistAlloc 要它先用标记工作来偿还",
                        g.id, new Fmt.Bytes(a.sizeBytes()), new Fmt.Bytes(-g.assistBytes)), "debt", -g.assistBytes);
                rt.then(m, Act.ASSIST);
                return Costs.RUNTIME_NS;
            }
        }
        String id = "o" + c.objgen++;
        while (c.declared.containsKey(id)) {
            id = "o" + c.objgen++;
        }
        int slot = c.reusableSlot();
        Obj o = new Obj(id, slot < 0 ? c.byRef.size() : slot, c.made++, a.sizeBytes(), a.pointerWords());
        boolean black = c.phase != Collector.Phase._GCoff;
        if (black) {
            // gcmarknewobject: allocate black
            o.color = Obj.Color.black;
            c.marked(o);
        }
        if (slot < 0) {
            c.byRef.add(o);
        } else {
            c.byRef.set(slot, o);
        }
        c.objs.add(o);
        c.heapLive += a.sizeBytes();
        c.heapScan += o.scanBytes();
        g.locals.put(a.to(), o.ref);
        Interp.advance(g);
        Text layout = o.noscan() ? new Text(", no pointers: a noscan span", "，没有指针：noscan span")
                : new Text(", {0} pointer word(s)", "，{0} 个指针字", o.pointerWords);
        rt.emit(EventKind.MALLOCGC, g.id, m.id, m.p, new Text(
                "G{0} allocates {1} ({2}{7}) into {3}{4}; heapLive {5}{6}",
                "G{0} 分配 {1}（{2}{7}）给 {3}{4}；heapLive 为 {5}{6}",
                g.id, id, new Fmt.Bytes(a.sizeBytes()), a.to(),
                black ? new Text(": allocated black, the collector is marking", "：分配为黑色，回收器正在标记") : Text.EMPTY,
                new Fmt.Bytes(c.heapLive),
                rt.cfg.gcOff() ? new Text(" (GOGC=off: no GC)", "（GOGC=off：不做 GC）")
                        : c.phase != Collector.Phase._GCoff ? new Text(" (a cycle is under way; its goal is {0})", "（一轮 GC 正在进行；目标为 {0}）", new Fmt.Bytes(c.heapGoal))
                        : new Text(" (the next GC starts at {0})", "（下一轮 GC 在 {0} 开始）", new Fmt.Bytes(c.trigger)),
                layout),
                "obj", id, "size", a.sizeBytes(), "black", black, "noscan", o.noscan());
        if (c.cycle.heapTriggered()) {
            c.cycle.requestStart(m, new Text("heapLive {0} reached the trigger {1} (the goal is {2})",
                    "heapLive {0} 达到触发点 {1}（目标为 {2}）", new Fmt.Bytes(c.heapLive), new Fmt.Bytes(c.trigger), new Fmt.Bytes(c.heapGoal)),
                    false);
        } else {
            rt.then(m, Act.RUN);
        }
        return GcCosts.malloc(a.sizeBytes());
    }

    long store(M m, G g, Op.Store s) {
        int nu = s.src() == null ? Obj.NIL : g.locals.get(s.src());
        String dst = s.dst();
        Path to = path(dst);
        int old;
        if (to.var() == null) {
            old = c.globals.put(to.field(), nu);
        } else {
            Obj target = deref(m, g, to.var());
            if (target == null) {
                return GoRuntime.KEEP;
            }
            String field = to.field();
            if (!target.fields.has(field) && !roomFor(m, g, target, field)) {
                return GoRuntime.KEEP;
            }
            old = target.fields.put(field, nu);
        }
        Interp.advance(g);
        if (c.phase != Collector.Phase._GCoff) {
            c.mark.writeBarrier(m, g, dst, old, nu);
        }
        rt.then(m, Act.RUN);
        return 5;
    }

    long load(M m, G g, Op.Load l) {
        Path from = path(l.src());
        int value;
        if (from.var() == null) {
            value = c.globals.get(from.field());
        } else if (from.field() != null) {
            Obj o = deref(m, g, from.var());
            if (o == null) {
                return GoRuntime.KEEP;
            }
            value = o.fields.get(from.field());
        } else {
            value = g.locals.get(from.var());
        }
        g.locals.put(l.dst(), value);
        Interp.advance(g);
        rt.then(m, Act.RUN);
        return 5;
    }

    private Path path(String text) {
        Path p = paths.get(text);
        if (p == null) {
            p = Path.of(text);
            paths.put(text, p);
        }
        return p;
    }

    long clear(M m, G g, Op.Clear cl) {
        g.locals.put(cl.var(), Obj.NIL);
        Interp.advance(g);
        rt.then(m, Act.RUN);
        return 2;
    }

    /**
     * A new pointer field in o: an object whose layout follows its fields gets
     * one more pointer word; one whose layout the lesson gave must have a
     * pointer word free, or the program stops with a fatal error.
     */
    private boolean roomFor(M m, G g, Obj o, String field) {
        if (!o.fixedLayout) {
            long before = o.scanBytes();
            o.pointerWords = Math.max(o.pointerWords, o.fields.size() + 1L);
            c.heapScan += o.scanBytes() - before;
            return true;
        }
        if (o.fields.size() < o.pointerWords) {
            return true;
        }
        Text why = o.pointerWords == 0
                ? new Text("{0} has no pointer words (the lesson declared it without pointers)", "{0} 没有指针字（课程声明它不含指针）", o.id)
                : new Text("all {1} of {0}'s pointer words are taken ({2})", "{0} 的全部 {1} 个指针字都已占用（{2}）",
                        o.id, o.pointerWords, o.fields.namesText());
        rt.crash(m, g, EventKind.THROW, new Text(
                "fatal error: G{0} stores a pointer into {1}.{2}, but {3}: in Go the type of {1} has no such pointer field, and the program would not compile",
                "fatal error: G{0} 把指针存入 {1}.{2}，但 {3}：在 Go 里 {1} 的类型没有这个指针字段，程序根本无法编译",
                g.id, o.id, field, why), 2);
        return false;
    }

    /** The object a local points to; a nil pointer panics, a freed object is fatal. Null after a crash. */
    private Obj deref(M m, G g, String var) {
        int ref = g.locals.get(var);
        if (ref == Obj.NIL) {
            rt.crash(m, g, EventKind.PANIC, new Text(
                    "panic: runtime error: invalid memory address or nil pointer dereference [G{0}: {1} is nil]",
                    "panic: runtime error: invalid memory address or nil pointer dereference [G{0}：{1} 为 nil]", g.id, var), 2);
            return null;
        }
        Obj o = c.obj(ref);
        String id = o.id;
        if (o.freed) {
            rt.crash(m, g, EventKind.THROW, new Text(
                    "fatal error: G{0} uses {1} through {2}, but the collector freed {1}: a reachable object was lost (the write barrier was off)",
                    "fatal error: G{0} 通过 {2} 使用 {1}，但回收器已经释放了 {1}：一个可达对象丢失了（写屏障被关闭）", g.id, id, var), 2);
            return null;
        }
        return o;
    }
}
