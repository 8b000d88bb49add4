package goroutinelab.real;

import com.fasterxml.jackson.databind.JsonNode;
import goroutinelab.lesson.LessonError;
import goroutinelab.lesson.Suggest;
import goroutinelab.lesson.Units;
import goroutinelab.lesson.YamlTree;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a lesson claims about its real run, read from a {@code real:} section:
 * in the lesson itself, or in a file of its own, lessons/real-claims/ID.yaml,
 * that holds {@code lesson: ID} and the same section. A claim is one of:
 *
 * <pre>
 * real:
 *   runs: 10                                    # how many real runs --check makes (default 10)
 *   claims:
 *     - id: g2-before-g3
 *       say: G2 runs before G3.
 *       order: [{event: execute, g: 2}, {event: execute, g: 3}]
 *     - say: The watcher has the signal within 1 ms of it (timing-dependent).
 *       within: {event: goready, g: 2, after: {event: signal}, from: 0us, to: 1ms}
 *       timing: true
 *     - say: The spinner is preempted at least once.
 *       count: {event: preempt, g: 2, atLeast: 1}
 * </pre>
 *
 * An event pattern names a kind of {@link RealTrace.Event} and optionally its
 * goroutine {@code g} (for newproc and goready, the one created or readied;
 * {@code by} the one that did it), its P {@code p}, its {@code reason}, and
 * which occurrence {@code n} (from 1; default the first). A claim is a fact
 * (the lesson's narration states it) unless it says {@code fact: false}; a
 * fact must hold in at least 9 runs in 10. A claim that depends on timing
 * ({@code within} always does) says {@code timing: true}, and its text says so.
 */
public final class Claims {
    /** The kinds of event a pattern may name: the real trace's, which the model's events are mapped onto. */
    public static final Set<String> EVENTS = Set.of("newproc", "execute", "gopark", "goready", "gosched", "preempt",
            "goexit", "entersyscall", "handoffp", "exitsyscall", "exitsyscallfast", "procstart", "procstop", "gcStart",
            "gcDone", "stopTheWorld", "startTheWorld", "gcAssistAlloc", "gcAssistDone", "gomaxprocs", "signal");
    public static final int DEFAULT_RUNS = 10;
    /** A fact must hold in at least this share of runs. */
    public static final double FACT_SHARE = 0.9;

    /** What to look for in a run's events. */
    public record Pattern(String event, Integer g, Integer by, Integer p, String reason, int n) {
        String describe() {
            return event + (g != null ? " G" + g : "") + (by != null ? " by G" + by : "") + (p != null ? " on P" + p : "")
                    + (reason != null ? " (" + reason + ")" : "") + (n > 1 ? " #" + n : "");
        }
    }

    /** One claim; for order, the patterns in their order; for within and count, one pattern. */
    public record Claim(String id, String say, String kind, List<Pattern> patterns, Pattern after, long fromNs, long toNs,
                        int atLeast, int atMost, boolean fact, boolean timing, int line) {
    }

    /** The claims of one lesson, and the file they came from. */
    public record ClaimSet(String lesson, String file, int runs, List<Claim> claims) {
    }

    private final String file;
    private final YamlTree tree;
    private final List<LessonError.Problem> problems = new ArrayList<>();

    private Claims(String file, YamlTree tree) {
        this.file = file;
        this.tree = tree;
    }

    /** Reads the {@code real:} section at {@code pointer} ("/real") of a YAML tree; null if there is none. */
    public static ClaimSet read(YamlTree tree, String file, String lesson, String pointer) throws LessonError {
        JsonNode n = tree.root.at(pointer);
        if (n.isMissingNode() || n.isNull()) {
            return null;
        }
        Claims c = new Claims(file, tree);
        ClaimSet out = c.section(n, pointer, lesson);
        if (!c.problems.isEmpty()) {
            throw new LessonError(c.problems);
        }
        return out;
    }

    /** Reads a claims file: {@code lesson: ID} and a {@code real:} section. */
    public static ClaimSet readFile(String text, String file, String expectedLesson) throws LessonError {
        YamlTree tree = YamlTree.parse(text, file);
        Claims c = new Claims(file, tree);
        if (!tree.root.isObject()) {
            throw new LessonError(new LessonError.Problem(file, 1, 1, "expected a map with lesson: and real:"));
        }
        c.keys(tree.root, "", Set.of("lesson", "real"));
        JsonNode lesson = tree.root.get("lesson");
        if (lesson == null || !lesson.isTextual()) {
            c.problem("", "expected lesson: the id of the lesson these claims are about");
        } else if (expectedLesson != null && !lesson.asText().equals(expectedLesson)) {
            c.problem("/lesson", "the lesson '" + lesson.asText() + "' must equal the file name '" + expectedLesson + "'");
        }
        if (!tree.root.has("real")) {
            c.problem("", "expected real: with the claims");
        }
        if (!c.problems.isEmpty()) {
            throw new LessonError(c.problems);
        }
        return read(tree, file, lesson.asText(), "/real");
    }

    private void problem(String ptr, String message) {
        YamlTree.Pos at = tree.valueAt(ptr);
        problems.add(new LessonError.Problem(file, at.line(), at.col(), message));
    }

    private void keyProblem(String ptr, String message) {
        YamlTree.Pos at = tree.keyAt(ptr);
        problems.add(new LessonError.Problem(file, at.line(), at.col(), message));
    }

    /** Every key of a map must be one of the allowed. */
    private void keys(JsonNode map, String ptr, Set<String> allowed) {
        Iterator<String> it = map.fieldNames();
        while (it.hasNext()) {
            String k = it.next();
            if (!allowed.contains(k)) {
                keyProblem(YamlTree.child(ptr, k), "unknown key '" + k + "'" + Suggest.hint(k, allowed)
                        + "; expected one of: " + String.join(", ", new java.util.TreeSet<>(allowed)));
            }
        }
    }

    private ClaimSet section(JsonNode n, String ptr, String lesson) {
        if (!n.isObject()) {
            problem(ptr, "expected a map with claims: (and optionally runs:)");
            return null;
        }
        keys(n, ptr, Set.of("runs", "claims"));
        int runs = DEFAULT_RUNS;
        if (n.has("runs")) {
            JsonNode r = n.get("runs");
            if (!r.canConvertToInt() || r.asInt() < 1 || r.asInt() > 100) {
                problem(YamlTree.child(ptr, "runs"), "runs must be a whole number from 1 to 100");
            } else {
                runs = r.asInt();
            }
        }
        List<Claim> claims = new ArrayList<>();
        JsonNode list = n.get("claims");
        if (list == null || !list.isArray() || list.isEmpty()) {
            problem(ptr, "expected claims: a list of at least one claim");
            return null;
        }
        Set<String> ids = new LinkedHashSet<>();
        for (int i = 0; i < list.size(); i++) {
            Claim c = claim(list.get(i), YamlTree.child(YamlTree.child(ptr, "claims"), i), i);
            if (c != null) {
                if (!ids.add(c.id())) {
                    problem(YamlTree.child(YamlTree.child(ptr, "claims"), i), "two claims have the id '" + c.id() + "'");
                }
                claims.add(c);
            }
        }
        return new ClaimSet(lesson, file, runs, claims);
    }

    private static final Set<String> CLAIM_KEYS = Set.of("id", "say", "order", "within", "count", "fact", "timing");

    private Claim claim(JsonNode n, String ptr, int index) {
        if (!n.isObject()) {
            problem(ptr, "expected a claim: a map with say: and one of order:, within:, count:");
            return null;
        }
        keys(n, ptr, CLAIM_KEYS);
        String id = n.has("id") ? n.get("id").asText() : "claim-" + (index + 1);
        if (!id.matches("[a-z0-9]+(-[a-z0-9]+)*") || id.length() > 64) {
            problem(YamlTree.child(ptr, "id"), "a claim id is lower-case letters, digits and dashes");
        }
        JsonNode say = n.get("say");
        if (say == null || !say.isTextual() || say.asText().isBlank()) {
            problem(ptr, "expected say: the claim in words, as the lesson's narration states it");
        }
        int kinds = (n.has("order") ? 1 : 0) + (n.has("within") ? 1 : 0) + (n.has("count") ? 1 : 0);
        if (kinds != 1) {
            problem(ptr, "expected exactly one of order:, within:, count:");
            return null;
        }
        boolean fact = !n.has("fact") || n.get("fact").asBoolean(true);
        boolean timing = n.has("timing") && n.get("timing").asBoolean(false);
        for (String flag : new String[]{"fact", "timing"}) {
            if (n.has(flag) && !n.get(flag).isBoolean()) {
                problem(YamlTree.child(ptr, flag), flag + " is true or false");
            }
        }
        int line = tree.valueAt(ptr).line();
        String text = say == null ? "" : say.asText();
        if (n.has("order")) {
            return order(n.get("order"), YamlTree.child(ptr, "order"), id, text, fact, timing, line);
        }
        if (n.has("within")) {
            if (!timing) {
                problem(ptr, "a within claim depends on timing: mark it timing: true, and say so in its text");
            }
            return within(n.get("within"), YamlTree.child(ptr, "within"), id, text, fact, timing, line);
        }
        return count(n.get("count"), YamlTree.child(ptr, "count"), id, text, fact, timing, line);
    }

    private Claim order(JsonNode n, String ptr, String id, String say, boolean fact, boolean timing, int line) {
        if (!n.isArray() || n.size() < 2) {
            problem(ptr, "expected order: a list of two or more events, in the order they must happen");
            return null;
        }
        List<Pattern> ps = new ArrayList<>();
        for (int i = 0; i < n.size(); i++) {
            ps.add(pattern(n.get(i), YamlTree.child(ptr, i), Set.of()));
        }
        return new Claim(id, say, "order", ps, null, 0, 0, 0, Integer.MAX_VALUE, fact, timing, line);
    }

    private Claim within(JsonNode n, String ptr, String id, String say, boolean fact, boolean timing, int line) {
        Pattern p = pattern(n, ptr, Set.of("after", "from", "to"));
        Pattern after = n.has("after") ? pattern(n.get("after"), YamlTree.child(ptr, "after"), Set.of()) : null;
        long from = n.has("from") ? duration(n.get("from"), YamlTree.child(ptr, "from")) : 0;
        long to = n.has("to") ? duration(n.get("to"), YamlTree.child(ptr, "to")) : -1;
        if (to < 0) {
            problem(ptr, "expected to: the end of the window, like 1ms");
        } else if (to < from) {
            problem(YamlTree.child(ptr, "to"), "to must not be before from");
        }
        return new Claim(id, say, "within", List.of(p), after, from, to, 0, Integer.MAX_VALUE, fact, timing, line);
    }

    private Claim count(JsonNode n, String ptr, String id, String say, boolean fact, boolean timing, int line) {
        Pattern p = pattern(n, ptr, Set.of("atLeast", "atMost"));
        int least = n.has("atLeast") ? whole(n.get("atLeast"), YamlTree.child(ptr, "atLeast")) : 0;
        int most = n.has("atMost") ? whole(n.get("atMost"), YamlTree.child(ptr, "atMost")) : Integer.MAX_VALUE;
        if (!n.has("atLeast") && !n.has("atMost")) {
            problem(ptr, "expected atLeast: (or atMost:) a count");
        }
        return new Claim(id, say, "count", List.of(p), null, 0, 0, least, most, fact, timing, line);
    }

    private static final Set<String> PATTERN_KEYS = Set.of("event", "g", "by", "p", "reason", "n");

    private Pattern pattern(JsonNode n, String ptr, Set<String> more) {
        if (!n.isObject()) {
            problem(ptr, "expected an event: {event: kind, g: n, ...}");
            return new Pattern("", null, null, null, null, 1);
        }
        Set<String> allowed = new LinkedHashSet<>(PATTERN_KEYS);
        allowed.addAll(more);
        keys(n, ptr, allowed);
        String event = n.path("event").asText("");
        if (!EVENTS.contains(event)) {
            problem(n.has("event") ? YamlTree.child(ptr, "event") : ptr, "unknown event '" + event + "'" + Suggest.hint(event, EVENTS)
                    + "; a real run's events are: " + String.join(", ", new java.util.TreeSet<>(EVENTS)));
        }
        Integer g = n.has("g") ? whole(n.get("g"), YamlTree.child(ptr, "g")) : null;
        Integer by = n.has("by") ? whole(n.get("by"), YamlTree.child(ptr, "by")) : null;
        Integer p = n.has("p") ? whole(n.get("p"), YamlTree.child(ptr, "p")) : null;
        String reason = n.has("reason") ? n.get("reason").asText() : null;
        int nth = n.has("n") ? Math.max(1, whole(n.get("n"), YamlTree.child(ptr, "n"))) : 1;
        return new Pattern(event, g, by, p, reason, nth);
    }

    private int whole(JsonNode v, String ptr) {
        if (!v.canConvertToInt() || v.asInt() < 0 || !v.isIntegralNumber()) {
            problem(ptr, "expected a whole number, 0 or more");
            return 0;
        }
        return v.asInt();
    }

    private long duration(JsonNode v, String ptr) {
        long ns = v.isTextual() ? Units.durationNs(v.asText()) : -1;
        if (ns < 0) {
            problem(ptr, "expected a duration with a unit (ns, us, ms or s), like 500us");
            return 0;
        }
        return ns;
    }

    // ---- checking ----------------------------------------------------------------------------------------------

    /** An event as claims see it, from a real run or from the model. */
    public record Seen(long t, String kind, Integer g, Integer by, Integer p, String reason) {
    }

    /** The real run's events as claims see them. */
    public static List<Seen> seen(RealTrace t) {
        List<Seen> out = new ArrayList<>();
        for (RealTrace.Event e : t.events()) {
            boolean targetIsSubject = e.kind().equals("newproc") || e.kind().equals("goready");
            out.add(new Seen(e.t(), e.kind(), targetIsSubject ? e.targetG() : e.g(), targetIsSubject ? e.g() : null, e.p(), e.reason()));
        }
        return out;
    }

    /** Whether a claim holds in a run's events. */
    public static boolean holds(Claim c, List<Seen> events) {
        Pattern first = c.patterns().get(0);
        switch (c.kind()) {
            case "order" -> {
                long last = Long.MIN_VALUE;
                for (Pattern p : c.patterns()) {
                    Long t = when(p, events, Long.MIN_VALUE);
                    if (t == null || t <= last) {
                        return false;
                    }
                    last = t;
                }
                return true;
            }
            case "within" -> {
                long base = 0;
                if (c.after() != null) {
                    Long a = when(c.after(), events, Long.MIN_VALUE);
                    if (a == null) {
                        return false;
                    }
                    base = a;
                }
                Long t = when(first, events, base);
                return t != null && t - base >= c.fromNs() && t - base <= c.toNs();
            }
            default -> {
                long n = events.stream().filter(e -> matches(first, e)).count();
                return n >= c.atLeast() && n <= c.atMost();
            }
        }
    }

    /** When the pattern's n-th matching event happened at or after {@code from}, or null. */
    private static Long when(Pattern p, List<Seen> events, long from) {
        int seen = 0;
        for (Seen e : events) {
            if (e.t() >= from && matches(p, e) && ++seen == p.n()) {
                return e.t();
            }
        }
        return null;
    }

    static boolean matches(Pattern p, Seen e) {
        return p.event().equals(e.kind()) && (p.g() == null || p.g().equals(e.g())) && (p.by() == null || p.by().equals(e.by()))
                && (p.p() == null || p.p().equals(e.p())) && (p.reason() == null || p.reason().equals(e.reason()));
    }

    /** The claim in a few words, for output: "order: execute G2 < execute G3". */
    public static String describe(Claim c) {
        return switch (c.kind()) {
            case "order" -> "order: " + String.join(" < ", c.patterns().stream().map(Pattern::describe).toList());
            case "within" -> "within: " + c.patterns().get(0).describe() + " " + goroutinelab.engine.Fmt.time(c.fromNs()) + ".."
                    + goroutinelab.engine.Fmt.time(c.toNs()) + (c.after() != null ? " after " + c.after().describe() : " after the start");
            default -> "count: " + c.patterns().get(0).describe() + (c.atLeast() > 0 ? " >= " + c.atLeast() : "")
                    + (c.atMost() < Integer.MAX_VALUE ? " <= " + c.atMost() : "");
        };
    }

    /** Whether a fact's tally is good enough to present it as fact. */
    public static boolean enough(int held, int runs) {
        return runs > 0 && held >= Math.ceil(FACT_SHARE * runs - 1e-9);
    }
}
