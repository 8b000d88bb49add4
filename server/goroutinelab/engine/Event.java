package goroutinelab.engine;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One engine step: a past-tense fact about one runtime action. Carries ids, not
 * references; {@code g}, {@code m} and {@code p} are null where they do not apply.
 * Kind-specific fields ({@code from}, {@code moved}, {@code obj}, {@code signal}...)
 * are in {@code detail}.
 */
public record Event(EventKind kind, long step, long time, Integer g, Integer m, Integer p,
                    Text text, Map<String, Object> detail) {

    public Event {
        detail = detail == null || detail.isEmpty()
                ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(detail));
    }

    public String text(String lang) {
        return text.in(lang);
    }

    @Override
    public String toString() {
        return "#" + step + " @" + time + "ns " + kind.wire() + ": " + text.in("en");
    }
}
