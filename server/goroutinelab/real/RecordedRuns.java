package goroutinelab.real;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The real runs bundled with the lab (lessons/real/ID.json, made by
 * {@code real --record}), read from the classpath, so that a server without
 * Go can show a lesson's real run. docs/real-trace.md describes the shape.
 */
public final class RecordedRuns {
    private static final Pattern ID = Pattern.compile("^[a-z0-9]+(-[a-z0-9]+)*$");

    private RecordedRuns() {
    }

    /** The recorded run of a lesson, if there is one; an id that is not a lesson id finds none. */
    public static Optional<RealTrace> bundled(String lessonId) {
        return bundledJson(lessonId).map(bytes -> {
            try {
                return RealTrace.mapper().readValue(bytes, RealTrace.class);
            } catch (IOException e) {
                throw new UncheckedIOException("RecordedRuns.bundled: lessons/real/" + lessonId + ".json does not read", e);
            }
        });
    }

    /** The recorded run's JSON as it is bundled (to send as it is). */
    public static Optional<byte[]> bundledJson(String lessonId) {
        if (lessonId == null || lessonId.length() > 64 || !ID.matcher(lessonId).matches()) {
            return Optional.empty();
        }
        try (InputStream in = RecordedRuns.class.getResourceAsStream("/lessons/real/" + lessonId + ".json")) {
            return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A live run cut to the same window a recording keeps (for a server that runs lessons itself). */
    public static RealTrace window(RealTrace run) {
        return Recording.window(run, Recording.MAX_EVENTS, Recording.MAX_HEAP);
    }
}
