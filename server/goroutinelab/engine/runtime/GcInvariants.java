package goroutinelab.engine.runtime;


import goroutinelab.engine.IntDeque;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The collector's invariants, checked after every step in tests. While marking
 * with the barrier on: no black object points at a white one (the strong
 * invariant: the runtime's barrier shades both pointers on every heap store);
 * a white object in an already-scanned stack is protected by a grey object
 * (the weak invariant the deletion half keeps). Always: every grey object is
 * in the grey queue, itself or as oblets (each entry once, the object's count
 * of oblets left matching); an object without pointers is never queued; a
 * fixed layout holds its fields; with the barrier on no reachable object is
 * freed, nor left white for the sweep. The collector's running counts (the
 * objects not yet freed, the marked bytes and objects) match the heap.
 */
final class GcInvariants {
    private final Collector c;
    private final List<String> broken = new ArrayList<>();

    GcInvariants(Collector c) {
        this.c = c;
    }

    List<String> check() {
        greyQueue();
        counts();
        if (c.phase == Collector.Phase._GCoff && c.sweepPending() && c.rt.writeBarrier && !c.barrierOffThisCycle) {
            noneLostAtSweep();
        }
        if (c.phase == Collector.Phase._GCmark && c.rt.writeBarrier && !c.lostWithBarrierOffThisCycle()) {
            strong();
            weak();
        }
        if (c.lostWithBarrier) {
            broken.add("an object was freed while reachable although the write barrier was on: " + c.lost);
        }
        return broken;
    }

    private void greyQueue() {
        // checked after every engine step: the sets are made only when something is queued
        boolean any = c.grey.size() > 0;
        Set<Long> seen = any ? new HashSet<>() : Set.of();
        java.util.Map<Integer, Integer> oblets = any ? new java.util.HashMap<>() : java.util.Map.of();
        Set<Integer> queued = any ? new HashSet<>() : Set.of();
        for (int i = 0; i < c.grey.size(); i++) {
            long entry = c.grey.get(i);
            int ref = Obj.refOf(entry);
            Obj o = ref >= 0 && ref < c.byRef.size() ? c.obj(ref) : null;
            String name = o == null ? "ref " + ref : o.entryName(entry);
            if (!seen.add(entry)) {
                broken.add("grey queue entry " + name + " is queued twice");
            }
            if (o == null || o.color != Obj.Color.grey) {
                broken.add(name + " is in the grey queue but " + (o == null ? "missing" : o.id + " is " + o.color));
                continue;
            }
            if (o.noscan()) {
                broken.add(o.id + " holds no pointers but is in the grey queue (greyobject blackens it)");
            }
            queued.add(ref);
            if (Obj.offsetOf(entry) > 0) {
                oblets.merge(ref, 1, Integer::sum);
            }
        }
        for (int ref = 0; ref < c.byRef.size(); ref++) {
            Obj o = c.obj(ref);
            if (o.ref != ref) {
                broken.add(o.id + " is ref " + ref + " but says " + o.ref);
            }
            if (o.color == Obj.Color.grey && (!any || !queued.contains(ref))) {
                broken.add(o.id + " is grey but neither it nor an oblet of it is queued");
            }
            int obletsQueued = any ? oblets.getOrDefault(ref, 0) : 0;
            if (o.obletsLeft != obletsQueued) {
                broken.add(o.id + " counts " + o.obletsLeft + " oblets left but " + obletsQueued + " are queued");
            }
            if (o.freed && o.color != Obj.Color.white) {
                broken.add(o.id + " is freed but " + o.color);
            }
            if (o.fixedLayout && o.fields.size() > o.pointerWords) {
                broken.add(o.id + " has " + o.fields.size() + " pointer fields in " + o.pointerWords + " pointer words");
            }
        }
        c.declared.forEach((id, o) -> {
            if (!o.id.equals(id) || c.obj(o.ref) != o) {
                broken.add("the lesson's object " + id + " is not the object its ref names");
            }
        });
    }

