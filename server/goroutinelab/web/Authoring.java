package goroutinelab.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import goroutinelab.lesson.Checker;
import goroutinelab.lesson.Lesson;
import goroutinelab.lesson.LessonError;
import goroutinelab.lesson.LessonLoader;
import goroutinelab.lesson.LessonStore;
import goroutinelab.lesson.Previews;
import goroutinelab.lesson.SchemaCheck;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The author page and its JSON endpoints (docs/authoring.md, "The author
 * page"). The lesson text travels over HTTP, not the WebSocket, because a
 * lesson may be larger than a protocol message; nothing a visitor sends is
 * written to disk.
 *
 * <ul>
 * <li>{@code GET /author}: the editor.</li>
 * <li>{@code GET /api/lessons/{id}/source}: a served lesson's YAML, as a starting point.</li>
 * <li>{@code POST /api/lessons/validate} {@code {"source": "..."}}: every problem with line
 * and column; a valid draft is also played headless (within {@link #CHECK_BUDGET_STEPS}
 * engine steps) so failed expectations and runs show up while typing. Each problem has a
 * kind: {@code error} (the lesson does not load), {@code check} (it plays, but a run or an
 * expectation fails) or {@code warning} (it plays as it says; the narration of a step is
 * too long to read at a glance).</li>
 * <li>{@code POST /api/lessons/preview} {@code {"source": "...", "replaces": "preview-..."}}:
 * keeps the parsed lesson in the store's bounded {@link Previews} cache, in its
 * client's own few slots, and answers its id, which the player opens like any lesson id.</li>
 * <li>{@code GET /schema/lesson.schema.json}: the schema, for editors.</li>
 * </ul>
 */
public final class Authoring {
    /** A request body larger than this is refused (Javalin's own default ceiling). */
    public static final int MAX_BODY_BYTES = 1_000_000;
    /** How much of a too-long body is read anyway, so its sender gets the refusal. */
    private static final int DRAIN_BYTES = 4 * MAX_BODY_BYTES;
    /** Engine steps one validation may play; longer lessons are checked in part, and say so. */
    public static final long CHECK_BUDGET_STEPS = 200_000;
    /** Validations and previews that may parse and play at once; the rest wait briefly, then are refused. */
    private static final int CONCURRENT = 2;
    private static final Pattern ID = Pattern.compile("(?m)^id:\\s*[\"']?([a-z0-9]+(?:-[a-z0-9]+)*)[\"']?\\s*(?:#.*)?$");

    private final LessonStore store;
    private final Function<Context, String> client;
    private final int previewsPerClient;
    private final Semaphore working = new Semaphore(CONCURRENT);

    private Authoring(LessonStore store, Function<Context, String> client, int previewsPerClient) {
        this.store = store;
        this.client = client;
        this.previewsPerClient = previewsPerClient;
    }

    /**
     * Declares the author page's routes; {@code client} names a request's
     * client (its address), who may keep {@code previewsPerClient} previews.
     */
    public static void routes(RoutesConfig routes, LessonStore store, Function<Context, String> client, int previewsPerClient) {
        Authoring a = new Authoring(store, client, previewsPerClient);
        routes.get("/author", a::page);
        routes.get("/api/lessons/{id}/source", a::source);
        routes.post("/api/lessons/validate", a::validate);
        routes.post("/api/lessons/preview", a::preview);
        routes.get("/schema/lesson.schema.json", ctx -> ctx.contentType("application/schema+json; charset=utf-8")
                .result(WireFormat.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(SchemaCheck.schema())));
    }

    /** The author page's model: its language and the lessons it can start from. */
    public record Page(String lang, List<Choice> lessons) {
        public String t(String key) {
            return AuthorLabels.get(key, lang);
        }

        public String codemirror(String file) {
            return goroutinelab.assets.WebJars.codemirror(file);
        }

        public String otherLang() {
            return Labels.other(lang);
        }
    }

    /** A lesson to start from. */
    public record Choice(String id, String title) {
    }

    private void page(Context ctx) {
        String lang = "zh".equals(ctx.queryParam("lang")) ? "zh" : "en";
        List<Choice> choices = new ArrayList<>();
        for (LessonStore.Entry e : store.all()) {
            choices.add(new Choice(e.id(), e.ok() ? e.lesson().title().in(lang) : e.id()));
        }
        ctx.render("author.jte", Map.of("page", new Page(lang, choices)));
    }

    private void source(Context ctx) {
        String id = ctx.pathParam("id");
        Optional<LessonStore.Entry> e = store.get(id);
        if (e.isEmpty() || e.get().source() == null) {
            refuse(ctx, 404, "no_lesson", "no lesson source for '" + clip(id) + "'");
            return;
        }
        ctx.contentType("text/plain; charset=utf-8").result(e.get().source());
    }

    private void validate(Context ctx) throws InterruptedException {
        Optional<JsonNode> body = body(ctx);
        if (body.isEmpty()) {
            return;
        }
        String source = body.get().get("source").asText();
        String file = fileName(source);
        if (!working.tryAcquire(3, TimeUnit.SECONDS)) {
            refuse(ctx, 503, "busy", "the server is checking other lessons: try again in a moment");
            return;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        try {
            Lesson lesson = LessonLoader.parse(source, file, null);
            Checker.Result r = Checker.play(lesson, System.nanoTime(), CHECK_BUDGET_STEPS);
            out.put("valid", true);
            out.put("id", lesson.id());
            List<Map<String, Object>> problems = problems(r.problems(), "error");
            problems.addAll(problems(r.failing(), "check"));
            problems.addAll(problems(r.warnings(), "warning"));
            out.put("problems", problems);
            Map<String, Object> check = new LinkedHashMap<>();
            check.put("stepsPlayed", r.stepsPlayed());
            check.put("stepsTotal", r.stepsTotal());
            check.put("expectations", r.expectations());
            check.put("engineSteps", r.engineSteps());
            check.put("millis", r.millis());
            check.put("complete", r.complete());
            out.put("check", check);
        } catch (LessonError e) {
            out.put("valid", false);
            out.put("problems", problems(e.problems(), "error"));
        } finally {
            working.release();
        }
        ctx.json(out);
    }

    private void preview(Context ctx) throws InterruptedException {
        Optional<JsonNode> body = body(ctx);
        if (body.isEmpty()) {
            return;
        }
        String source = body.get().get("source").asText();
        JsonNode replaces = body.get().get("replaces");
        if (replaces != null && !replaces.isNull() && !(replaces.isTextual() && Previews.isPreviewId(replaces.asText()))) {
            refuse(ctx, 400, "bad_request", "\"replaces\" must be the id of an earlier preview");
            return;
        }
        if (!working.tryAcquire(3, TimeUnit.SECONDS)) {
            refuse(ctx, 503, "busy", "the server is checking other lessons: try again in a moment");
            return;
        }
        try {
            Lesson lesson = LessonLoader.parse(source, fileName(source), null);
            String id = store.previews().put(lesson, source, replaces == null || replaces.isNull() ? null : replaces.asText(),
                    client.apply(ctx), previewsPerClient);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("id", id);
            // the author's preview: the player with its event log, timeline and the expectations' failures
            out.put("url", "/lessons/" + id + "?embed=1&author=1");
            out.put("expiresInSeconds", store.previews().ttlMs() / 1000);
            ctx.status(201).json(out);
        } catch (LessonError e) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("error", "invalid");
            out.put("message", "the lesson has problems: fix them to preview it");
            out.put("problems", problems(e.problems(), "error"));
            ctx.status(422).json(out);
        } catch (Previews.Full e) {
            refuse(ctx, 503, "preview_full", e.getMessage());
        } finally {
            working.release();
        }
    }

    /** The JSON body {"source": "...", ...}, or empty after answering why it is refused. */
    private static Optional<JsonNode> body(Context ctx) {
        String type = ctx.contentType();
        if (type == null || !type.toLowerCase().startsWith("application/json")) {
            refuse(ctx, 415, "bad_request", "send the lesson as JSON: {\"source\": \"...\"} with Content-Type: application/json");
            return Optional.empty();
        }
        byte[] bytes;
        try {
            bytes = readAtMost(ctx);
        } catch (IOException e) {
            refuse(ctx, 400, "bad_request", "the request body could not be read");
            return Optional.empty();
        }
        if (bytes == null) {
            refuse(ctx, 413, "too_large", "the request is larger than " + MAX_BODY_BYTES + " bytes: send at most that");
            return Optional.empty();
        }
        JsonNode n;
        try {
            n = WireFormat.JSON.readTree(new String(bytes, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            refuse(ctx, 400, "bad_json", "not valid JSON: " + clip(e.getOriginalMessage()));
            return Optional.empty();
        }
        if (n == null || !n.isObject() || !n.has("source") || !n.get("source").isTextual()) {
            refuse(ctx, 400, "bad_request", "expected {\"source\": \"<the lesson's YAML>\"}");
            return Optional.empty();
        }
        return Optional.of(n);
    }

    /**
     * The body, or null if it is longer than MAX_BODY_BYTES. A body a little
     * too long is read to its end (up to DRAIN_BYTES more) before the refusal,
     * so the client, still sending, gets the answer rather than a reset.
     */
    private static byte[] readAtMost(Context ctx) throws IOException {
        if (ctx.contentLength() > MAX_BODY_BYTES + DRAIN_BYTES) {
            return null;
        }
        InputStream in = ctx.req().getInputStream();
        byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
        if (bytes.length <= MAX_BODY_BYTES) {
            return bytes;
        }
        in.skipNBytes(Math.max(0, Math.min(DRAIN_BYTES, ctx.contentLength() - bytes.length)));
        return null;
    }

    private static List<Map<String, Object>> problems(List<LessonError.Problem> problems, String kind) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (LessonError.Problem p : problems) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("line", p.line());
            m.put("col", p.col());
            m.put("message", p.message());
            m.put("kind", kind);
            out.add(m);
        }
        return out;
    }

    /** The file the draft would be saved as: its id's, as the lab names lesson files. */
    static String fileName(String source) {
        Matcher m = ID.matcher(source.length() > 20_000 ? source.substring(0, 20_000) : source);
        return (m.find() ? m.group(1) : "lesson") + ".yaml";
    }

    private static void refuse(Context ctx, int status, String code, String message) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("error", code);
        m.put("message", message);
        ctx.status(status).json(m);
    }

    private static String clip(String s) {
        return s == null ? "" : s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }
}
