package goroutinelab.classroom;

import com.fasterxml.jackson.databind.JsonNode;
import goroutinelab.lesson.Lesson;
import goroutinelab.lesson.LessonStore;
import goroutinelab.lesson.Previews;
import io.javalin.http.Context;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Rooms over HTTP: creating one, the instructor's commands for scripts,
 * the answers, and the pages (the teach page, the student's join page,
 * the instructor's panel, and the page for a code that cannot be opened).
 */
final class RoomApi {
    private final RoomStore store;
    private final RoomHub hub;
    private final LessonStore lessons;
    private final LongSupplier clock;
    private final Bucket creations;

    RoomApi(RoomStore store, RoomHub hub, LessonStore lessons, LongSupplier clock) {
        this.store = store;
        this.hub = hub;
        this.lessons = lessons;
        this.clock = clock;
        this.creations = new Bucket(60, 1, clock.getAsLong());
    }

    /** {@code POST /api/rooms {"lesson": id}}: 201 {code, lesson, studentUrl, instructorUrl, key}. */
    void create(Context ctx) {
        JsonNode body = Http.body(ctx);
        String lessonId = body.path("lesson").asText("");
        Optional<LessonStore.Entry> e = lessons.get(lessonId);
        if (lessonId.isEmpty() || Previews.isPreviewId(lessonId) || e.isEmpty() || !e.get().ok()) {
            throw new Http.Refusal(400, "no_lesson", "\"lesson\" must be the id of a lesson served here, e.g. \"goroutines-and-run-queues\"");
        }
        if (!creations.take(clock.getAsLong())) {
            throw new Http.Refusal(429, "limit", "too many classes started at once: try again in a minute");
        }
        long now = clock.getAsLong();
        String key = Secrets.newKey();
        String code = null;
        for (int i = 0; i < 8 && code == null; i++) {
            String c = Secrets.newCode();
            try {
                store.create(c, Secrets.hash(key), lessonId, Positions.start(lessonId).toString(), now);
                code = c;
            } catch (RuntimeException ex) {
                if (!RoomStore.isUniqueViolation(ex)) {
                    throw ex;
                }
            }
        }
        if (code == null) {
            throw new IllegalStateException("RoomApi.create: no free room code after 8 tries");
        }
        String base = Http.base(ctx);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("code", code);
        out.put("lesson", lessonId);
        out.put("studentUrl", base + "/r/" + code);
        out.put("instructorUrl", base + "/r/" + code + "/teach#key=" + key);
        out.put("key", key);
        ctx.status(201).json(out);
    }

    /** {@code POST /api/rooms/{code}/position {"position": {...}}} with the key. */
    void position(Context ctx) throws RoomError {
        String code = authorized(ctx);
        hub.move(code, Http.body(ctx).get("position"));
        state(ctx, code);
    }

    /** {@code POST /api/rooms/{code}/quiz {"quiz": i | null}} with the key. */
    void quiz(Context ctx) throws RoomError {
        String code = authorized(ctx);
        JsonNode q = Http.body(ctx).get("quiz");
        if (q != null && !q.isNull() && (!q.isInt() || q.asInt() < 0)) {
            throw RoomError.bad("\"quiz\" must be the index (from 0) of a script step with a quiz, or null");
        }
        hub.openQuiz(code, q == null || q.isNull() ? null : q.asInt());
        state(ctx, code);
    }

    /** {@code POST /api/rooms/{code}/reveal} with the key. */
    void reveal(Context ctx) throws RoomError {
        String code = authorized(ctx);
        Http.body(ctx);
        hub.reveal(code);
        state(ctx, code);
    }

    /** {@code GET /api/rooms/{code}/answers} with the key: every first answer, and the tally per quiz. */
    void answers(Context ctx) throws RoomError {
        String code = authorized(ctx);
        RoomStore.Room r = store.find(code).orElseThrow(RoomError::noRoom);
        List<RoomStore.Answer> all = store.answers(code);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("code", code);
        out.put("lesson", r.lesson());
        out.put("students", store.students(code));
        out.put("answers", all.stream().map(a -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("quiz", a.quiz());
            m.put("student", a.student().substring(0, 12));
            m.put("choice", a.choice());
            m.put("at", a.at());
            return m;
        }).toList());
        Map<String, Object> tallies = new LinkedHashMap<>();
        Lesson lesson = hub.lesson(r.lesson());
        for (int i = 0; i < lesson.steps().size(); i++) {
            Lesson.Quiz q = lesson.steps().get(i).quiz();
            if (q == null) {
                continue;
            }
            int[] counts = new int[q.choices().size()];
            final int quiz = i;
            all.stream().filter(a -> a.quiz() == quiz && a.choice() < counts.length).forEach(a -> counts[a.choice()]++);
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("counts", counts);
            t.put("correct", q.answer());
            tallies.put(Integer.toString(i), t);
        }
        out.put("tallies", tallies);
        ctx.json(out);
    }

    private void state(Context ctx, String code) {
        RoomStore.Room r = store.find(code).orElseThrow();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("seq", r.seq());
        out.put("position", Positions.parse(r.position()));
        out.put("quiz", r.quiz());
        out.put("state", r.quizState());
        ctx.json(out);
    }

    /** The room's code if the request carries its key; refusals otherwise. */
    private String authorized(Context ctx) throws RoomError {
        String code = Secrets.normalizeCode(ctx.pathParam("code"));
        RoomStore.Room r = code == null ? null : store.find(code).orElse(null);
        if (r == null) {
            throw RoomError.noRoom();
        }
        Http.requireKey(ctx, r.keyHash());
        return code;
    }

    // ---- pages ----------------------------------------------------------------------------------------------

    void teachPage(Context ctx) {
        String lang = Http.lang(ctx);
        ctx.render("classroom/teach.jte", Map.of("page", new ClassroomPages.Teach(lang, ClassroomPages.choices(lessons, lang))));
    }

    /** {@code GET /r/{code}}: the student's page, or why it cannot open. */
    void joinPage(Context ctx) {
        String lang = Http.lang(ctx);
        Optional<RoomStore.Room> r = openable(ctx, lang);
        if (r.isEmpty()) {
            return;
        }
        Lesson lesson = lessonOrGone(ctx, lang, r.get());
        if (lesson == null) {
            return;
        }
        // the lesson player in follow mode: it joins the room and goes wherever the class is
        ctx.redirect("/lessons/" + lesson.id() + "?room=" + r.get().code() + "&lang=" + lang);
    }

    /** {@code GET /r/{code}/teach}: the instructor's panel (the key stays in the fragment, read by the page's script). */
    void panelPage(Context ctx) {
        String lang = Http.lang(ctx);
        Optional<RoomStore.Room> r = openable(ctx, lang);
        if (r.isEmpty()) {
            return;
        }
        Lesson lesson = lessonOrGone(ctx, lang, r.get());
        if (lesson == null) {
            return;
        }
        String studentUrl = Http.base(ctx) + "/r/" + r.get().code();
        ctx.render("classroom/panel.jte", Map.of("page", new ClassroomPages.Panel(lang, r.get().code(), lesson.id(),
                lesson.title().in(lang), studentUrl, Qr.svg(studentUrl, ClassroomPages.label("studentLink", lang) + ": " + studentUrl),
                ClassroomPages.steps(lesson, lang))));
    }

    /** {@code GET /r/{code}/full}: where a student's page goes when the room refuses it. */
    void fullPage(Context ctx) {
        String code = Secrets.normalizeCode(ctx.pathParam("code"));
        gone(ctx, Http.lang(ctx), "full", code == null ? "" : code, 409);
    }

    private Optional<RoomStore.Room> openable(Context ctx, String lang) {
        String raw = ctx.pathParam("code");
        String code = Secrets.normalizeCode(raw);
        Optional<RoomStore.Room> r = code == null ? Optional.empty() : store.find(code);
        if (r.isEmpty()) {
            gone(ctx, lang, "unknown", raw.length() > 12 ? raw.substring(0, 12) : raw, 404);
            return Optional.empty();
        }
        if (hub.expired(r.get(), clock.getAsLong())) {
            gone(ctx, lang, "expired", code, 410);
            return Optional.empty();
        }
        return r;
    }

    private Lesson lessonOrGone(Context ctx, String lang, RoomStore.Room r) {
        try {
            return hub.lesson(r.lesson());
        } catch (RoomError e) {
            gone(ctx, lang, "expired", r.code(), 410);
            return null;
        }
    }

    static void gone(Context ctx, String lang, String kind, String code, int status) {
        ctx.attribute(Classroom.PAGE_RENDERED, true);
        ctx.status(status).render("classroom/gone.jte", Map.of("page", new ClassroomPages.Gone(lang, kind, code)));
    }
}
