package goroutinelab.lesson;

import com.fasterxml.jackson.databind.JsonNode;
import goroutinelab.engine.EventKind;
import goroutinelab.engine.Injection;
import goroutinelab.engine.Op;
import goroutinelab.engine.OpKind;
import goroutinelab.engine.Program;
import goroutinelab.engine.RuntimeConfig;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a lesson: YAML with positions, then the JSON Schema, then the checks a
 * schema cannot make (names that must exist, call cycles, the id matching the
 * file name), then the model. Every problem carries file, line and column.
 */
public final class LessonLoader {
    private final String file;
    private final YamlTree tree;
    private final List<LessonError.Problem> problems = new ArrayList<>();
    private Set<String> functionNames = Set.of();
    private Set<String> channelNames = Set.of();
    private Lesson.Model model = Lesson.Model.GO;

    private LessonLoader(String file, YamlTree tree) {
        this.file = file;
        this.tree = tree;
    }

    /** Loads a lesson file; its id must equal the file name. */
    public static Lesson load(Path path) throws LessonError {
        return load(path, path);
    }

    /** Loads the lesson file {@code path}, naming it {@code given} in the lesson and every message. */
    static Lesson load(Path path, Path given) throws LessonError {
        String name = given.getFileName().toString();
        String shown = given.toString();
        String text;
        try {
            if (Files.size(path) > YamlTree.MAX_CHARS * 4L) {
                throw new LessonError(new LessonError.Problem(shown, 0, 0,
                        "the file is " + Files.size(path) + " bytes; a lesson may have at most " + YamlTree.MAX_CHARS + " characters"));
            }
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (MalformedInputException e) {
            throw new LessonError(new LessonError.Problem(shown, 0, 0, "not UTF-8 text"));
        } catch (IOException e) {
            throw new LessonError(new LessonError.Problem(shown, 0, 0, "cannot read: " + Checker.message(e, path, given)));
        }
        String id = name.endsWith(".yaml") ? name.substring(0, name.length() - 5)
                : name.endsWith(".yml") ? name.substring(0, name.length() - 4) : name;
        return parse(text, shown, id);
    }

    /** Parses lesson text; with {@code expectedId} non-null the lesson's id must equal it. */
    public static Lesson parse(String text, String file, String expectedId) throws LessonError {
        YamlTree tree = YamlTree.parse(text, file);
        if (!tree.root.isObject()) {
            YamlTree.Pos at = tree.valueAt("");
            throw new LessonError(new LessonError.Problem(file, at.line(), at.col(),
                    "expected a lesson (a YAML map with format, id, title, functions, steps), got "
                            + SchemaCheck.describeValue(tree.root)));
        }
        List<LessonError.Problem> schemaProblems = SchemaCheck.check(tree, file);
        if (!schemaProblems.isEmpty()) {
            throw new LessonError(schemaProblems);
        }
        LessonLoader l = new LessonLoader(file, tree);
        Lesson lesson = l.build(expectedId);
        if (!l.problems.isEmpty()) {
            throw new LessonError(l.problems);
        }
        return lesson;
    }

    private void problem(YamlTree.Pos at, String message) {
        problems.add(new LessonError.Problem(file, at.line(), at.col(), message));
    }

    private Lesson build(String expectedId) {
        JsonNode r = tree.root;
        String id = r.get("id").asText();
        if (expectedId != null && !expectedId.equals(id)) {
            problem(tree.valueAt("/id"), "the id '" + id + "' must equal the file name '" + expectedId + "'");
        }
        functionNames = names(r.get("functions"));
        channelNames = r.has("channels") ? names(r.get("channels")) : Set.of();
        RuntimeConfig cfg = runtime(r.get("runtime"));
        model = switch (r.path("model").asText("go")) {
            case "cpython" -> Lesson.Model.CPYTHON;
            case "compare" -> Lesson.Model.COMPARE;
            default -> Lesson.Model.GO;
        };
        Map<String, List<Op>> fns = new LinkedHashMap<>();
        r.get("functions").fields().forEachRemaining(f ->
                fns.put(f.getKey(), body(f.getValue(), YamlTree.child("/functions", f.getKey()))));
        checkCallCycles(fns);
        Map<String, Integer> chans = new LinkedHashMap<>();
        if (r.has("channels")) {
            r.get("channels").fields().forEachRemaining(c -> chans.put(c.getKey(), c.getValue().path("cap").asInt(0)));
        }
        Program.HeapSpec heap = heap(r.get("heap"));
        List<Program.TimedInjection> timed = new ArrayList<>();
        JsonNode inj = r.get("inject");
        if (inj != null) {
            for (int i = 0; i < inj.size(); i++) {
                String ptr = YamlTree.child("/inject", i);
                JsonNode n = inj.get(i);
                long at = duration(n.get("at"), YamlTree.child(ptr, "at"));
                for (Injection injection : injection(n, ptr)) {
                    timed.add(new Program.TimedInjection(at, injection));
                }
            }
        }
        List<Lesson.Step> steps = new ArrayList<>();
        JsonNode st = r.get("steps");
        for (int i = 0; i < st.size(); i++) {
            steps.add(step(st.get(i), YamlTree.child("/steps", i)));
        }
        Program prog = problems.isEmpty() ? new Program(fns, chans, heap, timed) : null;
        return new Lesson(id, r.path("order").asInt(1000), text(r.get("title")), text(r.get("summary")),
                r.path("goVersion").asText(null), text(r.get("simplifies")), model, cfg, prog, steps, file);
    }

    private static Set<String> names(JsonNode map) {
        Set<String> out = new java.util.LinkedHashSet<>();
        map.fieldNames().forEachRemaining(out::add);
        return out;
    }

    static I18n text(JsonNode n) {
        if (n == null || n.isNull()) {
            return I18n.EMPTY;
        }
        if (n.isTextual()) {
            return new I18n(n.asText(), null);
        }
        // {en: runnext first, then the queue, zh: ...} in a flow map splits at the comma into
        // en: "runnext first" and a key "then the queue" with no value: join such keys back on.
        Map<String, StringBuilder> langs = new LinkedHashMap<>();
        StringBuilder last = null;
        Iterator<Map.Entry<String, JsonNode>> it = n.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            boolean bare = e.getValue().isNull() || (e.getValue().isTextual() && e.getValue().asText().isEmpty()
                    && !e.getKey().equals("en") && !e.getKey().equals("zh"));
            if (bare && last != null) {
                last.append(", ").append(e.getKey());
            } else if (!bare) {
                last = new StringBuilder(e.getValue().asText());
                langs.put(e.getKey(), last);
            }
        }
        StringBuilder en = langs.get("en");
        StringBuilder zh = langs.get("zh");
        return new I18n(en == null ? "" : en.toString(), zh == null ? null : zh.toString());
    }

