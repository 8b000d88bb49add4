package goroutinelab.engine.cpython;

import goroutinelab.engine.Event;
import goroutinelab.engine.Harness;
import goroutinelab.engine.Injection;
import goroutinelab.engine.Op;
import goroutinelab.engine.Program;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static goroutinelab.engine.EventKind.DEALLOC;
import static goroutinelab.engine.EventKind.GC_COLLECT;
import static goroutinelab.engine.Harness.prog;
import static goroutinelab.engine.Harness.us;
import static org.assertj.core.api.Assertions.assertThat;

/** Reference counting (Objects/object.c) and gc.collect() for cycles (Modules/gcmodule.c). */
class RefCountTest {

    private static Program.HeapSpec chain() {
        return new Program.HeapSpec(
                Map.of("A", new Program.ObjectSpec(1024, Map.of("next", "B")),
                        "B", new Program.ObjectSpec(1024, Map.of())),
                Map.of("root", "A"), Map.of());
    }

    @Test
    void droppingTheLastReferenceFreesAtOnceAndCascades() {
        Harness h = Harness.cpython(prog().heap(chain())
                .fn("main", new Op.Compute(us(10)), new Op.Store("global.root", null), new Op.Compute(us(10))).build());
        assertThat(h.at("cpython.heap.A.refcount")).isEqualTo(1L);
        assertThat(h.at("cpython.heap.B.refcount")).isEqualTo(1L);
        h.runToEnd(100);
        assertThat(PyTrace.of(h)).containsExactly("py_setref T1", "dealloc T1", "dealloc T1", "py_exit T1");
        assertThat(h.events.get(1).detail()).containsEntry("obj", "A");
        assertThat(h.events.get(2).detail()).containsEntry("obj", "B");
        // freed within the same bytecode: before main's next compute
        assertThat(h.events.get(2).time() - h.events.get(0).time()).isLessThan(us(1));
        assertThat(h.at("cpython.heap.A.freed")).isEqualTo(true);
        assertThat(h.at("cpython.heap.B.freed")).isEqualTo(true);
    }

    @Test
    void aCycleSurvivesCountingAndOnlyGcCollectFreesIt() {
        Harness h = Harness.cpython(prog()
                .fn("main", new Op.Alloc("a", 64), new Op.Alloc("b", 64),
                        new Op.Store("a.next", "b"), new Op.Store("b.next", "a"),
                        new Op.Clear("a"), new Op.Clear("b"), new Op.Compute(us(10)), new Op.Gc(), new Op.Compute(us(10)))
                .build());
        h.until(e -> e.kind() == GC_COLLECT, 100);
        assertThat(h.events).noneMatch(e -> e.kind() == DEALLOC && !e.equals(h.events.get(h.events.size() - 1)));
        Event gc = h.events.get(h.events.size() - 1);
        assertThat(gc.detail().get("garbage")).isEqualTo(List.of("o1", "o2"));
        h.runToEnd(100);
        assertThat(PyTrace.of(h, DEALLOC)).hasSize(2);
        assertThat(h.at("cpython.heap.o1.freed")).isEqualTo(true);
        assertThat(h.at("cpython.heap.o2.freed")).isEqualTo(true);
    }

    @Test
    void aThreadsLocalsGoWhenItsFunctionReturns() {
        Harness h = Harness.cpython(prog()
                .fn("main", new Op.Go("w", 1), new Op.Compute(us(10)))
                .fn("w", new Op.Alloc("x", 1024), new Op.Compute(us(10))).build());
        h.runToEnd(200);
        Event free = PyTrace.first(h, DEALLOC, 2);
        assertThat(free.detail()).containsEntry("obj", "o1");
        assertThat(h.at("cpython.locals")).isEqualTo(Map.of());
    }

    @Test
    void anUnreferencedDeclaredObjectIsFreedAtOnceAndAForcedCollectionRunsAtTheNextCheck() {
        Program.HeapSpec heap = new Program.HeapSpec(Map.of("C", new Program.ObjectSpec(1024, Map.of())), Map.of(), Map.of());
        Harness h = Harness.cpython(prog().heap(heap).fn("main", new Op.Compute(us(100))).build());
        Event first = h.step();
        assertThat(first.kind()).isEqualTo(DEALLOC);
        h.engine.inject(new Injection.ForceGc());
        assertThat(h.at("cpython.evalBreaker")).isEqualTo(true);
        assertThat(h.step().kind().wire()).isEqualTo("eval_breaker");
        assertThat(h.step().kind()).isEqualTo(GC_COLLECT);
    }

    @Test
    void readingAFieldOfNoneRaisesAttributeErrorInThatThread() {
        Harness h = Harness.cpython(prog()
                .fn("main", new Op.Load("y", "x.next"), new Op.Compute(us(10))).build());
        h.runToEnd(100);
        assertThat(PyTrace.of(h)).containsExactly("excepthook T1", "py_exit T1");
        assertThat(h.at("process.exitCode")).isEqualTo(1);
    }
}
