package goroutinelab.web;

import com.fasterxml.jackson.databind.util.RawValue;
import goroutinelab.classroom.Classroom;
import goroutinelab.http.SameSite;
import goroutinelab.lesson.Lesson;
import goroutinelab.lesson.LessonStore;
import goroutinelab.lesson.Previews;
import goroutinelab.real.RealError;
import goroutinelab.real.RealRunner;
import goroutinelab.real.RealTrace;
import goroutinelab.real.RecordedRuns;
import goroutinelab.real.TrustedLessons;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A lesson's real run over HTTP (docs/real-trace.md, "In the player"):
 *
 * <ul>
 * <li>{@code GET /api/lessons/{id}/real}: the lesson's recorded real run: one re-recorded on this
 * server, else the one beside a lessons folder's lesson (DIR/real/ID.json), else the bundled one;
 * 404 with a JSON message when there is none (a CPython-only lesson, a folder lesson never recorded,
 * a draft from the author page). Every answer says {@code canRecord}: whether this server would
 * record the lesson again for the one asking; to the instructor it also says how the last recording
 * went ({@code recording}).</li>
 * <li>{@code POST /api/lessons/{id}/real}: record it again here, in the background, one lesson at a
 * time; 202, and the GET says how it went. Only with {@code --real-runs} (it builds and runs
 * programs: docs/deploy.md), only for the instructor (the request carries the server's recording key,
 * {@code Authorization: Bearer KEY}), only from this site's own pages, only for a lesson on the
 * server's own disk ({@link TrustedLessons}), never anything a browser sends.</li>
 * </ul>
 */
public final class RealRuns {
    private static final Logger LOG = LoggerFactory.getLogger(RealRuns.class);

    /** What records a lesson for real (the real runner; tests give their own). */
    @FunctionalInterface
    public interface Recorder {
        RealTrace record(TrustedLessons.Trusted lesson) throws RealError;
    }

    /**
     * Whether the server may record lessons again ({@code --real-runs}), the instructor's key that a
     * recording needs, with which go command (null: {@code go} on a standard path), how many runs a
     * recording is the median of, where builds are cached (null: the real runner's default), and the
     * recorder (null: the real runner; tests give their own).
     */
    public record Options(boolean enabled, String key, String goPath, int runs, Path cacheDir, Recorder recorder) {
        /** The shortest key accepted: a key is a secret, not a password to remember. */
        public static final int MIN_KEY_LENGTH = 16;

        public Options {
            if (runs < 1 || runs > 20) {
                throw new IllegalArgumentException("a recording takes 1 to 20 runs, not " + runs);
            }
            if (enabled && (key == null || key.length() < MIN_KEY_LENGTH || key.length() > 200 || !key.matches("[A-Za-z0-9_-]+"))) {
                throw new IllegalArgumentException("the real runs' recording key must be " + MIN_KEY_LENGTH
                        + " to 200 letters, digits, '-' or '_'");
            }
        }

        /** Recorded runs are served; none is made. */
        public static Options off() {
            return new Options(false, null, null, 5, null, null);
        }

        /**
         * Recorded runs are served, and an instructor holding key may record lessons again with the go
         * command at goPath (null: find it).
         */
        public static Options on(String goPath, String key) {
            return new Options(true, key, goPath, 5, null, null);
        }

        /** A fresh random key (256 bits, URL-safe), for a server not given one. */
        public static String newKey() {
            byte[] b = new byte[32];
            new SecureRandom().nextBytes(b);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
        }

        public Options withRecorder(Recorder r) {
            return new Options(enabled, key, goPath, runs, cacheDir, r);
        }

        public Options withRuns(int n, Path cache) {
            return new Options(enabled, key, goPath, n, cache, recorder);
        }

        @Override
        public String toString() {
            return "Options[enabled=" + enabled + ", goPath=" + goPath + ", runs=" + runs + "]";
        }
    }

    /** A run recorded here, for the lesson text it was recorded from. */
    private record Kept(String textHash, byte[] json, String at) {
    }

    /** A recording in progress. */
    private record Job(String lesson, String textHash, String since) {
    }

    private final LessonStore store;
    private final boolean enabled;
    /** The SHA-256 of the instructor's key (null when recording is off). */
    private final byte[] keyHash;
    /** Null when recording is off, or when it is on but cannot be done here (then {@link #unavailable} says why). */
    private final Recorder recorder;
    private final String unavailable;
    private final ExecutorService worker;
    private final AtomicReference<Job> current = new AtomicReference<>();
    private final Map<String, Kept> kept = new ConcurrentHashMap<>();
    private final Map<String, String> failed = new ConcurrentHashMap<>();

