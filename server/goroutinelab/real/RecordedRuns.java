package goroutinelab.real;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Recorded real runs, so that a server without Go can show a lesson's real
 * run: the ones bundled with the lab (lessons/real/ID.json, made by
 * {@code real --record}, read from the classpath), those beside a lessons
 * folder's lessons (DIR/real/ID.json, made the same way), and one recorded
 * on the server itself ({@link #record}). docs/real-trace.md describes the
 * shape.
 */
public final class RecordedRuns {
    private static final Pattern ID = Pattern.compile("^[a-z0-9]+(-[a-z0-9]+)*$");
    /** A recording in a lessons folder larger than this is not read (the bundled ones are under 256 KB). */
    public static final long MAX_FILE_BYTES = 4L << 20;

    private RecordedRuns() {
    }

    private static boolean wellFormed(String lessonId) {
        return lessonId != null && lessonId.length() <= 64 && ID.matcher(lessonId).matches();
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
        if (!wellFormed(lessonId)) {
            return Optional.empty();
        }
        try (InputStream in = RecordedRuns.class.getResourceAsStream("/lessons/real/" + lessonId + ".json")) {
            return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The recorded run's JSON beside a lessons folder's lesson, DIR/real/ID.json, as {@code real --record DIR}
     * writes it: a regular file inside the folder (not a link out of it), at most {@link #MAX_FILE_BYTES}.
     * An id that is not a lesson id, or a file that breaks a rule or does not read, finds none.
     */
    public static Optional<byte[]> folderJson(Path dir, String lessonId) {
        if (dir == null || !wellFormed(lessonId)) {
            return Optional.empty();
        }
        try {
            Path file = dir.resolve("real").resolve(lessonId + ".json");
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) || Files.size(file) > MAX_FILE_BYTES
                    || !file.toRealPath().startsWith(dir.toRealPath())) {
                return Optional.empty();
            }
            byte[] bytes = Files.readAllBytes(file);
            RealTrace t = RealTrace.mapper().readValue(bytes, RealTrace.class);
            return t.format() == RealTrace.FORMAT && lessonId.equals(t.lesson()) ? Optional.of(bytes) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** A live run cut to the same window a recording keeps (for a server that runs lessons itself). */
    public static RealTrace window(RealTrace run) {
        return Recording.window(run, Recording.MAX_EVENTS, Recording.MAX_HEAP);
    }

    /**
     * Records a lesson from the server's own disk as {@code real --record} does: {@code runs} fresh runs, the
     * median by duration, cut to the window. (The claims' tallies are left to {@code real --record}, which
     * reads the claims beside the lessons.)
     */
    public static RealTrace record(RealRunner runner, TrustedLessons.Trusted lesson, int runs) throws RealError {
        return Recording.keep(runner.run(lesson.lesson(), lesson.text(), runs).runs(), null);
    }
}
