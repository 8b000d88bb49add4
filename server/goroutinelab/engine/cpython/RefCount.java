package goroutinelab.engine.cpython;

import goroutinelab.engine.EventKind;
import goroutinelab.engine.Fmt;
import goroutinelab.engine.Op;
import goroutinelab.engine.Program;
import goroutinelab.engine.Text;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Memory under reference counting (Objects/object.c, Include/object.h) and
 * the cycle collector (Modules/gcmodule.c).
 *
 * <p>Every reference to an object (a global, a thread's local, another
 * object's field) counts in its ob_refcnt. A reference write (Py_SETREF)
 * counts the new value first and then lets go of the old one; when a count
 * reaches 0, _Py_Dealloc frees the object at once, inside the same bytecode,
 * and lets go of its own references, which may free more objects in turn.
 * The model shows each _Py_Dealloc as one step, done by the thread that
 * dropped the last reference, before its next bytecode.
 *
 * <p>Objects in a reference cycle keep each other's counts above 0 and are
 * never freed this way. gc.collect() finds them: CPython copies each tracked
 * object's count, subtracts the references tracked objects hold to each
 * other, and treats what is left as outside references (update_refs,
 * subtract_refs, move_unreachable). The model reaches the same set more
 * directly, by walking from the roots (globals, every live thread's locals);
 * it then clears the unreachable objects' references (tp_clear), and their
 * counts fall to 0. A missing name or field reads as None, as if the lesson's
 * class declared every field with a None default; only None.field raises.
 */
final class RefCount {
    private final Interpreter py;

    RefCount(Interpreter py) {
        this.py = py;
    }

    /** The lesson's heap: objects, globals, main's locals; other functions' locals wait for their thread. */
    void boot(PyThread main) {
        Program.HeapSpec h = py.prog.heap();
        h.objects().forEach((id, spec) -> {
            PyObj o = new PyObj(id, spec.sizeBytes());
            spec.fields().forEach(o.fields::put);
            py.objects.put(id, o);
        });
        py.globals.putAll(h.globals());
        h.locals().forEach((fn, vars) -> {
            if (fn.equals("main")) {
                main.locals.putAll(vars);
            } else {
                py.pendingLocals.put(fn, new LinkedHashMap<>(vars));
            }
        });
        for (String id : references()) {
            py.objects.get(id).refcount++;
        }
        for (PyObj o : py.objects.values()) {
            if (o.refcount == 0) {
                o.dying = true;
                py.deallocQueue.addLast(o.id);
            }
        }
    }

    /** Every reference held now, one entry per reference (an object appears once per reference to it). */
    List<String> references() {
        List<String> refs = new ArrayList<>();
        py.globals.values().forEach(v -> addRef(refs, v));
        for (PyThread t : py.threads.values()) {
            t.locals.values().forEach(v -> addRef(refs, v));
        }
        py.pendingLocals.values().forEach(vars -> vars.values().forEach(v -> addRef(refs, v)));
        for (PyObj o : py.objects.values()) {
            if (!o.freed) {
                o.fields.values().forEach(v -> addRef(refs, v));
            }
        }
        return refs;
    }

    private static void addRef(List<String> refs, String v) {
        if (v != null) {
            refs.add(v);
        }
    }

    /** A new thread running a function with declared locals takes them over (the first such thread only). */
    void adoptLocals(PyThread t) {
        LinkedHashMap<String, String> vars = py.pendingLocals.remove(t.fn);
        if (vars != null) {
            t.locals.putAll(vars);
        }
    }

    /** The thread's function returned: its locals go (silently); true if that started deallocations. */
    boolean releaseLocals(PyThread t) {
        List<String> held = new ArrayList<>(t.locals.values());
        t.locals.clear();
        for (String id : held) {
            decref(id);
        }
        return !py.deallocQueue.isEmpty();
    }

    private PyObj obj(String id) {
        PyObj o = py.objects.get(id);
        if (o == null || o.freed) {
            throw new IllegalStateException("refcount: object " + id + " is " + (o == null ? "unknown" : "freed"));
        }
        return o;
    }

    private void incref(String id) {
        if (id != null) {
            obj(id).refcount++;
        }
    }

    private void decref(String id) {
        if (id == null) {
            return;
        }
        PyObj o = obj(id);
        if (o.refcount <= 0) {
            throw new IllegalStateException("Py_DECREF: " + id + " has refcount " + o.refcount);
        }
        o.refcount--;
        if (o.refcount == 0) {
            o.dying = true;
            py.deallocQueue.addLast(id);
        }
    }

    /** "A (1 → 0)". */
    private Text countChange(String id, long before) {
        return new Text("{0} ({1} → {2})", "{0}（{1} → {2}）", id, before, py.objects.get(id).refcount);
    }

    void alloc(PyThread t, Op.Alloc a) {
        String id = "o" + (++py.allocSeq);
        PyObj o = new PyObj(id, a.sizeBytes());
        py.objects.put(id, o);
        o.refcount = 1;
        String old = t.locals.put(a.to(), id);
        long before = old == null ? 0 : py.objects.get(old).refcount;
        decref(old);
        t.top().advance();
        py.emit(EventKind.PY_ALLOC, t, new Text("{0} allocates {1} ({2}) and binds it to {3}: PyType_GenericAlloc, refcount 1{4}",
                "{0} 分配 {1}（{2}）并绑定到 {3}：PyType_GenericAlloc，引用计数为 1{4}", t, id, Fmt.bytes(a.sizeBytes()), a.to(),
                old == null ? Text.EMPTY : new Text("; the old value of {0} drops: {1}", "；{0} 原来的值被释放引用：{1}", a.to(), countChange(old, before))),
                "obj", id, "size", a.sizeBytes());
        t.set(PyThread.Act.RUN, py.now() + PyCosts.HEAP_OP_NS);
    }

    void store(PyThread t, Op.Store s) {
        String value;
        try {
            value = s.src() == null ? null : read(t, s.src());
        } catch (NoneAttribute e) {
            raise(t, e);
            return;
        }
        setRef(t, s.dst(), value, s.src() == null ? "None" : s.src());
    }

    void load(PyThread t, Op.Load l) {
        String value;
        try {
            value = read(t, l.src());
        } catch (NoneAttribute e) {
            raise(t, e);
            return;
        }
        setRef(t, l.dst(), value, l.src());
    }

    void clear(PyThread t, Op.Clear c) {
        setRef(t, c.var(), null, "None");
    }

    /** Py_SETREF at a slot: count the new value, then let go of the old one. */
    private void setRef(PyThread t, String dst, String value, String srcText) {
        Map<String, String> slot;
        String key;
        String label;
        if (dst.startsWith("global.")) {
            slot = py.globals;
            key = dst.substring("global.".length());
            label = key;
        } else if (dst.contains(".")) {
            String var = dst.substring(0, dst.indexOf('.'));
            String holder = t.locals.get(var);
            if (holder == null) {
                raise(t, new NoneAttribute(var, dst.substring(dst.indexOf('.') + 1)));
                return;
            }
            slot = obj(holder).fields;
            key = dst.substring(dst.indexOf('.') + 1);
            label = holder + "." + key;
        } else {
            slot = t.locals;
            key = dst;
            label = dst;
        }
        incref(value);
        long newCount = value == null ? 0 : py.objects.get(value).refcount;
        String old = value == null ? slot.remove(key) : slot.put(key, value);
        long oldBefore = old == null ? 0 : py.objects.get(old).refcount;
        decref(old);
        t.top().advance();
        Text inc = value == null ? Text.EMPTY
                : new Text("Py_INCREF({0}) → {1}", "Py_INCREF({0}) → {1}", value, newCount);
        Text dec = old == null ? Text.EMPTY
                : new Text("{0}Py_DECREF of the old value {1}", "{0}对旧值 {1} 执行 Py_DECREF",
                value == null ? Text.EMPTY : new Text(", ", "，"), countChange(old, oldBefore));
        py.emit(EventKind.PY_SETREF, t, new Text("{0} sets {1} = {2} (Py_SETREF){3}{4}{5}",
                "{0} 执行 {1} = {2}（Py_SETREF）{3}{4}{5}", t, dst, srcText,
                value == null && old == null ? Text.EMPTY : new Text(": ", "："), inc, dec),
                "slot", label, "obj", value, "old", old);
        t.set(PyThread.Act.RUN, py.now() + PyCosts.HEAP_OP_NS);
    }

    /** The object a name, global or field holds (null for None). */
    private String read(PyThread t, String expr) {
        if (expr.startsWith("global.")) {
            return py.globals.get(expr.substring("global.".length()));
        }
        int dot = expr.indexOf('.');
        if (dot < 0) {
            return t.locals.get(expr);
        }
        String var = expr.substring(0, dot);
        String holder = t.locals.get(var);
        if (holder == null) {
            throw new NoneAttribute(var, expr.substring(dot + 1));
        }
        return obj(holder).fields.get(expr.substring(dot + 1));
    }

    private static final class NoneAttribute extends RuntimeException {
        final String var;
        final String field;

        NoneAttribute(String var, String field) {
            super(null, null, false, false);
            this.var = var;
            this.field = field;
        }
    }

    private void raise(PyThread t, NoneAttribute e) {
        py.threading.excepthook(t, "AttributeError", new Text(
                "{0} reads {1}.{2} while {1} is None, which raises AttributeError (\"'NoneType' object has no attribute '{2}'\")",
                "{0} 在 {1} 为 None 时读取 {1}.{2}，抛出 AttributeError（\"'NoneType' object has no attribute '{2}'\"）",
                t, e.var, e.field));
    }

    /** _Py_Dealloc of the next object whose count reached 0; t, which dropped the reference, does it. */
    void dealloc(PyThread t) {
        String id = py.deallocQueue.pollFirst();
        PyObj o = py.objects.get(id);
        List<String> released = new ArrayList<>(o.fields.values());
        released.removeIf(v -> v == null);
        o.fields.clear();
        o.freed = true;
        o.dying = false;
        List<Text> drops = new ArrayList<>();
        for (String r : released) {
            long before = py.objects.get(r).refcount;
            decref(r);
            drops.add(countChange(r, before));
        }
        StringBuilder en = new StringBuilder();
        StringBuilder zh = new StringBuilder();
        for (Text d : drops) {
            en.append(en.length() == 0 ? "" : ", ").append(d.in("en"));
            zh.append(zh.length() == 0 ? "" : "，").append(d.in("zh"));
        }
        py.emit(EventKind.DEALLOC, t, new Text("{0}'s refcount is 0: _Py_Dealloc frees it at once ({1}), in {2}'s current bytecode{3}",
                "{0} 的引用计数为 0：_Py_Dealloc 立即释放它（{1}），就在 {2} 当前的字节码里{3}", id, Fmt.bytes(o.sizeBytes), t,
                released.isEmpty() ? Text.EMPTY
                        : new Text("; it lets go of what it referenced: {0}", "；它释放对所引用对象的引用：{0}", new Text(en.toString(), zh.toString()))),
                "obj", id, "size", o.sizeBytes);
        t.set(PyThread.Act.RUN, py.now() + PyCosts.DEALLOC_NS);
    }

    /** gc.collect() (fromOp) or a collection scheduled from outside: free what no root reaches. */
    void collect(PyThread t, boolean fromOp) {
        py.gcScheduled = false;
        Set<String> reachable = new LinkedHashSet<>();
        ArrayDeque<String> work = new ArrayDeque<>();
        List<String> roots = new ArrayList<>();
        py.globals.values().forEach(v -> addRef(roots, v));
        for (PyThread th : py.threads.values()) {
            th.locals.values().forEach(v -> addRef(roots, v));
        }
        py.pendingLocals.values().forEach(vars -> vars.values().forEach(v -> addRef(roots, v)));
        for (String r : roots) {
            if (reachable.add(r)) {
                work.add(r);
            }
        }
        while (!work.isEmpty()) {
            for (String f : py.objects.get(work.poll()).fields.values()) {
                if (f != null && reachable.add(f)) {
                    work.add(f);
                }
            }
        }
        List<String> garbage = new ArrayList<>();
        int tracked = 0;
        for (PyObj o : py.objects.values()) {
            if (!o.freed) {
                tracked++;
                if (!o.dying && !reachable.contains(o.id)) {
                    garbage.add(o.id);
                }
            }
        }
        for (String id : garbage) {
            PyObj o = py.objects.get(id);
            List<String> refs = new ArrayList<>(o.fields.values());
            o.fields.clear();
            for (String r : refs) {
                decref(r);
            }
        }
        if (fromOp) {
            t.top().advance();
        }
        Text who = fromOp ? new Text("{0} calls gc.collect()", "{0} 调用 gc.collect()", t)
                : new Text("{0} runs the collection scheduled through the eval breaker", "{0} 运行经由 eval breaker 安排的垃圾回收", t);
        py.emit(EventKind.GC_COLLECT, t, garbage.isEmpty()
                        ? new Text("{0}: a full collection of the {1} tracked objects finds no unreachable cycle",
                        "{0}：对 {1} 个被跟踪对象做完整回收，没有发现不可达的循环", who, tracked)
                        : new Text("{0}: a full collection finds {1} unreachable though their counts are above 0 (reference cycles, which counting alone never frees) and clears their references (tp_clear), so their counts fall to 0",
                        "{0}：完整回收发现 {1} 不可达，但引用计数仍大于 0（引用计数本身永远释放不了的循环引用），于是清除它们的引用（tp_clear），计数降到 0",
                        who, String.join(", ", garbage)),
                "garbage", garbage);
        t.set(PyThread.Act.RUN, py.now() + PyCosts.GC_BASE_NS + tracked * PyCosts.GC_PER_OBJECT_NS);
    }
}