    RealRuns(LessonStore store, Options options) {
        this.store = store;
        this.enabled = options.enabled();
        this.keyHash = enabled ? sha256(options.key()) : null;
        Recorder r = null;
        String why = null;
        if (enabled) {
            if (options.recorder() != null) {
                r = options.recorder();
            } else {
                try {
                    RealRunner.Options ro = RealRunner.Options.defaults().withGo(options.goPath());
                    // fresh runs every time (the point of recording again); the builds stay cached
                    RealRunner runner = new RealRunner(ro.withCache(options.cacheDir() != null ? options.cacheDir() : ro.cacheDir(), false));
                    int runs = options.runs();
                    r = lesson -> RecordedRuns.record(runner, lesson, runs);
                    LOG.info("real runs: lessons may be recorded again here with {}", runner.toolchain().version());
                } catch (RealError e) {
                    why = e.getMessage();
                    LOG.warn("real runs: --real-runs is on, but lessons cannot be recorded here: {}", why);
                }
            }
        }
        this.recorder = r;
        this.unavailable = why;
        this.worker = r == null ? null : Executors.newSingleThreadExecutor(task -> {
            Thread t = new Thread(task, "real-runs");
            t.setDaemon(true);
            return t;
        });
    }

    void routes(RoutesConfig routes) {
        routes.get("/api/lessons/{id}/real", this::get);
        routes.post("/api/lessons/{id}/real", this::post);
    }

    /** Stops a recording in progress (the server is stopping). */
    void stop() {
        if (worker != null) {
            worker.shutdownNow();
        }
    }

    // ---- GET ----

    private void get(Context ctx) {
        String id = ctx.pathParam("id");
        if (Previews.isPreviewId(id)) {
            refuse(ctx, 404, "no_real_run", "a draft from the author page has no real run: only the server's own lessons are run for real");
            return;
        }
        Optional<LessonStore.Entry> entry = store.get(id);
        if (entry.isEmpty() || !entry.get().ok()) {
            refuse(ctx, 404, "no_lesson", "there is no lesson '" + clip(id) + "' on this server");
            return;
        }
        Lesson lesson = entry.get().lesson();
        if (lesson.model() == Lesson.Model.CPYTHON) {
            refuse(ctx, 404, "no_real_run", "lesson '" + id + "' models the CPython interpreter only: it has no Go program, "
                    + "so no real run");
            return;
        }
        boolean instructor = instructor(ctx);
        boolean canRecord = instructor && canRecord(id);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("lesson", id);
        Kept here = kept.get(id);
        byte[] json = null;
        String origin = null;
        if (here != null && entry.get().source() != null && here.textHash().equals(hash(entry.get().source()))) {
            json = here.json();
            origin = "server";
            m.put("recordedAt", here.at());
        } else if (store.folderPath().isPresent()) {
            json = RecordedRuns.folderJson(store.folderPath().get(), id).orElse(null);
            origin = "folder";
        } else {
            json = RecordedRuns.bundledJson(id).orElse(null);
            origin = "bundled";
        }
        m.put("canRecord", canRecord);
        if (instructor) {
            recording(id).ifPresent(r -> m.put("recording", r));
        }
        ctx.header("Vary", "Authorization");
        if (json == null) {
            m.put("error", "no_real_run");
            m.put("message", "lesson '" + id + "' has no recorded real run on this server"
                    + (canRecord ? ": record one" : store.folderPath().isPresent()
                    ? " (record one with: goroutine-lab real --record <lessons folder>)" : ""));
            ctx.header("Cache-Control", "no-cache");
            rendered(ctx);
            ctx.status(404).json(m);
            return;
        }
        m.put("origin", origin);
        m.put("run", new RawValue(new String(json, StandardCharsets.UTF_8)));
        byte[] body;
        try {
            body = WireFormat.JSON.writeValueAsBytes(m);
        } catch (IOException e) {
            throw new IllegalStateException("RealRuns.get: the answer does not serialize", e);
        }
        String etag = "\"" + hash(body) + "\"";
        // a bundled recording changes only with the server's build; anything that may change here is revalidated
        ctx.header("Cache-Control", enabled || !"bundled".equals(origin) ? "no-cache" : "public, max-age=600");
        ctx.header("ETag", etag);
        if (etag.equals(ctx.header("If-None-Match"))) {
            ctx.status(304);
            return;
        }
        ctx.contentType("application/json").result(body);
    }

    /** Whether a POST for this lesson would start a recording (not whether one is running now). */
    private boolean canRecord(String id) {
        if (recorder == null) {
            return false;
        }
        try {
            TrustedLessons.resolve(store, id);
            return true;
        } catch (RealError e) {
            return false;
        }
    }