    private RuntimeConfig runtime(JsonNode n) {
        RuntimeConfig d = RuntimeConfig.DEFAULT;
        if (n == null) {
            return d;
        }
        int gogc = d.gogc();
        JsonNode g = n.get("gogc");
        if (g != null) {
            gogc = g.isInt() || g.isLong() ? g.asInt() : -1;
        }
        long heapMin = n.has("heapMinimum") ? size(n.get("heapMinimum"), "/runtime/heapMinimum") : d.heapMinimumBytes();
        long switchNs = n.has("switchInterval") ? duration(n.get("switchInterval"), "/runtime/switchInterval") : d.switchIntervalNs();
        if (switchNs <= 0) {
            problem(tree.valueAt("/runtime/switchInterval"), "switchInterval must be longer than 0");
            switchNs = d.switchIntervalNs();
        }
        if (heapMin <= 0) {
            heapMin = d.heapMinimumBytes();
        }
        boolean startup = n.path("startup").asBoolean(d.startup());
        if (startup && n.has("backgroundGoroutines") && !n.get("backgroundGoroutines").asBoolean()) {
            problem(tree.valueAt("/runtime/backgroundGoroutines"),
                    "startup: true plays the start of the runtime's own goroutines, so backgroundGoroutines cannot be false");
        }
        return new RuntimeConfig(
                n.path("gomaxprocs").asInt(d.gomaxprocs()),
                n.path("runqSize").asInt(d.runqSize()),
                n.path("asyncPreemption").asBoolean(d.asyncPreemption()),
                n.path("writeBarrier").asBoolean(d.writeBarrier()),
                gogc, heapMin, switchNs, seed(n.get("seed"), d.seed()),
                n.path("backgroundGoroutines").asBoolean(d.backgroundGoroutines()) || startup,
                startup,
                n.path("gcWorkBuffers").asBoolean(d.gcWorkBuffers()));
    }

