package goroutinelab.engine;

import java.text.MessageFormat;
import java.util.Locale;

/**
 * A sentence in English and Chinese with shared arguments ({0}, {1}, ...),
 * formatted only when someone reads it: events are created millions of times
 * a second and read a few times. An argument may itself be a Text (a phrase
 * that is there or not), formatted in the same language; numbers are written
 * plainly (no grouping), so ids read as G1001, not G1,001.
 *
 * <p>Every argument is written as plain text, so {@link #in} only puts each
 * {@code {n}} in its place, as {@link MessageFormat} would with every quote
 * literal; a sentence with any other brace in it is left to MessageFormat.
 * (Building a MessageFormat parses its pattern each time: it was most of the
 * cost of an event's text in a frame.)
 */
public record Text(String en, String zh, Object... args) {

    public static final Text EMPTY = new Text("", "");

    public String in(String lang) {
        String pattern = "zh".equals(lang) ? zh : en;
        if (args.length == 0) {
            return pattern;
        }
        Object[] plain = new Object[args.length];
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            plain[i] = a instanceof Text t ? t.in(lang) : String.valueOf(a);
        }
        String placed = place(pattern, plain);
        return placed != null ? placed : new MessageFormat(pattern.replace("'", "''"), Locale.ROOT).format(plain);
    }

    /** The pattern with each {n} replaced by its argument (a missing one kept as written); null if a brace is anything else. */
    static String place(String pattern, Object[] plain) {
        StringBuilder out = new StringBuilder(pattern.length() + 16 * plain.length);
        int i = 0;
        while (i < pattern.length()) {
            char c = pattern.charAt(i);
            if (c == '}') {
                return null;
            }
            if (c != '{') {
                out.append(c);
                i++;
                continue;
            }
            int close = pattern.indexOf('}', i + 1);
            if (close < 0 || close == i + 1 || close - i > 4) {
                return null;
            }
            int n = 0;
            for (int k = i + 1; k < close; k++) {
                char d = pattern.charAt(k);
                if (d < '0' || d > '9') {
                    return null;
                }
                n = n * 10 + (d - '0');
            }
            out.append(n < plain.length ? plain[n] : pattern.substring(i, close + 1));
            i = close + 1;
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return in("en");
    }
}
