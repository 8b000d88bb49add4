package goroutinelab.lesson;

import goroutinelab.engine.Injection;
import goroutinelab.engine.Timeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The token that carries a learner's own (forked) run in a link:
 * {@code f1.<run hash>.<fork step>.<kept>.<entries>}, where kept is how many
 * of the lesson's own script entries (its injections and clock moves, in
 * order) the run keeps before the learner's, and each entry is
 * {@code <step><code>[:<arg>]} and code is s (a signal), g (a GC), o (start a
 * goroutine of the lesson's function) or a / w (the asyncPreemption /
 * writeBarrier switch, 0 or 1). The lesson's own run needs no token: its step
 * says everything. Every malformed token is refused with a reason.
 */
public final class History {
    public static final int MAX_LENGTH = 4000;
    public static final int MAX_ENTRIES = 300;
    private static final String VERSION = "f1";
    private static final Set<String> SIGNALS = Set.of("SIGUSR1", "SIGUSR2", "SIGINT", "SIGTERM", "SIGHUP", "SIGURG", "SIGPIPE");

    private History() {
    }

    /** Something done between engine steps: it is applied on arrival at its step. */
    public record Item(long step, Timeline.Entry entry) {
    }

    /** A parsed token: the run it was made from, where it forked, and the learner's own entries in order. */
    public record Parsed(String runHash, long fork, int kept, List<Item> entries) {
    }

    /** Whether one more injection still fits a run with this token (null: the lesson's own run), so every frame's link rebuilds it. */
    public static boolean hasRoom(String token) {
        if (token == null) {
            return true;
        }
        long entries = token.chars().filter(c -> c == ',').count() + 1;
        return entries + 1 <= MAX_ENTRIES && token.length() + 60 <= MAX_LENGTH;
    }

    /** Whether a token is in the format of an earlier version of the lab (it had a '|'): such links open the lesson's own run. */
    public static boolean isLegacy(String token) {
        return token != null && token.indexOf('|') >= 0;
    }

    static String write(String runHash, long fork, int kept, List<Item> items) {
        StringBuilder sb = new StringBuilder(VERSION).append('.').append(runHash).append('.').append(fork).append('.')
                .append(kept).append('.');
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(items.get(i).step()).append(code(items.get(i).entry()));
        }
        return sb.toString();
    }

    static String code(Timeline.Entry en) {
        if (!(en instanceof Timeline.Entry.Inject in)) {
            throw new IllegalArgumentException("History: a learner's run holds injections only, not " + en);
        }
        Injection i = in.injection();
        if (i instanceof Injection.Signal s) {
            return "s:" + s.name();
        } else if (i instanceof Injection.ForceGc) {
            return "g";
        } else if (i instanceof Injection.StartGoroutine g) {
            return "o:" + g.fn();
        } else if (i instanceof Injection.SetSwitch sw) {
            String v = Boolean.TRUE.equals(sw.value()) ? "1" : "0";
            return ("asyncPreemption".equals(sw.name()) ? "a:" : "w:") + v;
        }
        throw new IllegalArgumentException("History: cannot encode " + en);
    }

    /** Parses a token; throws IllegalArgumentException naming what is wrong. */
    public static Parsed parse(String token, Lesson lesson) {
        if (token == null || token.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("history: missing or longer than " + MAX_LENGTH + " characters");
        }
        String[] parts = token.split("\\.", 5);
        if (parts.length != 5 || !parts[0].equals(VERSION)) {
            throw new IllegalArgumentException("history: expected f1.<run>.<step>.<kept>.<entries>");
        }
        if (!parts[1].matches("[0-9a-f]{8}")) {
            throw new IllegalArgumentException("history: the run hash must be 8 hex digits");
        }
        long fork = number(parts[2], "the fork step");
        long kept = number(parts[3], "the entries kept");
        if (kept > MAX_ENTRIES * 10L) {
            throw new IllegalArgumentException("history: the lesson has no run with " + kept + " script entries");
        }
        List<Item> items = new ArrayList<>();
        long last = fork;
        if (!parts[4].isEmpty()) {
            String[] entries = parts[4].split(",", -1);
            if (entries.length > MAX_ENTRIES) {
                throw new IllegalArgumentException("history: more than " + MAX_ENTRIES + " entries");
            }
            for (String e : entries) {
                Item it = item(e, lesson);
                if (it.step() < last) {
                    throw new IllegalArgumentException("history: steps go backwards at '" + e + "'");
                }
                last = it.step();
                items.add(it);
            }
        }
        return new Parsed(parts[1], fork, (int) kept, List.copyOf(items));
    }

    private static Item item(String part, Lesson lesson) {
        int i = 0;
        while (i < part.length() && isAsciiDigit(part.charAt(i))) {
            i++;
        }
        if (i == 0 || i == part.length()) {
            throw new IllegalArgumentException("history: entry '" + part + "' is not <step><code>");
        }
        long step = number(part.substring(0, i), part);
        char code = part.charAt(i);
        String arg = part.length() > i + 2 && part.charAt(i + 1) == ':' ? part.substring(i + 2) : "";
        Injection inj = switch (code) {
            case 's' -> {
                if (!SIGNALS.contains(arg)) {
                    throw new IllegalArgumentException("history: unknown signal '" + arg + "'");
                }
                yield new Injection.Signal(arg);
            }
            case 'g' -> new Injection.ForceGc();
            case 'o' -> {
                if (lesson.program() == null || !lesson.program().functions().containsKey(arg)) {
                    throw new IllegalArgumentException("history: unknown function '" + arg + "'");
                }
                yield new Injection.StartGoroutine(arg);
            }
            case 'a', 'w' -> {
                if (!arg.equals("0") && !arg.equals("1")) {
                    throw new IllegalArgumentException("history: switch value must be 0 or 1 in '" + part + "'");
                }
                yield new Injection.SetSwitch(code == 'a' ? "asyncPreemption" : "writeBarrier", arg.equals("1"));
            }
            default -> throw new IllegalArgumentException("history: unknown code '" + code + "' in '" + part + "'");
        };
        return new Item(step, new Timeline.Entry.Inject(inj));
    }

    private static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static long number(String s, String where) {
        if (s.isEmpty() || s.length() > 15 || !s.chars().allMatch(c -> isAsciiDigit((char) c))) {
            throw new IllegalArgumentException("history: '" + s + "' in '" + where + "' is not a step");
        }
        return Long.parseLong(s);
    }
}