    /** The seed: a whole number in 64 bits (a larger one would silently wrap, giving another run than the one written). */
    private long seed(JsonNode n, long otherwise) {
        if (n == null) {
            return otherwise;
        }
        if (!n.isNumber() || !n.canConvertToExactIntegral() || !n.canConvertToLong()) {
            problem(tree.valueAt("/runtime/seed"), "seed must be a whole number from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE
                    + " (64 bits), got " + (n.asText().length() > 40 ? n.asText().substring(0, 40) + "..." : n.asText()));
            return otherwise;
        }
        return n.asLong();
    }

    private long duration(JsonNode n, String ptr) {
        long ns = Units.durationNs(n.asText());
        if (ns == -2) {
            problem(tree.valueAt(ptr), "duration '" + n.asText() + "' is longer than the lab allows (1h of simulated time)");
            return 0;
        }
        if (ns < 0) {
            problem(tree.valueAt(ptr), "expected a duration with a unit (ns, us, ms or s), like 200us, got '" + n.asText() + "'");
            return 0;
        }
        return ns;
    }

    private long size(JsonNode n, String ptr) {
        long b = Units.sizeBytes(n.asText());
        if (b < 0) {
            problem(tree.valueAt(ptr), "expected a size with a unit (B, KB, MB or GB), like 64KB, got '" + n.asText() + "'");
            return 0;
        }
        return b;
    }

    /**
     * {@code pointers}: true (every word of the object may hold a pointer),
     * false (none), or a whole number of pointer words from the object's
     * start, at least {@code fields} (its named fields are its first words)
     * and at most its size in words.
     */
    private long pointerWords(JsonNode n, String ptr, long sizeBytes, int fields) {
        long words = sizeBytes / 8;
        long want;
        if (n.isBoolean()) {
            want = n.booleanValue() ? words : 0;
        } else if (n.isIntegralNumber() && n.canConvertToLong() && n.asLong() >= 0) {
            want = n.asLong();
        } else {
            problem(tree.valueAt(ptr), "pointers must be true (every word may hold a pointer), false (none) or a number of pointer words, got '"
                    + n.asText() + "'");
            return Program.ObjectSpec.FOLLOW_FIELDS;
        }
        if (want > words) {
            problem(tree.valueAt(ptr), "pointers: " + want + " is more words than the object has: " + sizeBytes + " bytes are " + words + " words of 8 bytes");
            return Program.ObjectSpec.FOLLOW_FIELDS;
        }
        if (want < fields) {
            problem(tree.valueAt(ptr), (want == 0 ? "pointers: false, but the object declares " : "pointers: " + want + ", but the object declares ")
                    + fields + " pointer field(s): its fields are its first pointer words");
            return Program.ObjectSpec.FOLLOW_FIELDS;
        }
        return want;
    }

    private String fn(JsonNode n, String ptr) {
        String name = n.asText();
        if (!functionNames.contains(name)) {
            problem(tree.valueAt(ptr), "unknown function '" + name + "'" + Suggest.hint(name, functionNames)
                    + "; the lesson defines: " + String.join(", ", functionNames));
        }
        return name;
    }

    private String chan(JsonNode n, String ptr) {
        String name = n.asText();
        if (!channelNames.contains(name)) {
            problem(tree.valueAt(ptr), "unknown channel '" + name + "'" + Suggest.hint(name, channelNames)
                    + (channelNames.isEmpty() ? "; declare it under channels:" : "; the lesson declares: " + String.join(", ", channelNames)));
        }
        return name;
    }