    /** A recording of this lesson running now, or the last one that failed. */
    private Optional<Map<String, Object>> recording(String id) {
        Job j = current.get();
        Map<String, Object> r = new LinkedHashMap<>();
        if (j != null && j.lesson().equals(id)) {
            r.put("state", "running");
            r.put("since", j.since());
            return Optional.of(r);
        }
        String why = failed.get(id);
        if (why != null) {
            r.put("state", "failed");
            r.put("message", why);
            return Optional.of(r);
        }
        return Optional.empty();
    }

    // ---- POST ----

    private void post(Context ctx) {
        String id = ctx.pathParam("id");
        if (!SameSite.allowed(ctx)) {
            refuse(ctx, 403, "cross_site", SameSite.REFUSED);
            return;
        }
        if (!enabled) {
            refuse(ctx, 403, "not_enabled", "recording lessons again is not enabled on this server "
                    + "(it builds and runs programs: the server's administrator turns it on with --real-runs)");
            return;
        }
        if (!instructor(ctx)) {
            refuse(ctx, 403, "forbidden", "recording a lesson again needs the instructor's key: open the lesson with "
                    + "the link the server printed when it started (it ends in #record-key=...)");
            return;
        }
        String type = ctx.contentType();
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            refuse(ctx, 415, "bad_request", "send the request as JSON (Content-Type: application/json), body {}");
            return;
        }
        if (recorder == null) {
            refuse(ctx, 503, "no_toolchain", "this server cannot record lessons: " + unavailable);
            return;
        }
        TrustedLessons.Trusted lesson;
        try {
            lesson = TrustedLessons.resolve(store, id);
        } catch (RealError e) {
            refuse(ctx, e.kind() == RealError.Kind.NOT_RUNNABLE ? 422 : 403,
                    e.kind() == RealError.Kind.NOT_RUNNABLE ? "not_runnable" : "refused", e.getMessage());
            return;
        }
        Job job = new Job(id, hash(lesson.text()), Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        if (!current.compareAndSet(null, job)) {
            refuse(ctx, 409, "busy", "this server records one lesson at a time, and is recording '" + current.get().lesson()
                    + "' now: try again when it is done");
            return;
        }
        failed.remove(id);
        try {
            worker.execute(() -> record(job, lesson));
        } catch (RuntimeException e) {
            current.set(null);
            throw e;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("lesson", id);
        m.put("recording", Map.of("state", "running", "since", job.since()));
        ctx.status(202).json(m);
    }

    private void record(Job job, TrustedLessons.Trusted lesson) {
        try {
            RealTrace t = recorder.record(lesson);
            kept.put(job.lesson(), new Kept(job.textHash(), RealTrace.mapper().writeValueAsBytes(t),
                    Instant.now().truncatedTo(ChronoUnit.SECONDS).toString()));
            LOG.info("real runs: recorded {} again ({} events)", job.lesson(), t.events().size());
        } catch (RealError e) {
            failed.put(job.lesson(), e.getMessage());
            LOG.info("real runs: recording {} failed: {}", job.lesson(), e.getMessage());
        } catch (IOException | RuntimeException e) {
            String ref = Errors.reference();
            failed.put(job.lesson(), "something went wrong on the server (reference " + ref + ")");
            LOG.error("internal error {} recording {}: {}", ref, job.lesson(), e.toString(), e);
        } finally {
            current.set(null);
        }
    }

    // ---- helpers ----

    /** Whether the request carries the instructor's key ({@code Authorization: Bearer KEY}), compared in constant time. */
    private boolean instructor(Context ctx) {
        if (keyHash == null) {
            return false;
        }
        String h = ctx.header("Authorization");
        if (h == null || h.length() > 300 || !h.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        return MessageDigest.isEqual(sha256(h.substring(7).trim()), keyHash);
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("RealRuns.sha256: no SHA-256", e);
        }
    }

    private void refuse(Context ctx, int status, String code, String message) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("error", code);
        m.put("message", message);
        ctx.header("Cache-Control", "no-cache");
        rendered(ctx);
        ctx.status(status).json(m);
    }

    /** The app's 404 page leaves an answer alone that says it wrote its own. */
    private static void rendered(Context ctx) {
        ctx.attribute(Classroom.PAGE_RENDERED, true);
    }

    private static String hash(String text) {
        return hash(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String hash(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)).substring(0, 24);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("RealRuns.hash: no SHA-256", e);
        }
    }

    private static String clip(String s) {
        return s == null ? "" : s.length() > 64 ? s.substring(0, 64) + "…" : s.replaceAll("[\\p{Cntrl}]", "?");
    }
}