    /** The objects the sweeper walks are the ones not freed, each once; the marked totals add up. */
    private void counts() {
        // listed by ref: two objects listed under one ref is as broken as one object listed twice
        java.util.BitSet listedRefs = new java.util.BitSet(c.byRef.size());
        int listed = 0;
        int size = c.objs.size();
        for (int i = 0; i < size; i++) {
            if (c.sweepPending() && i >= c.sweepKept && i < c.sweepNext) {
                continue;
            }
            Obj o = c.objs.get(i);
            if (o.freed) {
                broken.add(o.id + " is freed but still listed for the sweeper");
            }
            if (listedRefs.get(o.ref)) {
                broken.add(o.id + " is listed twice for the sweeper");
            } else {
                listedRefs.set(o.ref);
                listed++;
            }
        }
        long bytes = 0;
        int count = 0;
        int notFreed = 0;
        for (Obj o : c.byRef) {
            if (o.freed) {
                continue;
            }
            notFreed++;
            if (o.color != Obj.Color.white) {
                bytes += o.size;
                count++;
            }
        }
        if (notFreed != listed) {
            broken.add(notFreed + " objects are not freed but " + listed + " are listed for the sweeper");
        }
        if (bytes != c.markedBytes || count != c.markedCount) {
            broken.add("the marked objects are " + count + " (" + bytes + " bytes) but the collector counts "
                    + c.markedCount + " (" + c.markedBytes + " bytes)");
        }
    }

    /**
     * With the barrier on the whole cycle, the objects left white for the sweep
     * are unreachable (the check mark termination no longer makes itself).
     */
    private void noneLostAtSweep() {
        java.util.BitSet reachable = null;
        for (int i = c.sweepNext; i < c.sweepEnd; i++) {
            Obj o = c.objs.get(i);
            if (o.color != Obj.Color.white) {
                continue;
            }
            if (reachable == null) {
                reachable = c.mark.reachable();
            }
            if (reachable.get(o.ref)) {
                broken.add(o.id + " is reachable but white, to be freed by the sweep, although the write barrier was on");
            }
        }
    }

    private void strong() {
        for (Obj o : c.byRef) {
            if (o.freed || o.color != Obj.Color.black) {
                continue;
            }
            for (int i = 0; i < o.fields.size(); i++) {
                int t = o.fields.ref(i);
                Obj target = t == Obj.NIL ? null : c.obj(t);
                if (target != null && !target.freed && target.color == Obj.Color.white) {
                    broken.add("black " + o.id + " points at white " + target.id + " while marking with the barrier on");
                }
            }
        }
    }

    private void weak() {
        for (G g : c.rt.gs.values()) {
            if (!g.alive() || !g.gcscandone) {
                continue;
            }
            for (int i = 0; i < g.locals.size(); i++) {
                int t = g.locals.ref(i);
                Obj target = t == Obj.NIL ? null : c.obj(t);
                if (target != null && !target.freed && target.color == Obj.Color.white && !greyProtected(t)) {
                    broken.add("scanned stack of G" + g.id + " holds white " + target.id + " that no grey object protects");
                }
            }
        }
    }

    /** A white object is protected when a path of white objects leads to it from a grey one. */
    private boolean greyProtected(int white) {
        IntDeque todo = new IntDeque(64);
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < c.grey.size(); i++) {
            int ref = Obj.refOf(c.grey.get(i));
            if (seen.add(ref)) {
                todo.addLast(ref);
            }
        }
        while (!todo.isEmpty()) {
            Obj o = c.obj(todo.pollFirst());
            for (int i = 0; i < o.fields.size(); i++) {
                int t = o.fields.ref(i);
                if (t == Obj.NIL) {
                    continue;
                }
                if (t == white) {
                    return true;
                }
                Obj n = c.obj(t);
                if (!n.freed && n.color == Obj.Color.white && seen.add(t)) {
                    todo.addLast(t);
                }
            }
        }
        return false;
    }
}
