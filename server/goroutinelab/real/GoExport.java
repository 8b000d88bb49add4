package goroutinelab.real;

import com.fasterxml.jackson.databind.JsonNode;
import goroutinelab.engine.Injection;
import goroutinelab.engine.Op;
import goroutinelab.engine.RuntimeConfig;
import goroutinelab.lesson.Lesson;
import goroutinelab.lesson.LessonError;
import goroutinelab.lesson.LessonLoader;
import goroutinelab.lesson.YamlTree;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A lesson's program as a real Go program (main.go), op by op, each statement
 * with a comment naming the lesson line it came from.
 *
 * <p>The source is built only from the lab's own template ({@link GoTemplate})
 * and what this class formats itself: names that have matched
 * {@link GoNames#IDENT} and been given out by a {@link GoNames} scope, numbers,
 * and fixed words chosen from fixed tables (signal names, for instance). No
 * text typed into the lesson (titles, narration, unknown values) reaches it.
 *
 * <p>What each op becomes: {@code compute} is a calibrated loop of function
 * calls (each call's prologue is a cooperative preemption point), {@code loop}
 * a calibrated loop without calls, {@code syscall} nanosleep(2), {@code cgo} a
 * C function that computes, {@code sleep} time.Sleep, {@code netread} a read
 * through the netpoller of a descriptor whose data arrives on time (a
 * timerfd), channels are channels, heap ops touch objects with pointer fields,
 * {@code gc} is runtime.GC(), {@code notify} signal.Notify, and an injected
 * signal is sent to the process by a kernel timer at its time.
 */
public final class GoExport {
    private static final Pattern LESSON_ID = Pattern.compile("^[a-z0-9]+(-[a-z0-9]+)*$");
    private static final long DEFAULT_HEAP_MINIMUM = 4L << 20;

    /** The signals a lesson may name, and the Go constants for them. */
    private static final Map<String, String> SIGNALS = Map.of(
            "SIGUSR1", "syscall.SIGUSR1", "SIGUSR2", "syscall.SIGUSR2", "SIGINT", "syscall.SIGINT",
            "SIGTERM", "syscall.SIGTERM", "SIGHUP", "syscall.SIGHUP", "SIGURG", "syscall.SIGURG",
            "SIGPIPE", "syscall.SIGPIPE");
    /** Signals that end a Go program which did not ask for them (runtime/sigtab_linux_generic.go: _SigKill). */
    private static final Set<String> FATAL = Set.of("SIGHUP", "SIGINT", "SIGTERM");

    /**
     * An exported program and what the runner needs to know about it.
     *
     * @param lessonId        the lesson's id
     * @param source          main.go
     * @param cgo             whether it calls C (building it needs a C compiler)
     * @param cgoLine         the lesson line of the first cgo op (0 if none)
     * @param gomaxprocs      the lesson's GOMAXPROCS
     * @param asyncPreemptOff whether it must run with GODEBUG=asyncpreemptoff=1
     * @param heap            whether the lesson has a heap (then the run also asks for gctrace)
     * @param fatalSignals    injected signals that may end the process (its exit status is then 128 + the number):
     *                        those the lesson never asks for, and those that may come before it asks
     * @param notified        the signals the lesson asks for with notify
     * @param differences     where the real program cannot do what the model does, one sentence each
     */
    public record GoProgram(String lessonId, String source, boolean cgo, int cgoLine, int gomaxprocs,
                          boolean asyncPreemptOff, boolean heap, List<String> fatalSignals, List<String> notified,
                          List<String> differences) {
        /** The GODEBUG the program must run with. */
        public String godebug(boolean gctrace) {
            List<String> parts = new ArrayList<>();
            if (asyncPreemptOff) {
                parts.add("asyncpreemptoff=1");
            }
            if (gctrace) {
                parts.add("gctrace=1");
            }
            return String.join(",", parts);
        }
    }

    private final Lesson lesson;
    private final YamlTree tree;
    private final String file;
    private final goroutinelab.engine.Program program;
    private final GoNames pkg = new GoNames();
    private final GoNames fields = GoNames.fields("payload");
    private final GoNames objects = GoNames.fields();
    private final Map<String, String> functionNames = new LinkedHashMap<>();
    private final Map<String, String> channelNames = new LinkedHashMap<>();
    private final Map<String, String> globalNames = new LinkedHashMap<>();
    private final Set<String> signalChannels = new LinkedHashSet<>();
    /** Channels that carry the lesson's pointers (send: {value} or recv: {to}): chan *object. */
    private final Set<String> pointerChannels = new LinkedHashSet<>();
    private final Set<String> notified = new LinkedHashSet<>();
    private final List<String> differences = new ArrayList<>();
    private int cgoLine;
    private boolean heapUsed;

    private GoExport(Lesson lesson, YamlTree tree) {
        this.lesson = lesson;
        this.tree = tree;
        this.file = "lessons/" + lesson.id() + ".yaml";
        this.program = lesson.program();
    }

    /** Loads a lesson file and exports it. */
    public static GoProgram export(Path path) throws ExportError, LessonError {
        String text;
        try {
            if (Files.size(path) > YamlTree.MAX_CHARS * 4L) {
                throw new ExportError(path.getFileName() + ": the file is too large for a lesson ("
                        + Files.size(path) + " bytes; at most " + YamlTree.MAX_CHARS + " characters)");
            }
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ExportError(path.getFileName() + ": cannot read (" + e.getClass().getSimpleName() + ")");
        }
        String name = path.getFileName().toString();
        String id = name.endsWith(".yaml") ? name.substring(0, name.length() - 5) : name;
        return export(LessonLoader.parse(text, path.toString(), id), text);
    }

    /** Exports a lesson loaded from {@code text} (the same text: the positions come from it). */
    public static GoProgram export(Lesson lesson, String text) throws ExportError {
        if (lesson.model() == Lesson.Model.CPYTHON) {
            throw new ExportError("lesson " + lesson.id() + " models the CPython interpreter only: it has no Go program to export");
        }
        if (!LESSON_ID.matcher(lesson.id()).matches() || lesson.id().length() > 64) {
            throw new ExportError("lesson id " + GoNames.describe(lesson.id()) + " is not lower-case letters, digits and dashes");
        }
        YamlTree tree;
        try {
            tree = YamlTree.parse(text, "lessons/" + lesson.id() + ".yaml");
        } catch (LessonError e) {
            throw new ExportError(e.getMessage());
        }
        return new GoExport(lesson, tree).write();
    }

    // ---- names -------------------------------------------------------------------------------------------

    private String at(String pointer) {
        return file + ":" + tree.valueAt(pointer).line();
    }

    private String keyAt(String pointer) {
        return file + ":" + tree.keyAt(pointer).line();
    }

    private void requireName(String name, String what, String pointer) throws ExportError {
        if (!GoNames.valid(name)) {
            throw new ExportError(at(pointer) + ": " + what + " " + GoNames.describe(name)
                    + " cannot become a Go name: expected letters, digits and _ (not starting with a digit), at most 40");
        }
    }

    private void nameEverything() throws ExportError {
        functionNames.put("main", "lessonMain"); // a name of the template: no lesson name can take it
        for (String fn : program.functions().keySet()) {
            requireName(fn, "function", YamlTree.child("/functions", fn));
            if (!fn.equals("main")) {
                functionNames.put(fn, pkg.name("function", fn));
            }
        }
        for (String ch : program.channels().keySet()) {
            requireName(ch, "channel", YamlTree.child("/channels", ch));
            channelNames.put(ch, pkg.name("channel", ch));
        }
        goroutinelab.engine.Program.HeapSpec heap = program.heap();
        for (Map.Entry<String, goroutinelab.engine.Program.ObjectSpec> o : heap.objects().entrySet()) {
            String ptr = YamlTree.child("/heap/objects", o.getKey());
            requireName(o.getKey(), "heap object", ptr);
            objects.name("object", o.getKey());
            for (String f : o.getValue().fields().keySet()) {
                requireName(f, "field", YamlTree.child(YamlTree.child(ptr, "fields"), f));
                fields.name("field", f);
            }
        }
        for (String g : heap.globals().keySet()) {
            requireName(g, "global", YamlTree.child("/heap/globals", g));
            globalNames.put(g, pkg.name("global", g));
        }
        for (Map.Entry<String, Map<String, String>> l : heap.locals().entrySet()) {
            for (String v : l.getValue().keySet()) {
                requireName(v, "local", YamlTree.child(YamlTree.child("/heap/locals", l.getKey()), v));
            }
        }
        heapUsed = !heap.objects().isEmpty();
        for (Map.Entry<String, List<Op>> f : program.functions().entrySet()) {
            scanOps(f.getValue(), YamlTree.child("/functions", f.getKey()));
        }
    }

    /** Finds what the ops use: field and global names, signal channels, notified signals, cgo. */
    private void scanOps(List<Op> ops, String ptr) throws ExportError {
        for (int i = 0; i < ops.size(); i++) {
            Op op = ops.get(i);
            String p = YamlTree.child(ptr, i);
            if (op instanceof Op.Alloc || op instanceof Op.Store || op instanceof Op.Load || op instanceof Op.Clear) {
                heapUsed = true;
            }
            if (op instanceof Op.Store s) {
                fieldOrGlobal(s.dst(), p);
                if (!isNil(s.src())) {
                    fieldOrGlobal(s.src(), p);
                }
            } else if (op instanceof Op.Load l) {
                fieldOrGlobal(l.src(), p);
                requireName(l.dst(), "local", p);
            } else if (op instanceof Op.Alloc a) {
                requireName(a.to(), "local", p);
            } else if (op instanceof Op.Clear c) {
                requireName(c.var(), "local", p);
            } else if (op instanceof Op.Send s && s.value() != null) {
                requireName(s.value(), "local", p);
                pointerChannels.add(s.chan());
                heapUsed = true;
            } else if (op instanceof Op.Recv r && r.to() != null) {
                requireName(r.to(), "local", p);
                pointerChannels.add(r.chan());
                heapUsed = true;
            } else if (op instanceof Op.Notify n) {
                if (n.chan() == null) {
                    throw new ExportError(at(p) + ": notify with a handler is the interpreter's signal.signal; "
                            + "a Go program asks for a channel (notify: {signal: ..., chan: ...})");
                }
                signalChannels.add(n.chan());
                notified.add(n.signal());
                signal(n.signal(), p);
            } else if (op instanceof Op.Syscall s && s.cgo() && cgoLine == 0) {
                cgoLine = tree.valueAt(p).line();
            } else if (op instanceof Op.Repeat r) {
                scanOps(r.body(), YamlTree.child(YamlTree.child(p, "repeat"), "do"));
            }
        }
    }

    /** {@code var.field}, {@code global.name} or a plain local: each part must be a name. */
    private void fieldOrGlobal(String ref, String ptr) throws ExportError {
        String[] parts = ref.split("\\.", -1);
        if (parts.length > 2) {
            throw new ExportError(at(ptr) + ": " + GoNames.describe(ref) + " is not var.field, global.name or a local");
        }
        for (String part : parts) {
            requireName(part, "name", ptr);
        }
        if (parts.length == 2) {
            if (parts[0].equals("global")) {
                globalNames.computeIfAbsent(parts[1], g -> pkg.name("global", g));
            } else {
                fields.name("field", parts[1]);
            }
        }
    }

    private String signal(String name, String ptr) throws ExportError {
        String go = SIGNALS.get(name);
        if (go == null) {
            throw new ExportError(at(ptr) + ": signal " + GoNames.describe(name) + " is not one the lab knows: "
                    + String.join(", ", new java.util.TreeSet<>(SIGNALS.keySet())));
        }
        return go;
    }

    // ---- the program ---------------------------------------------------------------------------------------

    private GoProgram write() throws ExportError {
        nameEverything();
        RuntimeConfig cfg = lesson.runtime();
        noteDifferences(cfg);
        GoWriter w = new GoWriter();
        header(w, cfg);
        w.line("package main").line("");
        if (cgoLine > 0) {
            w.raw(GoTemplate.CGO_PREAMBLE).line("");
        }
        w.raw(GoTemplate.IMPORTS);
        channels(w);
        heap(w);
        List<String> fatal = new ArrayList<>();
        mainFunction(w, cfg, fatal);
        for (Map.Entry<String, List<Op>> f : program.functions().entrySet()) {
            function(w, f.getKey(), f.getValue());
        }
        if (cgoLine > 0) {
            w.raw(GoTemplate.CGO_HELPER);
        }
        w.raw(GoTemplate.HELPERS);
        return new GoProgram(lesson.id(), w.toString(), cgoLine > 0, cgoLine, cfg.gomaxprocs(), !cfg.asyncPreemption(),
                heapUsed, List.copyOf(fatal), List.copyOf(notified), List.copyOf(differences));
    }

    private void noteDifferences(RuntimeConfig cfg) {
        differences.add("The real scheduler is not seeded: each run may order things differently, and times vary with the machine and its load.");
        if (cfg.runqSize() != 256) {
            differences.add("runqSize " + cfg.runqSize() + ": a real P's run queue always holds 256 goroutines; the program cannot shrink it.");
        }
        if (!cfg.writeBarrier()) {
            differences.add("The write barrier cannot be switched off in a real program.");
        }
        if (cfg.heapMinimumBytes() != DEFAULT_HEAP_MINIMUM && !cfg.gcOff()) {
            differences.add("heapMinimum " + cfg.heapMinimumBytes() + " bytes: the runtime's own is 4 MB at GOGC=100, so the program runs with GOGC="
                    + Math.max(1, 100 * cfg.heapMinimumBytes() / DEFAULT_HEAP_MINIMUM) + " until its first cycle ends, then with GOGC=" + cfg.gogc() + ".");
        }
        if (!program.heap().objects().isEmpty()) {
            differences.add("The declared heap objects stay reachable from the program's table of them (heap) for the whole run, so none of them can be collected.");
        }
        if (program.functions().values().stream().anyMatch(GoExport::hasNetread)) {
            differences.add("netread reads a timerfd through the netpoller: the data arrives from the kernel on time, where a socket's would come from a peer.");
        }
        for (int i = 0; i < lesson.steps().size(); i++) {
            for (Injection in : lesson.steps().get(i).inject()) {
                if (in instanceof Injection.SetSwitch s) {
                    differences.add("Step " + (i + 1) + " (" + file + ":" + lesson.steps().get(i).pos().line() + ") switches "
                            + ("asyncPreemption".equals(s.name()) ? "async preemption" : "the write barrier")
                            + " mid-run; a real program cannot (GODEBUG is read once, at start), so the real run keeps the lesson's starting setting.");
                }
            }
        }
    }

    private static boolean hasNetread(List<Op> ops) {
        for (Op op : ops) {
            if (op instanceof Op.NetRead || (op instanceof Op.Repeat r && hasNetread(r.body()))) {
                return true;
            }
        }
        return false;
    }

    private void header(GoWriter w, RuntimeConfig cfg) {
        w.line("// Code generated by goroutine-lab from " + file + ". DO NOT EDIT.");
        w.line("");
        w.line("// Command " + lesson.id() + " is the program of the goroutine-lab lesson " + lesson.id() + ",");
        w.line("// written out op by op: each statement's comment names the lesson line it came from.");
        w.line("// It runs on Linux. The lab builds and runs it as (goroutine-lab real " + file + "):");
        w.line("//");
        String env = new GoProgram(lesson.id(), "", false, 0, cfg.gomaxprocs(), !cfg.asyncPreemption(), heapUsed, List.of(), List.of(), List.of())
                .godebug(heapUsed);
        w.line("//\tgo build -o lesson . && " + (env.isEmpty() ? "" : "GODEBUG=" + env + " ") + "./lesson -trace trace.out");
        w.line("//\tgo tool trace -d trace.out");
        w.line("//");
        w.line("// Where this program cannot do what the lesson's model does:");
        w.line("//");
        for (String d : differences) {
            wrapComment(w, "   - ", "     ", d);
        }
    }

    /** A sentence from this class's own fixed text (with numbers and validated names), wrapped as a comment. */
    private static void wrapComment(GoWriter w, String first, String rest, String text) {
        StringBuilder line = new StringBuilder("//" + first);
        for (String word : text.split(" ")) {
            if (line.length() + word.length() > 96 && line.length() > ("//" + first).length()) {
                w.line(line.toString().stripTrailing());
                line = new StringBuilder("//" + rest);
            }
            line.append(word).append(' ');
        }
        w.line(line.toString().stripTrailing());
    }

    private void channels(GoWriter w) {
        if (program.channels().isEmpty()) {
            return;
        }
        w.line("");
        w.line("// The lesson's channels (" + keyAt("/channels") + ").");
        w.openParen("var");
        for (Map.Entry<String, Integer> c : program.channels().entrySet()) {
            String type = signalChannels.contains(c.getKey()) ? "os.Signal" : pointerChannels.contains(c.getKey()) ? "*object" : "int";
            int cap = c.getValue();
            w.cells(channelNames.get(c.getKey()), "= make(chan " + type + (cap > 0 ? ", " + cap : "") + ")",
                    "// " + keyAt(YamlTree.child("/channels", c.getKey())));
        }
        w.closeParen();
    }

    private void heap(GoWriter w) {
        if (!heapUsed) {
            return;
        }
        w.line("");
        w.line("// object is a heap object of the lesson: its pointer fields, and payload bytes that give it its size.");
        w.open("type object struct");
        Set<String> fs = new LinkedHashSet<>();
        program.heap().objects().values().forEach(o -> fs.addAll(o.fields().keySet()));
        for (List<Op> ops : program.functions().values()) {
            collectFields(ops, fs);
        }
        for (String f : fs) {
            w.cells(fields.name("field", f), "*object");
        }
        w.cells("payload", "[]byte");
        w.close();
        w.line("");
        w.line("// newObject allocates an object of the given size on the heap (never inlined, so it escapes).");
        w.line("//");
        w.line("//go:noinline");
        w.open("func newObject(size int) *object");
        w.line("return &object{payload: make([]byte, size)}");
        w.close();
        if (!globalNames.isEmpty()) {
            w.line("");
            w.line("// The lesson's globals (" + (program.heap().globals().isEmpty() ? file : keyAt("/heap/globals")) + ").");
            w.openParen("var");
            for (Map.Entry<String, String> g : globalNames.entrySet()) {
                if (program.heap().globals().containsKey(g.getKey())) {
                    w.cells(g.getValue(), "*object", "// " + keyAt(YamlTree.child("/heap/globals", g.getKey())));
                } else {
                    w.cells(g.getValue(), "*object");
                }
            }
            w.closeParen();
        }
        if (program.heap().objects().isEmpty()) {
            return;
        }
        w.line("");
        w.line("// heap holds every object the lesson declares (" + keyAt("/heap/objects") + "): they exist before main starts.");
        w.open("var heap struct");
        for (String id : program.heap().objects().keySet()) {
            w.cells(objects.name("object", id), "*object");
        }
        w.close();
        buildHeap(w);
    }

    private static void collectFields(List<Op> ops, Set<String> out) {
        for (Op op : ops) {
            if (op instanceof Op.Store s) {
                field(s.dst(), out);
                if (!isNil(s.src())) {
                    field(s.src(), out);
                }
            } else if (op instanceof Op.Load l) {
                field(l.src(), out);
            } else if (op instanceof Op.Repeat r) {
                collectFields(r.body(), out);
            }
        }
    }

    private static void field(String ref, Set<String> out) {
        int dot = ref.indexOf('.');
        if (dot > 0 && !ref.startsWith("global.")) {
            out.add(ref.substring(dot + 1));
        }
    }

    private void buildHeap(GoWriter w) {
        w.line("");
        w.line("// buildHeap makes the lesson's heap before the trace starts.");
        w.open("func buildHeap()");
        for (Map.Entry<String, goroutinelab.engine.Program.ObjectSpec> o : program.heap().objects().entrySet()) {
            w.line("heap." + objects.name("object", o.getKey()) + " = newObject(" + size(o.getValue().sizeBytes()) + ")",
                    keyAt(YamlTree.child("/heap/objects", o.getKey())));
        }
        for (Map.Entry<String, goroutinelab.engine.Program.ObjectSpec> o : program.heap().objects().entrySet()) {
            String ptr = YamlTree.child("/heap/objects", o.getKey());
            for (Map.Entry<String, String> f : o.getValue().fields().entrySet()) {
                if (f.getValue() != null) {
                    w.line("heap." + objects.name("object", o.getKey()) + "." + fields.name("field", f.getKey())
                            + " = heap." + objects.name("object", f.getValue()), at(YamlTree.child(YamlTree.child(ptr, "fields"), f.getKey())));
                }
            }
        }
        for (Map.Entry<String, String> g : program.heap().globals().entrySet()) {
            if (g.getValue() != null) {
                w.line(globalNames.get(g.getKey()) + " = heap." + objects.name("object", g.getValue()),
                        keyAt(YamlTree.child("/heap/globals", g.getKey())));
            }
        }
        w.close();
    }

    private void mainFunction(GoWriter w, RuntimeConfig cfg, List<String> fatal) throws ExportError {
        w.line("");
        w.open("func main()");
        if (!program.heap().objects().isEmpty()) {
            w.line("buildHeap()");
        }
        String settings = "settings{procs: " + cfg.gomaxprocs() + ", gcPercent: " + (cfg.gcOff() ? -1 : cfg.gogc())
                + (cfg.heapMinimumBytes() != DEFAULT_HEAP_MINIMUM ? ", heapMinimum: " + size(cfg.heapMinimumBytes()) : "")
                + (!cfg.asyncPreemption() ? ", asyncPreemptOff: true" : "") + "}";
        List<String[]> injections = injections(fatal);
        String runtimeLine = tree.root.has("runtime") ? keyAt("/runtime") : file;
        if (injections.isEmpty()) {
            w.line("begin(" + settings + ", nil)", runtimeLine);
        } else {
            w.line("begin(" + settings + ", []injection{", runtimeLine).indent();
            for (String[] in : injections) {
                w.line(in[0] + ",", in[1]);
            }
            w.dedent().line("})");
        }
        w.line("lessonMain()");
        w.line("end()");
        w.close();
    }

    /** Each injection as a Go composite literal and its comment, in the lesson's order. */
    private List<String[]> injections(List<String> fatal) throws ExportError {
        List<String[]> out = new ArrayList<>();
        List<goroutinelab.engine.Program.TimedInjection> timed = program.injections();
        JsonNode inj = tree.root.get("inject");
        for (int i = 0; i < timed.size(); i++) {
            // the loader makes one injection per inject entry
            String ptr = inj != null && i < inj.size() ? YamlTree.child("/inject", i) : "/inject";
            out.add(injection(timed.get(i).atNs(), timed.get(i).injection(), at(ptr), fatal, ptr));
        }
        ModelRun model = null;
        for (int s = 0; s < lesson.steps().size(); s++) {
            for (Injection in : lesson.steps().get(s).inject()) {
                if (in instanceof Injection.SetSwitch) {
                    continue;
                }
                if (model == null) {
                    model = ModelRun.play(lesson);
                }
                long atNs = s < model.stepStartNs().size() ? model.stepStartNs().get(s) : model.endNs();
                String comment = file + ":" + lesson.steps().get(s).pos().line() + " (step " + (s + 1) + ", at the model's time)";
                out.add(injection(atNs, in, comment, fatal, YamlTree.child(YamlTree.child("/steps", s), "inject")));
            }
        }
        return out;
    }

    private String[] injection(long atNs, Injection in, String comment, List<String> fatal, String ptr) throws ExportError {
        String at = "at: " + duration(atNs);
        if (in instanceof Injection.Signal s) {
            String sig = signal(s.name(), ptr);
            // a signal the program may not have asked for yet when it comes: the lab catches it
            boolean mayKill = FATAL.contains(s.name());
            if (mayKill && !fatal.contains(s.name())) {
                fatal.add(s.name());
            }
            return new String[]{"{" + at + ", signal: " + sig + (mayKill ? ", fatal: true" : "") + "}", comment};
        }
        if (in instanceof Injection.ForceGc) {
            return new String[]{"{" + at + ", gc: true}", comment};
        }
        if (in instanceof Injection.StartGoroutine g) {
            String fn = functionNames.get(g.fn());
            if (fn == null) {
                throw new ExportError(comment + ": unknown function " + GoNames.describe(g.fn()));
            }
            return new String[]{"{" + at + ", start: " + fn + ", name: \"" + g.fn() + "\"}", comment};
        }
        throw new ExportError(comment + ": this injection has no real counterpart");
    }

    // ---- functions and ops ---------------------------------------------------------------------------------

    private void function(GoWriter w, String name, List<Op> ops) throws ExportError {
        String ptr = YamlTree.child("/functions", name);
        GoNames locals = new GoNames(pkg);
        Map<String, String> vars = new LinkedHashMap<>();
        Map<String, String> initial = program.heap().locals().getOrDefault(name, Map.of());
        for (String v : initial.keySet()) {
            vars.put(v, locals.name("local", v));
        }
        collectLocals(ops, locals, vars);
        w.line("");
        String goName = functionNames.get(name);
        if (name.equals("main")) {
            w.line("// lessonMain is the lesson's main (" + keyAt(ptr) + "); it runs as G1.");
        } else {
            w.line("// " + goName + " is the lesson's function " + name + " (" + keyAt(ptr) + ").");
        }
        w.open("func " + goName + "()");
        for (Map.Entry<String, String> v : vars.entrySet()) {
            String from = initial.get(v.getKey());
            String where = initial.containsKey(v.getKey())
                    ? keyAt(YamlTree.child(YamlTree.child("/heap/locals", name), v.getKey())) : null;
            w.line("var " + v.getValue() + " *object" + (from != null ? " = heap." + objects.name("object", from) : ""), where);
        }
        ops(w, ops, ptr, vars);
        if (!vars.isEmpty()) {
            w.line("// the lesson's locals are roots until the function returns");
            for (String v : vars.values()) {
                w.line("runtime.KeepAlive(" + v + ")");
            }
        }
        w.close();
    }

    private static void collectLocals(List<Op> ops, GoNames locals, Map<String, String> vars) {
        for (Op op : ops) {
            List<String> names = new ArrayList<>();
            if (op instanceof Op.Alloc a) {
                names.add(a.to());
            } else if (op instanceof Op.Load l) {
                names.add(l.dst());
                names.add(l.src());
            } else if (op instanceof Op.Store s) {
                names.add(s.dst());
                if (!isNil(s.src())) {
                    names.add(s.src());
                }
            } else if (op instanceof Op.Clear c) {
                names.add(c.var());
            } else if (op instanceof Op.Send s && s.value() != null) {
                names.add(s.value());
            } else if (op instanceof Op.Recv r && r.to() != null) {
                names.add(r.to());
            } else if (op instanceof Op.Repeat r) {
                collectLocals(r.body(), locals, vars);
            }
            for (String n : names) {
                String var = n.contains(".") ? n.substring(0, n.indexOf('.')) : n;
                if (!var.equals("global") && !vars.containsKey(var)) {
                    vars.put(var, locals.name("local", var));
                }
            }
        }
    }

    private void ops(GoWriter w, List<Op> ops, String ptr, Map<String, String> vars) throws ExportError {
        for (int i = 0; i < ops.size(); i++) {
            op(w, ops.get(i), YamlTree.child(ptr, i), vars);
        }
    }

    private void op(GoWriter w, Op op, String ptr, Map<String, String> vars) throws ExportError {
        String where = at(ptr);
        if (op instanceof Op.Compute c) {
            w.line("compute(" + duration(c.durationNs()) + ")", where);
        } else if (op instanceof Op.Loop l) {
            w.line("loop(" + duration(l.durationNs()) + ")", where);
        } else if (op instanceof Op.Call c) {
            w.line(functionNames.get(c.fn()) + "()", where);
        } else if (op instanceof Op.Go g) {
            String fn = functionNames.get(g.fn());
            if (g.count() == 1) {
                w.line("spawn(\"" + g.fn() + "\")");
                w.line("go " + fn + "()", where);
            } else {
                w.open("for i := 0; i < " + g.count() + "; i++", where);
                w.line("spawn(\"" + g.fn() + "\")");
                w.line("go " + fn + "()");
                w.close();
            }
        } else if (op instanceof Op.Gosched) {
            w.line("runtime.Gosched()", where);
        } else if (op instanceof Op.Syscall s) {
            w.line((s.cgo() ? "cgoCall(" : "nanosleep(") + duration(s.durationNs()) + ")", where);
        } else if (op instanceof Op.Sleep s) {
            w.line("time.Sleep(" + duration(s.durationNs()) + ")", where);
        } else if (op instanceof Op.NetRead n) {
            w.line("netread(" + duration(n.durationNs()) + ")", where);
        } else if (op instanceof Op.Send s) {
            String value = signalChannels.contains(s.chan()) ? "syscall.Signal(0)"
                    : s.value() != null ? vars.get(s.value()) : pointerChannels.contains(s.chan()) ? "nil" : "1";
            w.line(channelNames.get(s.chan()) + " <- " + value, where);
        } else if (op instanceof Op.Recv r) {
            w.line((r.to() != null ? vars.get(r.to()) + " = " : "") + "<-" + channelNames.get(r.chan()), where);
        } else if (op instanceof Op.Close c) {
            w.line("close(" + channelNames.get(c.chan()) + ")", where);
        } else if (op instanceof Op.Gc) {
            w.line("runtime.GC()", where);
        } else if (op instanceof Op.Notify n) {
            w.line("notify(" + channelNames.get(n.chan()) + ", " + signal(n.signal(), ptr) + ")", where);
        } else if (op instanceof Op.SetTrace t) {
            w.line("// here CPython calls sys.settrace(" + functionNames.get(t.fn()) + "); compiled Go has no hook between lines");
        } else if (op instanceof Op.Repeat r) {
            w.open("for i := 0; i < " + r.times() + "; i++", where);
            ops(w, r.body(), YamlTree.child(YamlTree.child(ptr, "repeat"), "do"), vars);
            w.close();
        } else {
            heapOp(w, op, where, vars);
        }
    }

    private void heapOp(GoWriter w, Op op, String where, Map<String, String> vars) throws ExportError {
        if (op instanceof Op.Alloc a) {
            w.line(vars.get(a.to()) + " = newObject(" + size(a.sizeBytes()) + ")", where);
        } else if (op instanceof Op.Store s) {
            w.line(ref(s.dst(), vars) + " = " + (isNil(s.src()) ? "nil" : ref(s.src(), vars)), where);
        } else if (op instanceof Op.Load l) {
            w.line(vars.get(l.dst()) + " = " + ref(l.src(), vars), where);
        } else if (op instanceof Op.Clear c) {
            w.line(vars.get(c.var()) + " = nil", where);
        } else {
            throw new ExportError(where + ": an op the exporter does not know (" + op.getClass().getSimpleName() + ")");
        }
    }

    /** A store's source that means nil: none, or the word nil (YAML reads {@code src: nil} as that word). */
    private static boolean isNil(String src) {
        return src == null || src.equals("nil");
    }

    /** {@code var.field}, {@code global.name} or a local, as Go. */
    private String ref(String r, Map<String, String> vars) {
        int dot = r.indexOf('.');
        if (dot < 0) {
            return vars.get(r);
        }
        String head = r.substring(0, dot);
        String tail = r.substring(dot + 1);
        if (head.equals("global")) {
            return globalNames.get(tail);
        }
        return vars.get(head) + "." + fields.name("field", tail);
    }

    // ---- numbers ---------------------------------------------------------------------------------------------

    /** A duration in nanoseconds as a Go expression, in the largest unit that divides it. */
    static String duration(long ns) {
        if (ns < 0) {
            throw new IllegalArgumentException("GoExport.duration: negative " + ns);
        }
        String[][] units = {{"1000000000", "time.Second"}, {"1000000", "time.Millisecond"}, {"1000", "time.Microsecond"}};
        for (String[] u : units) {
            long d = Long.parseLong(u[0]);
            if (ns != 0 && ns % d == 0) {
                long n = ns / d;
                return n == 1 ? u[1] : n + " * " + u[1];
            }
        }
        return ns == 0 ? "0" : "time.Duration(" + ns + ")";
    }

    /** A size in bytes as a Go expression: 128 << 10, 1 << 20, or plain bytes. */
    static String size(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("GoExport.size: out of range " + bytes);
        }
        if (bytes != 0 && bytes % (1 << 20) == 0) {
            return (bytes >> 20) + " << 20";
        }
        if (bytes != 0 && bytes % (1 << 10) == 0) {
            return (bytes >> 10) + " << 10";
        }
        return Long.toString(bytes);
    }
}
