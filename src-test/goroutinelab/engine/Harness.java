package goroutinelab.engine;

import goroutinelab.engine.cpython.Interpreter;
import goroutinelab.engine.runtime.GoRuntime;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Drives an engine in tests: builds small programs, steps with the invariants
 * checked after every step, and keeps every event for assertions.
 */
public final class Harness {
    public final Engine engine;
    public final List<Event> events = new ArrayList<>();
    private final boolean checkInvariants;

    public Harness(Engine engine, boolean checkInvariants) {
        this.engine = engine;
        this.checkInvariants = checkInvariants;
    }

    public static Harness go(Program prog, RuntimeConfig cfg) {
        return new Harness(new GoRuntime(prog, cfg), true);
    }

    public static Harness go(Program prog, int gomaxprocs) {
        return go(prog, RuntimeConfig.DEFAULT.withGomaxprocs(gomaxprocs));
    }

    /** The interpreter model (engine/cpython) on the same program. */
    public static Harness cpython(Program prog, RuntimeConfig cfg) {
        return new Harness(new Interpreter(prog, cfg), true);
    }

    public static Harness cpython(Program prog) {
        return cpython(prog, RuntimeConfig.DEFAULT);
    }

    /** One step; fails loudly with the event log tail if an invariant breaks. */
    public Event step() {
        Event e = engine.step();
        if (e != null) {
            events.add(e);
        }
        if (checkInvariants) {
            List<String> broken = engine.checkInvariants();
            if (!broken.isEmpty()) {
                throw new AssertionError("invariants broken after " + e + ": " + broken + "\n" + tail(15));
            }
        }
        return e;
    }

    /** Steps until an event matches (returns it), or fails after limit steps. */
    public Event until(Predicate<Event> p, int limit) {
        for (int i = 0; i < limit; i++) {
            Event e = step();
            if (e == null) {
                throw new AssertionError("run ended before the condition held\n" + tail(15));
            }
            if (p.test(e)) {
                return e;
            }
        }
        throw new AssertionError("condition not met within " + limit + " steps\n" + tail(15));
    }

    public Event until(EventKind kind) {
        return until(e -> e.kind() == kind, 100_000);
    }

    /** Steps while the next event is not after t (the event past t is kept and returned). */
    public void runUntilTime(long t) {
        while (!engine.ended() && engine.now() < t) {
            Event e = step();
            if (e == null) {
                return;
            }
        }
    }

    public void runToEnd(int limit) {
        for (int i = 0; i < limit && !engine.ended(); i++) {
            if (step() == null) {
                return;
            }
        }
        if (!engine.ended()) {
            throw new AssertionError("did not end within " + limit + " steps\n" + tail(15));
        }
    }

    public List<EventKind> kinds() {
        return events.stream().map(Event::kind).toList();
    }

    public String tail(int n) {
        StringBuilder sb = new StringBuilder();
        for (Event e : events.subList(Math.max(0, events.size() - n), events.size())) {
            sb.append("  ").append(e).append('\n');
        }
        return sb.toString();
    }

    /** Reads a snapshot path such as {@code p.0.runq} or {@code g.5.status}. */
    @SuppressWarnings("unchecked")
    public Object at(String path) {
        Object cur = engine.snapshot();
        for (String key : path.split("\\.")) {
            if (cur instanceof Map<?, ?> m) {
                cur = ((Map<String, Object>) m).get(key);
            } else if (cur instanceof List<?> l && key.equals("length")) {
                cur = l.size();
            } else {
                return null;
            }
        }
        return cur;
    }

    /** A program builder: {@code prog().fn("main", ops...).fn("w", ops...).build()}. */
    public static ProgBuilder prog() {
        return new ProgBuilder();
    }

    public static final class ProgBuilder {
        private final Map<String, List<Op>> fns = new LinkedHashMap<>();
        private final Map<String, Integer> chans = new LinkedHashMap<>();
        private Program.HeapSpec heap = Program.HeapSpec.EMPTY;
        private final List<Program.TimedInjection> inj = new ArrayList<>();

        public ProgBuilder fn(String name, Op... ops) {
            fns.put(name, List.of(ops));
            return this;
        }

        public ProgBuilder chan(String name, int cap) {
            chans.put(name, cap);
            return this;
        }

        public ProgBuilder heap(Program.HeapSpec h) {
            heap = h;
            return this;
        }

        public ProgBuilder inject(long at, Injection i) {
            inj.add(new Program.TimedInjection(at, i));
            return this;
        }

        public Program build() {
            return new Program(fns, chans, heap, inj);
        }
    }

    public static long us(long n) {
        return n * 1_000;
    }

    public static long ms(long n) {
        return n * 1_000_000;
    }
}
