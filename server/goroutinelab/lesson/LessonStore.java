package goroutinelab.lesson;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.ref.WeakReference;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The lessons a server offers: the ones bundled in the jar, or those in a
 * folder (--lessons DIR), re-read when a file changes so an instructor can
 * edit and reload. A lesson that does not load is kept as its error, so the
 * catalogue can show what to fix.
 *
 * <p>A folder is read off the request path: a scan at start-up, then one a
 * second on a background thread, each building an immutable snapshot that
 * requests only look up, so no request waits on the disk or on a lock (eight
 * catalogue fetches of a 3,000-lesson folder used to make every {@code load}
 * wait for their scans). A scan reads only regular files: a FIFO named
 * {@code x.yaml} would block the read forever, and is listed as an error
 * instead. A file that passes the check and is swapped for a FIFO before it
 * is read can still block a scan; then the next scans go on without it on
 * other threads, and requests never notice.
 */
public final class LessonStore {
    private static final Logger LOG = LoggerFactory.getLogger(LessonStore.class);
    private static final Pattern ID = Pattern.compile("^[a-z0-9]+(-[a-z0-9]+)*$");
    /** How often a folder is scanned for changes. */
    static final long RESCAN_MS = 1000;
    /** A scan running longer than this is taken as blocked (a swapped-in FIFO): the next one starts anyway. */
    static final long BLOCKED_SCAN_MS = 30_000;
    private static final ScheduledExecutorService RESCANS = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "lesson-rescan");
        t.setDaemon(true);
        return t;
    });
    private static final ExecutorService SCANNERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "lesson-scan");
        t.setDaemon(true);
        return t;
    });

    /** One catalogue entry: a loaded lesson, or the problems that keep it from loading. */
    public record Entry(String id, Lesson lesson, List<LessonError.Problem> problems, String source) {
        public boolean ok() {
            return lesson != null;
        }
    }

    /**
     * The course's chapters ({@link Course#NONE} when there is no course file or it does
     * not load), and the problems of its file: why it does not load, or the lessons it
     * names that are not there.
     */
    public record CourseEntry(Course course, List<LessonError.Problem> problems) {
        static final CourseEntry NONE = new CourseEntry(Course.NONE, List.of());

        /** The course file's text read against the lessons there are. */
        static CourseEntry of(String text, String file, java.util.Collection<String> lessons) {
            try {
                Course c = Course.parse(text, file);
                return new CourseEntry(c, c.unknownLessons(lessons, file));
            } catch (LessonError e) {
                return new CourseEntry(Course.NONE, e.problems());
            }
        }
    }

    /** What requests see: every entry by id, the catalogue's order, and the course. Never changed once built. */
    private record Snapshot(Map<String, Entry> byId, List<Entry> sorted, CourseEntry course) {
        static Snapshot of(Map<String, Entry> entries, CourseEntry course) {
            List<Entry> list = new ArrayList<>(entries.values());
            list.sort(Comparator.comparing((Entry e) -> !e.ok())
                    .thenComparingInt(e -> e.ok() ? e.lesson().order() : 0)
                    .thenComparing(Entry::id));
            return new Snapshot(Map.copyOf(entries), List.copyOf(list), course);
        }
    }

    private final Folder folder;
    private final Snapshot bundled;
    /** Lessons being previewed from the author page, in memory only; get() finds them by their preview- id. */
    private final Previews previews;

    private LessonStore(Folder folder, Snapshot bundled, Previews previews) {
        this.folder = folder;
        this.bundled = bundled;
        this.previews = previews;
    }

    /** The same lessons with another preview cache (tests use small ones). */
    public LessonStore withPreviews(Previews p) {
        return new LessonStore(folder, bundled, p);
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
        CourseEntry c = course == null ? CourseEntry.NONE : CourseEntry.of(course, "lessons/" + Course.FILE, out.keySet());
        return new LessonStore(null, Snapshot.of(out, c), Previews.defaults());
    }

    /** The lessons in a folder: scanned now, then rescanned every second in the background. */
    public static LessonStore folder(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("--lessons: " + dir + " is not a directory");
        }
        Folder f = new Folder(dir);
        f.scan(f.generation.incrementAndGet());
        f.schedule();
        return new LessonStore(f, null, Previews.defaults());
    }

    private static Entry entry(String id, String text, String file) {
        try {
            return new Entry(id, LessonLoader.parse(text, file, id), List.of(), text);
        } catch (LessonError e) {
            return new Entry(id, null, e.problems(), text);
        }
    }

    private Snapshot snapshot() {
        return folder == null ? bundled : folder.snapshot;
    }

    /** The lessons folder this store serves (--lessons), or empty for the bundled lessons. */
    public Optional<Path> folderPath() {
        return folder == null ? Optional.empty() : Optional.of(folder.dir);
    }

    /** The course: its chapters, and the problems of its file. */
    public CourseEntry course() {
        return snapshot().course();
    }

    /** Every lesson, ordered by {@code order} then id; broken ones last. */
    public List<Entry> all() {
        return snapshot().sorted();
    }

    /** The lesson with this id, if its id is well-formed and it exists. */
    public Optional<Entry> get(String id) {
        if (id == null || !ID.matcher(id).matches() || id.length() > 64) {
            return Optional.empty();
        }
        if (Previews.isPreviewId(id)) {
            return previews.get(id).map(l -> new Entry(id, l, List.of(), null));
        }
        return Optional.ofNullable(snapshot().byId().get(id));
    }

    /** Scans the folder now and waits for it (tests; the background scan does this every second). */
    public void rescan() {
        if (folder != null) {
            folder.scan(folder.generation.incrementAndGet());
        }
    }

    /** A lessons folder and its latest snapshot; scans run on background threads, one at a time unless one is blocked. */
    private static final class Folder {
        final Path dir;
        volatile Snapshot snapshot = Snapshot.of(Map.of(), CourseEntry.NONE);
        /** Each scan's number; a scan publishes only if no later scan has. */
        final AtomicLong generation = new AtomicLong();
        private long published;
        /** When the running scan started (0: none running). */
        private final AtomicLong scanningSinceMs = new AtomicLong();
        /** Parsed files by id, with the modification time and size they were parsed at. */
        private final Map<String, Cached> cache = new ConcurrentHashMap<>();
        private volatile boolean failedLastTime;

        private record Cached(FileTime modified, long size, Entry entry) {
        }

        Folder(Path dir) {
            this.dir = dir;
        }

        /** Every second: start a scan unless one is running (and not yet taken as blocked). */
        void schedule() {
            WeakReference<Folder> self = new WeakReference<>(this);
            ScheduledFuture<?>[] task = new ScheduledFuture<?>[1];
            task[0] = RESCANS.scheduleWithFixedDelay(() -> {
                Folder f = self.get();
                if (f == null) {
                    task[0].cancel(false); // nobody serves this folder any more
                    return;
                }
                f.tick();
            }, RESCAN_MS, RESCAN_MS, TimeUnit.MILLISECONDS);
        }

        private void tick() {
            long now = System.currentTimeMillis();
            long since = scanningSinceMs.get();
            if (since != 0 && now - since < BLOCKED_SCAN_MS) {
                return;
            }
            if (since != 0) {
                LOG.warn("a scan of the lessons folder has been blocked for {} s (a file that cannot be read?); starting another",
                        (now - since) / 1000);
            }
            if (scanningSinceMs.compareAndSet(since, now)) {
                long gen = generation.incrementAndGet();
                SCANNERS.execute(() -> {
                    try {
                        scan(gen);
                    } finally {
                        scanningSinceMs.compareAndSet(now, 0);
                    }
                });
            }
        }

        void scan(long gen) {
            Map<String, Entry> out = new LinkedHashMap<>();
            try (Stream<Path> s = Files.list(dir)) {
                for (Path p : s.filter(Course::isLessonFile).sorted().toList()) {
                    String name = p.getFileName().toString();
                    String id = name.substring(0, name.length() - 5);
                    if (ID.matcher(id).matches() && id.length() <= 64) {
                        out.put(id, read(id, p));
                    }
                }
                failedLastTime = false;
            } catch (IOException | UncheckedIOException e) {
                if (!failedLastTime) {
                    LOG.warn("cannot list the lessons folder ({}); serving what was read before", e.toString());
                }
                failedLastTime = true;
                return;
            }
            cache.keySet().retainAll(out.keySet());
            publish(gen, Snapshot.of(out, course(out.keySet())));
        }

        /** The folder's course file, if it has one (a regular file, like a lesson's). */
        private CourseEntry course(java.util.Collection<String> lessons) {
            Path f = dir.resolve(Course.FILE);
            try {
                if (!Files.exists(f)) {
                    return CourseEntry.NONE;
                }
                if (!Files.readAttributes(f, BasicFileAttributes.class).isRegularFile()) {
                    return new CourseEntry(Course.NONE, List.of(new LessonError.Problem(Course.FILE, 0, 0,
                            "not a regular file (a folder, a pipe or a device): the course is a plain text file")));
                }
                return CourseEntry.of(Files.readString(f, StandardCharsets.UTF_8), Course.FILE, lessons);
            } catch (IOException e) {
                return new CourseEntry(Course.NONE, List.of(new LessonError.Problem(Course.FILE, 0, 0,
                        "cannot read the file (" + e.getClass().getSimpleName() + ")")));
            }
        }

        private synchronized void publish(long gen, Snapshot s) {
            if (gen > published) {
                published = gen;
                snapshot = s;
            }
        }

        private Entry read(String id, Path f) {
            String file = id + ".yaml";
            try {
                Path real = f.toRealPath();
                if (!real.startsWith(dir.toRealPath())) {
                    return problem(id, "a link to a file outside the lessons folder: copy the lesson into the folder instead");
                }
                BasicFileAttributes a = Files.readAttributes(real, BasicFileAttributes.class);
                if (!a.isRegularFile()) {
                    return problem(id, "not a regular file (a folder, a pipe or a device): a lesson is a plain text file");
                }
                Cached c = cache.get(id);
                if (c != null && c.modified.equals(a.lastModifiedTime()) && c.size == a.size()) {
                    return c.entry;
                }
                Entry e = load(id, real, f, a.size());
                cache.put(id, new Cached(a.lastModifiedTime(), a.size(), e));
                return e;
            } catch (IOException e) {
                return new Entry(id, null, List.of(new LessonError.Problem(file, 0, 0,
                        "cannot read the file (" + e.getClass().getSimpleName() + ")")), null);
            }
        }

        /** Reads and parses one regular file; problems are named by the file's name, not the server's path. */
        private static Entry load(String id, Path real, Path shownAs, long size) throws IOException {
            if (size > YamlTree.MAX_CHARS * 4L) {
                return problem(id, "the file is " + size + " bytes; a lesson may have at most " + YamlTree.MAX_CHARS + " characters");
            }
            String text;
            try {
                text = Files.readString(real, StandardCharsets.UTF_8);
            } catch (MalformedInputException e) {
                return problem(id, "not UTF-8 text");
            }
            try {
                return new Entry(id, LessonLoader.parse(text, shownAs.toString(), id), List.of(), text);
            } catch (LessonError err) {
                return new Entry(id, null, named(err.problems(), shownAs, id), null);
            }
        }

        private static Entry problem(String id, String message) {
            return new Entry(id, null, List.of(new LessonError.Problem(id + ".yaml", 0, 0, message)), null);
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

    /** The YAML texts of the bundled lessons, by id, in the order of their names. */
    public static Map<String, String> bundledTexts() {
        return readBundled();
    }

    /** The bundled course file's text, or null. */
    static String readBundledCourse() {
        try (InputStream in = LessonStore.class.getResourceAsStream("/lessons/" + Course.FILE)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
