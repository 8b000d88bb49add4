package goroutinelab.engine;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a lesson runs: its functions (main runs as G1), channels, initial heap
 * and timed injections. Immutable; one program is shared by every copy of a world.
 */
public record Program(
        Map<String, List<Op>> functions,
        Map<String, Integer> channels,
        HeapSpec heap,
        List<TimedInjection> injections) {

    public Program {
        functions = Collections.unmodifiableMap(new LinkedHashMap<>(functions));
        channels = Collections.unmodifiableMap(new LinkedHashMap<>(channels));
        heap = heap == null ? HeapSpec.EMPTY : heap;
        injections = List.copyOf(injections);
        if (!functions.containsKey("main")) {
            throw new IllegalArgumentException("Program: function main is required");
        }
    }

    /** A program made of functions only. */
    public static Program of(Map<String, List<Op>> functions) {
        return new Program(functions, Map.of(), HeapSpec.EMPTY, List.of());
    }

    public List<Op> function(String name) {
        List<Op> body = functions.get(name);
        if (body == null) {
            throw new IllegalArgumentException("Program: no function " + name);
        }
        return body;
    }

    /** The heap a lesson declares: objects with pointer fields, globals, and main's locals. */
    public record HeapSpec(Map<String, ObjectSpec> objects, Map<String, String> globals,
                           Map<String, Map<String, String>> locals) {
        public static final HeapSpec EMPTY = new HeapSpec(Map.of(), Map.of(), Map.of());

        public HeapSpec {
            objects = Collections.unmodifiableMap(new LinkedHashMap<>(objects));
            globals = Collections.unmodifiableMap(new LinkedHashMap<>(globals));
            locals = Collections.unmodifiableMap(new LinkedHashMap<>(locals));
        }
    }

    /** A declared heap object: its size and its pointer fields (field name to object id, or null). */
    public record ObjectSpec(long sizeBytes, Map<String, String> fields) {
        public ObjectSpec {
            fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        }
    }

    /** An external event the lesson schedules at a simulated time. */
    public record TimedInjection(long atNs, Injection injection) {}
}
