package goroutinelab.real;

import goroutinelab.lesson.Lesson;
import goroutinelab.lesson.LessonStore;
import goroutinelab.lesson.Previews;
import goroutinelab.lesson.YamlTree;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The only way a server may obtain a lesson to run for real: by id, from the
 * server's own lessons (the bundled ones, or a {@code --lessons} folder on its
 * disk). A draft from the author page (a preview id), an id that is not
 * well-formed or names no lesson, a lesson that does not load, and a lesson
 * text over the size limit are all refused; nothing a browser sends becomes a
 * program.
 */
public final class TrustedLessons {
    private static final Pattern ID = Pattern.compile("^[a-z0-9]+(-[a-z0-9]+)*$");

    /** A lesson from the server's disk, with the text it was loaded from. */
    public record Trusted(Lesson lesson, String text) {
    }

    private TrustedLessons() {
    }

    public static Trusted resolve(LessonStore store, String id) throws RealError {
        if (id == null || id.length() > 64 || !ID.matcher(id).matches()) {
            throw new RealError(RealError.Kind.REFUSED, "not a lesson id: expected lower-case letters, digits and dashes");
        }
        if (Previews.isPreviewId(id)) {
            throw new RealError(RealError.Kind.REFUSED, "a draft from the author page cannot be run for real: "
                    + "only the server's own lessons can");
        }
        Optional<LessonStore.Entry> entry = store.get(id);
        if (entry.isEmpty()) {
            throw new RealError(RealError.Kind.REFUSED, "no lesson '" + id + "' on this server");
        }
        LessonStore.Entry e = entry.get();
        if (!e.ok() || e.source() == null) {
            throw new RealError(RealError.Kind.REFUSED, "lesson '" + id + "' does not load, so it cannot be run");
        }
        if (e.source().length() > YamlTree.MAX_CHARS) {
            throw new RealError(RealError.Kind.REFUSED, "lesson '" + id + "' is over the size limit of "
                    + YamlTree.MAX_CHARS + " characters");
        }
        if (e.lesson().model() == Lesson.Model.CPYTHON) {
            throw new RealError(RealError.Kind.NOT_RUNNABLE, "lesson '" + id + "' models the CPython interpreter only: "
                    + "it has no Go program to run");
        }
        return new Trusted(e.lesson(), e.source());
    }
}
