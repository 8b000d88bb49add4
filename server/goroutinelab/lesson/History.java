package goroutinelab.lesson;

import goroutinelab.engine.Injection;
import goroutinelab.engine.Timeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Reading and writing the history token of {@link Player#history()}; every malformed token is refused with a reason. */
public final class History {
    public static final int MAX_LENGTH = 4000;
    public static final int MAX_ENTRIES = 300;
    private static final Set<String> SIGNALS = Set.of("SIGUSR1", "SIGUSR2", "SIGINT", "SIGTERM", "SIGHUP", "SIGURG", "SIGPIPE");

    private History() {
    }

    public record Item(long step, Timeline.Entry entry) {
    }

    public record Parsed(List<Item> entries, List<Long> starts, List<Long> ends) {
    }

    static String code(Timeline.Entry en) {
        if (en instanceof Timeline.Entry.Clock c) {
            return "c:" + c.timeNs();
        }
        Injection i = ((Timeline.Entry.Inject) en).injection();
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

    /** The step of the token's last entry (0 if it has none): how far a rebuild must replay to apply them all. */
    public static long lastStep(Parsed h) {
        return h.entries().isEmpty() ? 0 : h.entries().get(h.entries().size() - 1).step();
    }

    /** Parses a token; throws IllegalArgumentException naming what is wrong. */
    public static Parsed parse(String token, Lesson lesson) {
        if (token == null || token.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("history: missing or longer than " + MAX_LENGTH + " characters");
        }
        int bar = token.indexOf('|');
        String log = bar < 0 ? token : token.substring(0, bar);
        String chapters = bar < 0 ? "" : token.substring(bar + 1);
        List<Item> items = new ArrayList<>();
        long last = 0;
        if (!log.isEmpty()) {
            String[] parts = log.split(",", -1);
            if (parts.length > MAX_ENTRIES) {
                throw new IllegalArgumentException("history: more than " + MAX_ENTRIES + " entries");
            }
            for (String part : parts) {
                Item it = item(part, lesson);
                if (it.step() < last) {
                    throw new IllegalArgumentException("history: steps go backwards at '" + part + "'");
                }
                last = it.step();
                items.add(it);
            }
        }
        List<Long> starts = new ArrayList<>();
        List<Long> ends = new ArrayList<>();
        if (!chapters.isEmpty()) {
            for (String ch : chapters.split(",", -1)) {
                int dash = ch.indexOf('-');
                if (dash < 0) {
                    throw new IllegalArgumentException("history: chapter '" + ch + "' is not start-end");
                }
                starts.add(number(ch.substring(0, dash), ch));
                String end = ch.substring(dash + 1);
                if (!end.isEmpty()) {
                    if (ends.size() != starts.size() - 1) {
                        throw new IllegalArgumentException("history: an ended chapter after an unended one");
                    }
                    ends.add(number(end, ch));
                }
            }
            if (starts.size() > lesson.steps().size()) {
                throw new IllegalArgumentException("history: more chapters than the lesson has steps");
            }
        }
        return new Parsed(items, starts, ends);
    }

    private static Item item(String part, Lesson lesson) {
        int i = 0;
        while (i < part.length() && Character.isDigit(part.charAt(i))) {
            i++;
        }
        if (i == 0 || i == part.length()) {
            throw new IllegalArgumentException("history: entry '" + part + "' is not <step><code>");
        }
        long step = number(part.substring(0, i), part);
        char code = part.charAt(i);
        String arg = part.length() > i + 2 && part.charAt(i + 1) == ':' ? part.substring(i + 2) : "";
        Timeline.Entry e = switch (code) {
            case 's' -> {
                if (!SIGNALS.contains(arg)) {
                    throw new IllegalArgumentException("history: unknown signal '" + arg + "'");
                }
                yield new Timeline.Entry.Inject(new Injection.Signal(arg));
            }
            case 'g' -> new Timeline.Entry.Inject(new Injection.ForceGc());
            case 'o' -> {
                if (!lesson.program().functions().containsKey(arg)) {
                    throw new IllegalArgumentException("history: unknown function '" + arg + "'");
                }
                yield new Timeline.Entry.Inject(new Injection.StartGoroutine(arg));
            }
            case 'a', 'w' -> {
                if (!arg.equals("0") && !arg.equals("1")) {
                    throw new IllegalArgumentException("history: switch value must be 0 or 1 in '" + part + "'");
                }
                yield new Timeline.Entry.Inject(new Injection.SetSwitch(code == 'a' ? "asyncPreemption" : "writeBarrier", arg.equals("1")));
            }
            case 'c' -> new Timeline.Entry.Clock(number(arg, part));
            default -> throw new IllegalArgumentException("history: unknown code '" + code + "' in '" + part + "'");
        };
        return new Item(step, e);
    }

    private static long number(String s, String where) {
        if (s.isEmpty() || s.length() > 15 || !s.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("history: '" + s + "' in '" + where + "' is not a step or time");
        }
        return Long.parseLong(s);
    }
}
