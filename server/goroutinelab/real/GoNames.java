package goroutinelab.real;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Go identifiers for the names a lesson uses. A lesson's name reaches the Go
 * source only after it has matched {@link #IDENT} (ASCII letters, digits and
 * underscores, at most 40 characters) and has been checked against Go's
 * keywords, its predeclared identifiers and the names the lab's own template
 * uses; a name that collides gets a numbered suffix instead. One allocator
 * holds one scope: the package, or one function's locals (which see the
 * package's names as taken, so a local never shadows a function it calls).
 */
final class GoNames {
    /** What a lesson name must look like to become part of a Go identifier. */
    static final Pattern IDENT = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,39}");

    static final Set<String> KEYWORDS = Set.of(
            "break", "case", "chan", "const", "continue", "default", "defer", "else", "fallthrough", "for",
            "func", "go", "goto", "if", "import", "interface", "map", "package", "range", "return", "select",
            "struct", "switch", "type", "var", "_");

    /** Go's keywords and predeclared identifiers: never a lesson's name in the source. */
    static final Set<String> GO_WORDS = Set.of(
            "break", "case", "chan", "const", "continue", "default", "defer", "else", "fallthrough", "for",
            "func", "go", "goto", "if", "import", "interface", "map", "package", "range", "return", "select",
            "struct", "switch", "type", "var",
            "any", "bool", "byte", "comparable", "complex64", "complex128", "error", "float32", "float64",
            "int", "int8", "int16", "int32", "int64", "rune", "string", "uint", "uint8", "uint16", "uint32",
            "uint64", "uintptr", "true", "false", "iota", "nil", "append", "cap", "clear", "close", "complex",
            "copy", "delete", "imag", "len", "make", "max", "min", "new", "panic", "print", "println", "real",
            "recover", "_");

    /** The packages the program imports, and every package-level name of the lab's template. */
    static final Set<String> TEMPLATE_WORDS = Set.of(
            "C", "context", "flag", "fmt", "os", "signal", "runtime", "debug", "trace", "strconv", "strings",
            "sync", "syscall", "time", "unsafe",
            "main", "init", "lessonMain", "buildHeap", "heap", "object", "newObject", "settings", "injection",
            "begin", "end", "stopTrace", "check", "catchFatal", "signalAt", "monotonicNow", "setGC", "afterFirstGC",
            "spawn", "notify", "asked", "calibrate", "threadCPU", "mix", "computeStep", "compute", "loop", "loopN", "nanosleep", "netread",
            "cgoCall", "traceFile", "calibration", "computeRate", "loopRate", "sink", "traceOut", "stopOnce",
            "labCtx", "i", "payload");

    private final Set<String> taken = new HashSet<>();
    private final Map<String, String> given = new LinkedHashMap<>();
    private final Map<String, Integer> next = new HashMap<>();

    /** A scope where Go's words and the template's are taken. */
    GoNames() {
        taken.addAll(GO_WORDS);
        taken.addAll(TEMPLATE_WORDS);
    }

    /**
     * A scope of struct fields (a heap object's pointer fields, the heap table's
     * objects): only Go's keywords and the given names are taken there, since a
     * field never hides a package-level name.
     */
    static GoNames fields(String... taken) {
        GoNames n = new GoNames();
        n.taken.clear();
        n.taken.addAll(KEYWORDS);
        n.taken.addAll(List.of(taken));
        return n;
    }

    /** A nested scope: everything the outer scope gave out is taken here too. */
    GoNames(GoNames outer) {
        this();
        taken.addAll(outer.taken);
    }

    /** Whether a lesson's name may become (part of) a Go identifier. */
    static boolean valid(String name) {
        return name != null && IDENT.matcher(name).matches();
    }

    /**
     * The Go identifier for a lesson name in a kind of thing (function,
     * channel, global...): the same name every time it is asked again, the
     * name itself when it is free, else the name with a numbered suffix.
     */
    String name(String kind, String lessonName) {
        if (!valid(lessonName)) {
            throw new IllegalArgumentException("GoNames.name: not a valid name: " + describe(lessonName));
        }
        String key = kind + "\u0000" + lessonName;
        String have = given.get(key);
        if (have != null) {
            return have;
        }
        String go = lessonName;
        while (taken.contains(go)) {
            int n = next.merge(lessonName, 1, Integer::sum) + 1;
            go = lessonName + "_" + n;
        }
        taken.add(go);
        given.put(key, go);
        return go;
    }

    /** Takes a fixed name for the template's own use in this scope (it must be free). */
    void reserve(String goName) {
        taken.add(goName);
    }

    /** A name said safely in an error message: quoted and cut short, with unusual characters escaped. */
    static String describe(String s) {
        if (s == null) {
            return "(none)";
        }
        StringBuilder sb = new StringBuilder("'");
        int n = 0;
        for (int i = 0; i < s.length() && n < 40; i++, n++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x7f && c != '\'') {
                sb.append(c);
            } else {
                sb.append(String.format("\\u%04x", (int) c));
            }
        }
        if (s.length() > 40) {
            sb.append("...");
        }
        return sb.append('\'').toString();
    }
}
