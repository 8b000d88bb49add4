package goroutinelab.engine.runtime;


import java.util.ArrayDeque;
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
        Set<String> seen = new HashSet<>();
        java.util.Map<String, Integer> oblets = new java.util.HashMap<>();
        Set<String> queued = new HashSet<>();
        for (String entry : c.grey) {
            String id = Obj.idOf(entry);
            Obj o = c.heap.get(id);
            if (!seen.add(entry)) {
                broken.add("grey queue entry " + entry + " is queued twice");
            }
            if (o == null || o.color != Obj.Color.grey) {
                broken.add(entry + " is in the grey queue but " + id + " is " + (o == null ? "missing" : o.color));
                continue;
            }
            if (o.noscan()) {
                broken.add(id + " holds no pointers but is in the grey queue (greyobject blackens it)");
            }
            queued.add(id);
            if (Obj.offsetOf(entry) > 0) {
                oblets.merge(id, 1, Integer::sum);
            }
        }
        for (Obj o : c.heap.values()) {
            if (o.color == Obj.Color.grey && !queued.contains(o.id)) {
                broken.add(o.id + " is grey but neither it nor an oblet of it is queued");
            }
            if (o.obletsLeft != oblets.getOrDefault(o.id, 0)) {
                broken.add(o.id + " counts " + o.obletsLeft + " oblets left but " + oblets.getOrDefault(o.id, 0) + " are queued");
            }
            if (o.freed && o.color != Obj.Color.white) {
                broken.add(o.id + " is freed but " + o.color);
            }
            if (o.fixedLayout && o.fields.size() > o.pointerWords) {
                broken.add(o.id + " has " + o.fields.size() + " pointer fields in " + o.pointerWords + " pointer words");
            }
        }
    }

    /** The objects the sweeper walks are the ones not freed, each once; the marked totals add up. */
    private void counts() {
        Set<Obj> listed = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        int size = c.objs.size();
        for (int i = 0; i < size; i++) {
            if (c.sweepPending() && i >= c.sweepKept && i < c.sweepNext) {
                continue;
            }
            Obj o = c.objs.get(i);
            if (o.freed) {
                broken.add(o.id + " is freed but still listed for the sweeper");
            }
            if (!listed.add(o)) {
                broken.add(o.id + " is listed twice for the sweeper");
            }
        }
        long bytes = 0;
        int count = 0;
        int notFreed = 0;
        for (Obj o : c.heap.values()) {
            if (o.freed) {
                continue;
            }
            notFreed++;
            if (o.color != Obj.Color.white) {
                bytes += o.size;
                count++;
            }
        }
        if (notFreed != listed.size()) {
            broken.add(notFreed + " objects are not freed but " + listed.size() + " are listed for the sweeper");
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
        Set<String> reachable = null;
        for (int i = c.sweepNext; i < c.sweepEnd; i++) {
            Obj o = c.objs.get(i);
            if (o.color != Obj.Color.white) {
                continue;
            }
            if (reachable == null) {
                reachable = c.mark.reachable();
            }
            if (reachable.contains(o.id)) {
                broken.add(o.id + " is reachable but white, to be freed by the sweep, although the write barrier was on");
            }
        }
    }

    private void strong() {
        for (Obj o : c.heap.values()) {
            if (o.freed || o.color != Obj.Color.black) {
                continue;
            }
            for (String t : o.fields.values()) {
                Obj target = t == null ? null : c.heap.get(t);
                if (target != null && !target.freed && target.color == Obj.Color.white) {
                    broken.add("black " + o.id + " points at white " + t + " while marking with the barrier on");
                }
            }
        }
    }

    private void weak() {
        for (G g : c.rt.gs.values()) {
            if (!g.alive() || !g.gcscandone) {
                continue;
            }
            for (String t : g.locals.values()) {
                Obj target = t == null ? null : c.heap.get(t);
                if (target != null && !target.freed && target.color == Obj.Color.white && !greyProtected(t)) {
                    broken.add("scanned stack of G" + g.id + " holds white " + t + " that no grey object protects");
                }
            }
        }
    }

    /** A white object is protected when a path of white objects leads to it from a grey one. */
    private boolean greyProtected(String white) {
        ArrayDeque<String> todo = new ArrayDeque<>(c.grey);
        Set<String> seen = new HashSet<>(todo);
        while (!todo.isEmpty()) {
            Obj o = c.heap.get(todo.pollFirst());
            for (String t : o.fields.values()) {
                if (t == null) {
                    continue;
                }
                if (t.equals(white)) {
                    return true;
                }
                Obj n = c.heap.get(t);
                if (n != null && !n.freed && n.color == Obj.Color.white && seen.add(t)) {
                    todo.addLast(t);
                }
            }
        }
        return false;
    }
}
