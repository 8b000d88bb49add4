package goroutinelab.engine;

import java.text.MessageFormat;
import java.util.Locale;

/**
 * A sentence in English and Chinese with shared arguments ({0}, {1}, ...),
 * formatted only when someone reads it: events are created millions of times
 * a second and read a few times. An argument may itself be a Text (a phrase
 * that is there or not), formatted in the same language; numbers are written
 * plainly (no grouping), so ids read as G1001, not G1,001.
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
        return new MessageFormat(pattern.replace("'", "''"), Locale.ROOT).format(plain);
    }

    @Override
    public String toString() {
        return in("en");
    }
}
