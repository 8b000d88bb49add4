package goroutinelab.lesson;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The lessons a server offers: the ones bundled in the jar, or those in a
 * folder (--lessons DIR), re-read whenever a file changes so an instructor can
 * edit and reload. A lesson that does not load is kept as its error, so the
 * catalogue can show what to fix.
 */
public final class LessonStore {
    private static final Pattern ID = Pattern.compile("^[a-z0-9]+(-[a-z0-9]+)*$");

    /** One catalogue entry: a loaded lesson, or the problems that keep it from loading. */
    public record Entry(String id, Lesson lesson, List<LessonError.Problem> problems, String source) {
        public boolean ok() {
            return lesson != null;
        }
    }

    private final Path dir;
    private final Map<String, Entry> bundled;
    /** Lessons being previewed from the author page, in memory only; get() finds them by their preview- id. */
    private final Previews previews;
    private final Map<String, Cached> cache = new LinkedHashMap<>();
    /** The bundled course; a folder's is read from its course file when that changes. */
    private final CourseEntry bundledCourse;
    private CachedCourse courseCache;

    private record Cached(FileTime modified, long size, Entry entry) {
    }

    private record CachedCourse(FileTime modified, long size, CourseEntry entry) {
    }

    /**
     * The course's chapters ({@link Course#NONE} when there is no course file or it does
     * not load), and the problems of its file: why it does not load, or the lessons it
     * names that are not there.
     */
    public record CourseEntry(Course course, List<LessonError.Problem> problems) {
        static final CourseEntry NONE = new CourseEntry(Course.NONE, List.of());
    }

    private LessonStore(Path dir, Map<String, Entry> bundled, CourseEntry bundledCourse, Previews previews) {
        this.dir = dir;
        this.bundled = bundled;
        this.bundledCourse = bundledCourse;
        this.previews = previews;
    }

    /** The same lessons with another preview cache (tests use small ones). */
    public LessonStore withPreviews(Previews p) {
        return new LessonStore(dir, bundled, bundledCourse, p);
    }

    public Previews previews() {
        return previews;
    }

