package goroutinelab.engine;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One engine step: a past-tense fact about one runtime action. Carries ids, not
 * references; {@code g}, {@code m} and {@code p} are null where they do not apply.
 * Kind-specific fields ({@code from}, {@code moved}, {@code obj}, {@code signal}...)
 * are in {@link #detail()}, kept as the key/value pairs they were given and
 * turned into a map only when someone reads them (most events are never read).
 */
public final class Event {
    private final EventKind kind;
    private final long step;
    private final long time;
    private final Integer g;
    private final Integer m;
    private final Integer p;
    private final Text text;
    private final Object[] detail;

    public Event(EventKind kind, long step, long time, Integer g, Integer m, Integer p, Text text, Object[] detail) {
        this.kind = kind;
        this.step = step;
        this.time = time;
        this.g = g;
        this.m = m;
        this.p = p;
        this.text = text;
        this.detail = detail == null ? new Object[0] : detail;
    }

    public EventKind kind() {
        return kind;
    }

    public long step() {
        return step;
    }

    public long time() {
        return time;
    }

    public Integer g() {
        return g;
    }

    public Integer m() {
        return m;
    }

    public Integer p() {
        return p;
    }

    public Text text() {
        return text;
    }

    public String text(String lang) {
        return text.in(lang);
    }

    /** The kind-specific fields, in the order the engine gave them. */
    public Map<String, Object> detail() {
        if (detail.length == 0) {
            return Map.of();
        }
        Map<String, Object> d = new LinkedHashMap<>();
        for (int i = 0; i + 1 < detail.length; i += 2) {
            d.put((String) detail[i], detail[i + 1]);
        }
        return Collections.unmodifiableMap(d);
    }

    @Override
    public String toString() {
        return "#" + step + " @" + time + "ns " + kind.wire() + ": " + text.in("en");
    }
}