    private List<Op> body(JsonNode list, String ptr) {
        List<Op> ops = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            Op op = op(list.get(i), YamlTree.child(ptr, i));
            if (op != null) {
                ops.add(op);
            }
        }
        return ops;
    }

    /** One op, read through its row in {@link OpKind}: a bare word ({@code - gosched}) or {@code key: value}. */
    private Op op(JsonNode n, String ptr) {
        if (n.isTextual()) {
            OpKind bare = OpKind.byKey(n.asText());
            if (bare == null || !bare.value().nothing()) {
                problem(tree.valueAt(ptr), "'" + n.asText() + "' is not an op written alone; those are: "
                        + String.join(", ", OpKind.bare().stream().map(OpKind::key).toList()));
                return null;
            }
            return bare.build(new Args(null, ptr));
        }
        Map.Entry<String, JsonNode> e = n.fields().next();
        String p = YamlTree.child(ptr, e.getKey());
        OpKind kind = OpKind.byKey(e.getKey());
        if (kind == null) {
            problem(tree.keyAt(p), "unknown op '" + e.getKey() + "'");
            return null;
        }
        return kind.build(new Args(e.getValue(), p));
    }

    /** An op's value as the lesson wrote it (the schema has checked its shape); bad names and units are reported where they are. */
    private final class Args implements OpKind.Args {
        private final JsonNode v;
        private final String ptr;

        Args(JsonNode v, String ptr) {
            this.v = v;
            this.ptr = ptr;
        }

        private JsonNode at(String field) {
            return field == null ? v : v.get(field);
        }

        private String ptr(String field) {
            return field == null ? ptr : YamlTree.child(ptr, field);
        }

        @Override
        public boolean isMap() {
            return v != null && v.isObject();
        }

        @Override
        public boolean has(String field) {
            return v != null && v.has(field);
        }

        @Override
        public long duration(String field) {
            return LessonLoader.this.duration(at(field), ptr(field));
        }

        @Override
        public long size(String field) {
            return LessonLoader.this.size(at(field), ptr(field));
        }

        @Override
        public String function(String field) {
            return fn(at(field), ptr(field));
        }

        @Override
        public String channel(String field) {
            return chan(at(field), ptr(field));
        }

        @Override
        public String text(String field) {
            return at(field).asText();
        }

        @Override
        public String textOrNull(String field) {
            JsonNode n = at(field);
            return n.isNull() ? null : n.asText();
        }

        @Override
        public int integer(String field, int otherwise) {
            JsonNode n = at(field);
            return n == null ? otherwise : n.asInt(otherwise);
        }

        @Override
        public long pointerWords(String field, long sizeBytes) {
            return LessonLoader.this.pointerWords(at(field), ptr(field), sizeBytes, 0);
        }

        @Override
        public List<Op> body(String field) {
            return LessonLoader.this.body(at(field), ptr(field));
        }
    }

    /** A function that calls itself, directly or through others, would recurse forever. */
    private void checkCallCycles(Map<String, List<Op>> fns) {
        for (String start : fns.keySet()) {
            List<String> path = new ArrayList<>();
            path.add(start);
            if (cycle(start, start, fns, path, new HashSet<>())) {
                problem(tree.keyAt(YamlTree.child("/functions", start)),
                        "function '" + start + "' calls itself (" + String.join(" → ", path)
                                + "): the recursion would never end; use repeat instead");
                return;
            }
        }
    }

    private boolean cycle(String target, String at, Map<String, List<Op>> fns, List<String> path, Set<String> seen) {
        if (!seen.add(at)) {
            return false;
        }
        for (String callee : callees(fns.getOrDefault(at, List.of()))) {
            path.add(callee);
            if (callee.equals(target) || cycle(target, callee, fns, path, seen)) {
                return true;
            }
            path.remove(path.size() - 1);
        }
        return false;
    }

    private static List<String> callees(List<Op> ops) {
        List<String> out = new ArrayList<>();
        for (Op op : ops) {
            if (op instanceof Op.Call c) {
                out.add(c.fn());
            } else if (op instanceof Op.Repeat r) {
                out.addAll(callees(r.body()));
            }
        }
        return out;
    }

    private Program.HeapSpec heap(JsonNode n) {
        if (n == null) {
            return Program.HeapSpec.EMPTY;
        }
        Map<String, Program.ObjectSpec> objects = new LinkedHashMap<>();
        JsonNode objs = n.get("objects");
        Set<String> ids = objs == null ? Set.of() : names(objs);
        if (objs != null) {
            objs.fields().forEachRemaining(o -> {
                String p = YamlTree.child("/heap/objects", o.getKey());
                long size = size(o.getValue().get("size"), YamlTree.child(p, "size"));
                Map<String, String> fields = new LinkedHashMap<>();
                JsonNode fs = o.getValue().get("fields");
                if (fs != null) {
                    fs.fields().forEachRemaining(f -> fields.put(f.getKey(),
                            objectRef(f.getValue(), ids, YamlTree.child(YamlTree.child(p, "fields"), f.getKey()))));
                }
                JsonNode ptrs = o.getValue().get("pointers");
                long words = ptrs == null ? Program.ObjectSpec.FOLLOW_FIELDS
                        : pointerWords(ptrs, YamlTree.child(p, "pointers"), size, fields.size());
                if (ptrs == null && 8L * fields.size() > size) {
                    problem(tree.valueAt(YamlTree.child(p, "size")), "an object of " + size + " bytes has room for " + size / 8
                            + " pointer word(s) of 8 bytes, but it declares " + fields.size() + " fields");
                }
                objects.put(o.getKey(), new Program.ObjectSpec(size, fields, words));
            });
        }
        Map<String, String> globals = new LinkedHashMap<>();
        if (n.has("globals")) {
            n.get("globals").fields().forEachRemaining(g -> globals.put(g.getKey(),
                    objectRef(g.getValue(), ids, YamlTree.child("/heap/globals", g.getKey()))));
        }
        Map<String, Map<String, String>> locals = new LinkedHashMap<>();
        if (n.has("locals")) {
            n.get("locals").fields().forEachRemaining(l -> {
                String p = YamlTree.child("/heap/locals", l.getKey());
                if (!functionNames.contains(l.getKey())) {
                    problem(tree.keyAt(p), "locals for unknown function '" + l.getKey() + "'"
                            + Suggest.hint(l.getKey(), functionNames));
                }
                Map<String, String> vars = new LinkedHashMap<>();
                l.getValue().fields().forEachRemaining(v -> vars.put(v.getKey(),
                        objectRef(v.getValue(), ids, YamlTree.child(p, v.getKey()))));
                locals.put(l.getKey(), vars);
            });
        }
        return new Program.HeapSpec(objects, globals, locals);
    }

    private String objectRef(JsonNode v, Set<String> ids, String ptr) {
        if (v == null || v.isNull()) {
            return null;
        }
        String id = v.asText();
        if (!ids.contains(id)) {
            problem(tree.valueAt(ptr), "unknown heap object '" + id + "'" + Suggest.hint(id, ids)
                    + (ids.isEmpty() ? "; declare it under heap.objects" : "; the heap declares: " + String.join(", ", ids)));
        }
        return id;
    }

    private List<Injection> injection(JsonNode n, String ptr) {
        List<Injection> out = new ArrayList<>();
        if (n.has("signal")) {
            out.add(new Injection.Signal(n.get("signal").asText()));
        } else if (n.has("gc")) {
            out.add(new Injection.ForceGc());
        } else if (n.has("go")) {
            out.add(new Injection.StartGoroutine(fn(n.get("go"), YamlTree.child(ptr, "go"))));
        } else if (n.has("set")) {
            n.get("set").fields().forEachRemaining(e ->
                    out.add(new Injection.SetSwitch(e.getKey(), e.getValue().asBoolean())));
        }
        return out;
    }

    private Lesson.Step step(JsonNode n, String ptr) {
        List<Injection> inject = new ArrayList<>();
        JsonNode inj = n.get("inject");
        if (inj != null) {
            String ip = YamlTree.child(ptr, "inject");
            if (inj.isArray()) {
                for (int i = 0; i < inj.size(); i++) {
                    inject.addAll(injection(inj.get(i), YamlTree.child(ip, i)));
                }
            } else {
                inject.addAll(injection(inj, ip));
            }
        }
        Lesson.Run run = run(n.get("run"), YamlTree.child(ptr, "run"));
        List<Lesson.Expect> expect = new ArrayList<>();
        JsonNode ex = n.get("expect");
        if (ex != null) {
            Iterator<Map.Entry<String, JsonNode>> it = ex.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                String p = YamlTree.child(YamlTree.child(ptr, "expect"), e.getKey());
                expect.add(new Lesson.Expect(e.getKey(), Expectations.plain(e.getValue()), tree.keyAt(p)));
                String bad = SnapshotPaths.check(e.getKey(), channelNames, model);
                if (bad != null) {
                    problem(tree.keyAt(p), bad);
                }
                String operand = comparison(e.getValue());
                if (operand != null) {
                    problem(tree.valueAt(p), operand);
                }
            }
        }
        List<String> focus = new ArrayList<>();
        if (n.has("focus")) {
            JsonNode fs = n.get("focus");
            for (int i = 0; i < fs.size(); i++) {
                String f = fs.get(i).asText();
                focus.add(f);
                String bad = SnapshotPaths.check(f, channelNames, model);
                if (bad != null) {
                    problem(tree.valueAt(YamlTree.child(YamlTree.child(ptr, "focus"), i)), bad.replaceFirst("^expect path", "focus path"));
                }
            }
        }
        Lesson.Quiz quiz = null;
        if (n.has("quiz")) {
            JsonNode q = n.get("quiz");
            List<I18n> choices = new ArrayList<>();
            q.get("choices").forEach(c -> choices.add(text(c)));
            int answer = q.get("answer").asInt();
            if (answer >= choices.size()) {
                problem(tree.valueAt(YamlTree.child(YamlTree.child(ptr, "quiz"), "answer")),
                        "answer " + answer + " is not a choice: with " + choices.size()
                                + " choices it must be 0 to " + (choices.size() - 1) + " (counting from 0)");
            }
            quiz = new Lesson.Quiz(text(q.get("ask")), choices, answer, text(q.get("explain")));
        }
        return new Lesson.Step(text(n.get("say")), text(n.get("more")), inject, run, expect, focus, quiz,
                tree.valueAt(ptr), tree.keyAt(YamlTree.child(ptr, "run")));
    }

    /** Null, or what is wrong with an expected value that starts with a comparison ("> one"). */
    private static String comparison(JsonNode v) {
        if (!v.isTextual()) {
            return null;
        }
        String s = v.asText().trim();
        for (String op : new String[]{"<=", ">=", "!=", "<", ">"}) {
            if (s.startsWith(op)) {
                String rest = s.substring(op.length()).trim();
                if (op.equals("!=") || rest.matches("-?[0-9]+(\\.[0-9]+)?")) {
                    return null;
                }
                return "expected a number after '" + op + "', like \"" + op + " 1\", got '" + s + "'";
            }
        }
        return null;
    }

    private Lesson.Run run(JsonNode n, String ptr) {
        if (n == null) {
            return Lesson.Run.NONE;
        }
        int limit = n.path("limit").asInt(Lesson.Run.DEFAULT_LIMIT);
        int kinds = (n.has("steps") ? 1 : 0) + (n.has("until") ? 1 : 0) + (n.has("time") ? 1 : 0);
        if (kinds != 1) {
            throw new IllegalStateException("LessonLoader.run: the schema lets through a run with " + kinds + " kinds");
        }
        if (n.has("steps")) {
            return new Lesson.Run(Lesson.Run.Kind.STEPS, n.get("steps").asLong(), null, null, 1, 0, limit);
        }
        if (n.has("time")) {
            return new Lesson.Run(Lesson.Run.Kind.TIME, 0, null, null, 1, duration(n.get("time"), YamlTree.child(ptr, "time")), limit);
        }
        JsonNode u = n.get("until");
        String up = YamlTree.child(ptr, "until");
        String event = u.isTextual() ? u.asText() : u.get("event").asText();
        String eventPtr = u.isTextual() ? up : YamlTree.child(up, "event");
        if ("end".equals(event)) {
            return new Lesson.Run(Lesson.Run.Kind.UNTIL_END, 0, null, null, 1, 0, limit);
        }
        if (EventKind.byWire(event) == null) {
            List<String> kindsKnown = new ArrayList<>();
            for (EventKind k : EventKind.values()) {
                kindsKnown.add(k.wire());
            }
            kindsKnown.add("end");
            problem(tree.valueAt(eventPtr), "unknown event '" + event + "'" + Suggest.hint(event, kindsKnown)
                    + "; see docs/authoring.md for the event kinds");
        }
        Integer g = u.isObject() && u.has("g") ? u.get("g").asInt() : null;
        int count = u.isObject() ? u.path("count").asInt(0) : 0;
        return new Lesson.Run(Lesson.Run.Kind.UNTIL_EVENT, 0, event, g, count, 0, limit);
    }
}