    /** The lessons bundled on the classpath under /lessons. */
    public static LessonStore bundled() {
        Map<String, Entry> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : readBundled().entrySet()) {
            out.put(e.getKey(), entry(e.getKey(), e.getValue(), "lessons/" + e.getKey() + ".yaml"));
        }
        String course = readBundledCourse();
        CourseEntry c = course == null ? CourseEntry.NONE : courseEntry(course, "lessons/" + Course.FILE, out.keySet());
        return new LessonStore(null, out, c, Previews.defaults());
    }

    /** The lessons in a folder, re-read when they change. */
    public static LessonStore folder(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("--lessons: " + dir + " is not a directory");
        }
        return new LessonStore(dir, Map.of(), CourseEntry.NONE, Previews.defaults());
    }

    private static CourseEntry courseEntry(String text, String file, java.util.Collection<String> lessons) {
        try {
            Course c = Course.parse(text, file);
            return new CourseEntry(c, c.unknownLessons(lessons, file));
        } catch (LessonError e) {
            return new CourseEntry(Course.NONE, e.problems());
        }
    }

    /** The course: its chapters, and the problems of its file. */
    public synchronized CourseEntry course() {
        if (dir == null) {
            return bundledCourse;
        }
        Path f = dir.resolve(Course.FILE);
        try {
            if (!Files.isRegularFile(f)) {
                courseCache = null;
                return CourseEntry.NONE;
            }
            FileTime mod = Files.getLastModifiedTime(f);
            long size = Files.size(f);
            java.util.Set<String> ids = scan().keySet();
            if (courseCache == null || !courseCache.modified.equals(mod) || courseCache.size != size) {
                courseCache = new CachedCourse(mod, size, courseEntry(Files.readString(f, StandardCharsets.UTF_8), Course.FILE, ids));
            }
            Course c = courseCache.entry.course();
            // lessons come and go without the course file changing: name the missing ones afresh
            List<LessonError.Problem> problems = c.chapters().isEmpty() ? courseCache.entry.problems() : c.unknownLessons(ids, Course.FILE);
            return new CourseEntry(c, problems);
        } catch (IOException e) {
            return new CourseEntry(Course.NONE, List.of(new LessonError.Problem(Course.FILE, 0, 0,
                    "cannot read the file (" + e.getClass().getSimpleName() + ")")));
        }
    }

    private static Entry entry(String id, String text, String file) {
        try {
            return new Entry(id, LessonLoader.parse(text, file, id), List.of(), text);
        } catch (LessonError e) {
            return new Entry(id, null, e.problems(), text);
        }
    }

    /** Every lesson, ordered by {@code order} then id; broken ones last. */
    public synchronized List<Entry> all() {
        Map<String, Entry> entries = dir == null ? bundled : scan();
        List<Entry> list = new ArrayList<>(entries.values());
        list.sort(Comparator.comparing((Entry e) -> !e.ok())
                .thenComparingInt(e -> e.ok() ? e.lesson().order() : 0)
                .thenComparing(Entry::id));
        return list;
    }

    /** The lesson with this id, if its id is well-formed and it exists. */
    public synchronized Optional<Entry> get(String id) {
        if (id == null || !ID.matcher(id).matches() || id.length() > 64) {
            return Optional.empty();
        }
        if (Previews.isPreviewId(id)) {
            return previews.get(id).map(l -> new Entry(id, l, List.of(), null));
        }
        if (dir == null) {
            return Optional.ofNullable(bundled.get(id));
        }
        Path f = dir.resolve(id + ".yaml");
        return Files.isRegularFile(f) ? Optional.of(read(id, f)) : Optional.empty();
    }

    private Map<String, Entry> scan() {
        Map<String, Entry> out = new LinkedHashMap<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(Course::isLessonFile).sorted().forEach(p -> {
                String name = p.getFileName().toString();
                String id = name.substring(0, name.length() - 5);
                if (ID.matcher(id).matches()) {
                    out.put(id, read(id, p));
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        cache.keySet().retainAll(out.keySet());
        return out;
    }

    private Entry read(String id, Path f) {
        try {
            if (!f.toRealPath().startsWith(dir.toRealPath())) {
                return new Entry(id, null, List.of(new LessonError.Problem(id + ".yaml", 0, 0,
                        "a link to a file outside the lessons folder: copy the lesson into the folder instead")), null);
            }
            FileTime mod = Files.getLastModifiedTime(f);
            long size = Files.size(f);
            Cached c = cache.get(id);
            if (c != null && c.modified.equals(mod) && c.size == size) {
                return c.entry;
            }
            Entry e;
            try {
                Lesson lesson = LessonLoader.load(f);
                e = new Entry(id, lesson, List.of(), Files.readString(f, StandardCharsets.UTF_8));
            } catch (LessonError err) {
                e = new Entry(id, null, named(err.problems(), f, id), null);
            }
            cache.put(id, new Cached(mod, size, e));
            return e;
        } catch (IOException e) {
            return new Entry(id, null, List.of(new LessonError.Problem(id + ".yaml", 0, 0,
                    "cannot read the file (" + e.getClass().getSimpleName() + ")")), null);
        }
    }

    /**
     * The problems as the browser sees them: named by the lesson's file name, not
     * the server's path to it (which may say where the server keeps its files).
     */
    private static List<LessonError.Problem> named(List<LessonError.Problem> problems, Path f, String id) {
        String full = f.toString();
        String shown = id + ".yaml";
        return problems.stream().map(p -> new LessonError.Problem(p.file().equals(full) ? shown : p.file(), p.line(), p.col(),
                p.message().replace(full, shown))).toList();
    }

    /** The YAML texts of the bundled lessons, by id. */
    static Map<String, String> readBundled() {
        URL schema = LessonStore.class.getResource(SchemaCheck.RESOURCE);
        if (schema == null) {
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>();
        try {
            URI uri = schema.toURI();
            if ("jar".equals(uri.getScheme())) {
                FileSystem fs;
                try {
                    fs = FileSystems.getFileSystem(uri);
                } catch (FileSystemNotFoundException e) {
                    fs = FileSystems.newFileSystem(uri, Map.of());
                }
                collect(fs.getPath("/lessons"), out);
            } else {
                collect(Path.of(uri).getParent().getParent(), out);
            }
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException("cannot list the bundled lessons", e);
        }
        return out;
    }

    /** The bundled course file's text, or null if there is none. */
    static String readBundledCourse() {
        try (InputStream in = LessonStore.class.getResourceAsStream("/lessons/" + Course.FILE)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void collect(Path lessons, Map<String, String> out) throws IOException {
        try (Stream<Path> s = Files.list(lessons)) {
            for (Path p : s.sorted().toList()) {
                String name = p.getFileName().toString();
                if (Course.isLessonFile(p)) {
                    try (InputStream in = Files.newInputStream(p)) {
                        out.put(name.substring(0, name.length() - 5), new String(in.readAllBytes(), StandardCharsets.UTF_8));
                    }
                }
            }
        }
    }
}
