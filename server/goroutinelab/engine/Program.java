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

    /**
     * A declared heap object: its size, its pointer fields (field name to
     * object id, or null), and how many of its words, from its start, may
     * hold pointers: its type's pointer prefix (Go's {@code ptrdata}), which
     * is what {@code scanobject} reads. 0 means it holds no pointers (a
     * {@code noscan} object, like a {@code []byte}); {@link #FOLLOW_FIELDS}
     * means the lesson did not say, and the object's pointer words are its
     * fields (none: no pointers).
     */
    public record ObjectSpec(long sizeBytes, Map<String, String> fields, long pointerWords) {
        /** The lesson did not say: one pointer word per field, the fields first (no fields: no pointers). */
        public static final long FOLLOW_FIELDS = -1;

        public ObjectSpec {
            fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
            if (pointerWords < FOLLOW_FIELDS) {
                throw new IllegalArgumentException("ObjectSpec: pointerWords " + pointerWords + " is negative");
            }
        }

        /** An object whose pointer words are its fields. */
        public ObjectSpec(long sizeBytes, Map<String, String> fields) {
            this(sizeBytes, fields, FOLLOW_FIELDS);
        }

        /** {@code pointers: true}: every word may hold a pointer (a {@code []*T}). */
        public static long allWords(long sizeBytes) {
            return sizeBytes / 8;
        }
    }

    /** An external event the lesson schedules at a simulated time. */
    public record TimedInjection(long atNs, Injection injection) {}
}
