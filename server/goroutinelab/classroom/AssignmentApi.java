package goroutinelab.classroom;

import com.fasterxml.jackson.databind.JsonNode;
import goroutinelab.lesson.Lesson;
import goroutinelab.lesson.LessonStore;
import goroutinelab.lesson.Previews;
import io.javalin.http.Context;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

/**
 * Coursework over HTTP. The instructor creates an assignment and gets two
 * links: the students' ({@code /a/ID}) and the dashboard's, which carries the
 * key in its fragment. A student's browser registers a display name under its
 * token and then records, per lesson, the first prediction at each quiz and
 * the completion. The dashboard reads them back as JSON and CSV, and deleting
 * the assignment deletes them all.
 */
final class AssignmentApi {
    static final int MAX_NAME_CHARS = 40;
    static final int MAX_TITLE_CHARS = 120;
    static final int MAX_LESSONS = 40;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{10,16}");
    private static final Pattern CONTROL = Pattern.compile("[\\p{Cc}\\p{Cf}\\p{Zl}\\p{Zp}]");

    private final AssignmentStore store;
    private final LessonStore lessons;
    private final LongSupplier clock;
    private final Bucket creations;
    private final Map<String, Bucket> recordBuckets = new ConcurrentHashMap<>();

    AssignmentApi(AssignmentStore store, LessonStore lessons, LongSupplier clock) {
        this.store = store;
        this.lessons = lessons;
        this.clock = clock;
        this.creations = new Bucket(30, 0.5, clock.getAsLong());
    }

    /** {@code POST /api/assignments {title, className?, lessons: [id...], due: "YYYY-MM-DD"}}. */
    void create(Context ctx) {
        JsonNode b = Http.body(ctx);
        String title = text(b, "title", MAX_TITLE_CHARS, true);
        String className = text(b, "className", MAX_TITLE_CHARS, false);
        JsonNode ls = b.get("lessons");
        if (ls == null || !ls.isArray() || ls.isEmpty() || ls.size() > MAX_LESSONS) {
            throw new Http.Refusal(400, "bad_request", "\"lessons\" must be a list of 1 to " + MAX_LESSONS + " lesson ids");
        }
        List<String> ids = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (JsonNode l : ls) {
            String id = l.asText("");
            Optional<LessonStore.Entry> e = lessons.get(id);
            if (!l.isTextual() || Previews.isPreviewId(id) || e.isEmpty() || !e.get().ok()) {
                throw new Http.Refusal(400, "no_lesson", "\"lessons\" has '" + RoomHub.clip(id) + "', which is not a lesson served here");
            }
            if (seen.add(id)) {
                ids.add(id);
            }
        }
        String due = b.path("due").asText("");
        try {
            LocalDate.parse(due);
        } catch (DateTimeParseException e) {
            throw new Http.Refusal(400, "bad_request", "\"due\" must be a date as YYYY-MM-DD, e.g. \"2026-12-01\"");
        }
        if (!creations.take(clock.getAsLong())) {
            throw new Http.Refusal(429, "limit", "too many assignments created at once: try again in a minute");
        }
        String id = Secrets.newKey().substring(0, 12);
        String key = Secrets.newKey();
        store.create(new AssignmentStore.Assignment(id, Secrets.hash(key), title, className, ids, due, clock.getAsLong()));
        String base = Http.base(ctx);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", id);
        out.put("studentUrl", base + "/a/" + id);
        out.put("dashboardUrl", base + "/a/" + id + "/dashboard#key=" + key);
        out.put("key", key);
        ctx.status(201).json(out);
    }

    /** {@code POST /api/assignments/{id}/students {name}} with X-Student-Token: joins (or renames). */
    void join(Context ctx) {
        AssignmentStore.Assignment a = assignment(ctx);
        String student = Http.student(ctx);
        String name = name(Http.body(ctx));
        if (!bucket(a.id(), student).take(clock.getAsLong())) {
            throw new Http.Refusal(429, "limit", "too many requests: wait a moment");
        }
        store.join(a.id(), student, name, clock.getAsLong());
        me(ctx);
    }

    /** {@code GET /api/assignments/{id}/me} with X-Student-Token: the name and each lesson's completion. */
    void me(Context ctx) {
        AssignmentStore.Assignment a = assignment(ctx);
        String student = Http.student(ctx);
        Optional<AssignmentStore.Student> s = store.student(a.id(), student);
        if (s.isEmpty()) {
            throw new Http.Refusal(404, "not_joined", "this browser has not joined the assignment: send a name first");
        }
        Set<String> done = new HashSet<>();
        for (AssignmentStore.Completion c : store.completions(a.id())) {
            if (c.student().equals(student)) {
                done.add(c.lesson());
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", s.get().name());
        out.put("lessons", a.lessons().stream().map(l -> Map.of("id", l, "completed", done.contains(l))).toList());
        ctx.json(out);
    }

    /**
     * {@code POST /api/assignments/{id}/records} with X-Student-Token:
     * {@code {"lesson", "kind": "prediction", "quiz", "choice"}} or {@code {"lesson", "kind": "completion"}}.
     * Only the first of each is kept; answers {recorded: true|false}.
     */
    void record(Context ctx) {
        AssignmentStore.Assignment a = assignment(ctx);
        String student = Http.student(ctx);
        JsonNode b = Http.body(ctx);
        if (store.student(a.id(), student).isEmpty()) {
            throw new Http.Refusal(404, "not_joined", "this browser has not joined the assignment: send a name first");
        }
        String lessonId = b.path("lesson").asText("");
        if (!a.lessons().contains(lessonId)) {
            throw new Http.Refusal(400, "bad_request", "\"lesson\" must be one of the assignment's lessons");
        }
        if (!bucket(a.id(), student).take(clock.getAsLong())) {
            throw new Http.Refusal(429, "limit", "too many records: wait a moment");
        }
        long now = clock.getAsLong();
        boolean recorded;
        switch (b.path("kind").asText("")) {
            case "prediction" -> {
                Lesson lesson = lesson(lessonId);
                JsonNode q = b.get("quiz");
                JsonNode c = b.get("choice");
                Lesson.Quiz quiz = q != null && q.isInt() && q.asInt() >= 0 && q.asInt() < lesson.steps().size()
                        ? lesson.steps().get(q.asInt()).quiz() : null;
                if (quiz == null) {
                    throw new Http.Refusal(400, "no_quiz", "\"quiz\" must be the index of a script step with a quiz");
                }
                if (c == null || !c.isInt() || c.asInt() < 0 || c.asInt() >= quiz.choices().size()) {
                    throw new Http.Refusal(400, "bad_request", "\"choice\" must be from 0 to " + (quiz.choices().size() - 1));
                }
                recorded = store.predict(a.id(), student, lessonId, q.asInt(), c.asInt(), now);
            }
            case "completion" -> recorded = store.complete(a.id(), student, lessonId, now);
            default -> throw new Http.Refusal(400, "bad_request", "\"kind\" must be \"prediction\" or \"completion\"");
        }
        ctx.json(Map.of("recorded", recorded));
    }

    /** {@code GET /api/assignments/{id}} with the key: completion per lesson and student, first predictions per quiz. */
    void dashboard(Context ctx) {
        AssignmentStore.Assignment a = authorized(ctx);
        String lang = Http.lang(ctx);
        List<AssignmentStore.Student> students = store.students(a.id());
        List<AssignmentStore.Completion> completions = store.completions(a.id());
        List<AssignmentStore.Prediction> predictions = store.predictions(a.id());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", a.id());
        out.put("title", a.title());
        out.put("className", a.className());
        out.put("due", a.due());
        List<Map<String, Object>> ls = new ArrayList<>();
        List<Map<String, Object>> quizzes = new ArrayList<>();
        for (String id : a.lessons()) {
            Lesson lesson = lessons.get(id).filter(LessonStore.Entry::ok).map(LessonStore.Entry::lesson).orElse(null);
            Map<String, Object> l = new LinkedHashMap<>();
            l.put("id", id);
            l.put("title", lesson == null ? id : lesson.title().in(lang));
            l.put("completed", completions.stream().filter(c -> c.lesson().equals(id)).count());
            ls.add(l);
            if (lesson == null) {
                continue;
            }
            for (int i = 0; i < lesson.steps().size(); i++) {
                Lesson.Quiz q = lesson.steps().get(i).quiz();
                if (q == null) {
                    continue;
                }
                int[] counts = new int[q.choices().size()];
                final int quiz = i;
                predictions.stream().filter(p -> p.lesson().equals(id) && p.quiz() == quiz && p.choice() < counts.length)
                        .forEach(p -> counts[p.choice()]++);
                Map<String, Object> qm = new LinkedHashMap<>();
                qm.put("lesson", id);
                qm.put("quiz", i);
                qm.put("ask", ClassroomPages.plain(q.ask().in(lang)));
                qm.put("choices", q.choices().stream().map(c -> ClassroomPages.plain(c.in(lang))).toList());
                qm.put("correct", q.answer());
                qm.put("counts", counts);
                quizzes.add(qm);
            }
        }
        out.put("lessons", ls);
        out.put("students", students.stream().map(s -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", s.name());
            m.put("completed", completions.stream().filter(c -> c.student().equals(s.id())).map(AssignmentStore.Completion::lesson).toList());
            m.put("predictions", predictions.stream().filter(p -> p.student().equals(s.id())).count());
            return m;
        }).toList());
        out.put("quizzes", quizzes);
        ctx.json(out);
    }

    /**
     * {@code GET /api/assignments/{id}/export.csv} with the key: one row per student and lesson:
     * name, lesson, completed (and when), then the first prediction at each of the lesson's quizzes.
     */
    void csv(Context ctx) {
        AssignmentStore.Assignment a = authorized(ctx);
        List<AssignmentStore.Completion> completions = store.completions(a.id());
        List<AssignmentStore.Prediction> predictions = store.predictions(a.id());
        StringBuilder out = new StringBuilder("student,lesson,completed,completed_at,quiz,prediction,correct\r\n");
        for (AssignmentStore.Student s : store.students(a.id())) {
            for (String lesson : a.lessons()) {
                Optional<AssignmentStore.Completion> c = completions.stream()
                        .filter(x -> x.student().equals(s.id()) && x.lesson().equals(lesson)).findFirst();
                List<AssignmentStore.Prediction> ps = predictions.stream()
                        .filter(p -> p.student().equals(s.id()) && p.lesson().equals(lesson)).toList();
                String done = c.isPresent() ? "yes" : "no";
                String at = c.map(x -> java.time.Instant.ofEpochMilli(x.at()).toString()).orElse("");
                if (ps.isEmpty()) {
                    row(out, s.name(), lesson, done, at, "", "", "");
                }
                for (AssignmentStore.Prediction p : ps) {
                    Integer correct = correct(lesson, p.quiz());
                    row(out, s.name(), lesson, done, at, Integer.toString(p.quiz()), Integer.toString(p.choice()),
                            correct == null ? "" : correct == p.choice() ? "yes" : "no");
                }
            }
        }
        ctx.header("Content-Disposition", "attachment; filename=\"assignment-" + a.id() + ".csv\"");
        ctx.contentType("text/csv; charset=utf-8").result(out.toString());
    }

    /** {@code DELETE /api/assignments/{id}} with the key: the assignment and all its records. */
    void delete(Context ctx) {
        AssignmentStore.Assignment a = authorized(ctx);
        store.delete(a.id());
        ctx.status(204);
    }

    // ---- pages ----------------------------------------------------------------------------------------------

    void newPage(Context ctx) {
        String lang = Http.lang(ctx);
        ctx.render("classroom/assignment-new.jte", Map.of("page",
                new ClassroomPages.NewAssignment(lang, ClassroomPages.choices(lessons, lang))));
    }

    void studentPage(Context ctx) {
        String lang = Http.lang(ctx);
        Optional<AssignmentStore.Assignment> a = find(ctx.pathParam("id"));
        if (a.isEmpty()) {
            RoomApi.gone(ctx, lang, "assignment", "", 404);
            return;
        }
        List<ClassroomPages.Choice> ls = new ArrayList<>();
        for (String id : a.get().lessons()) {
            Lesson lesson = lessons.get(id).filter(LessonStore.Entry::ok).map(LessonStore.Entry::lesson).orElse(null);
            ls.add(new ClassroomPages.Choice(id, lesson == null ? id : lesson.title().in(lang), 0));
        }
        ctx.render("classroom/assignment.jte", Map.of("page", new ClassroomPages.StudentAssignment(lang, a.get().id(),
                a.get().title(), a.get().className(), a.get().due(), ls)));
    }

    void dashboardPage(Context ctx) {
        String lang = Http.lang(ctx);
        Optional<AssignmentStore.Assignment> a = find(ctx.pathParam("id"));
        if (a.isEmpty()) {
            RoomApi.gone(ctx, lang, "assignment", "", 404);
            return;
        }
        ctx.render("classroom/dashboard.jte", Map.of("page", new ClassroomPages.Dashboard(lang, a.get().id(),
                a.get().title(), a.get().className(), a.get().due())));
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    private Optional<AssignmentStore.Assignment> find(String id) {
        return id != null && ID.matcher(id).matches() ? store.find(id) : Optional.empty();
    }

    private AssignmentStore.Assignment assignment(Context ctx) {
        return find(ctx.pathParam("id")).orElseThrow(() -> new Http.Refusal(404, "no_assignment", "there is no assignment with this id"));
    }

    private AssignmentStore.Assignment authorized(Context ctx) {
        AssignmentStore.Assignment a = assignment(ctx);
        Http.requireKey(ctx, a.keyHash());
        return a;
    }

    private Lesson lesson(String id) {
        return lessons.get(id).filter(LessonStore.Entry::ok).map(LessonStore.Entry::lesson)
                .orElseThrow(() -> new Http.Refusal(404, "no_lesson", "the lesson '" + RoomHub.clip(id) + "' is not served here"));
    }

    private Integer correct(String lessonId, int quiz) {
        Lesson l = lessons.get(lessonId).filter(LessonStore.Entry::ok).map(LessonStore.Entry::lesson).orElse(null);
        if (l == null || quiz >= l.steps().size() || l.steps().get(quiz).quiz() == null) {
            return null;
        }
        return l.steps().get(quiz).quiz().answer();
    }

    private Bucket bucket(String assignment, String student) {
        long now = clock.getAsLong();
        return recordBuckets.computeIfAbsent(assignment + "/" + student, k -> new Bucket(20, 2, now));
    }

    void sweep() {
        long now = clock.getAsLong();
        recordBuckets.entrySet().removeIf(e -> e.getValue().full(now));
    }

    /** A display name: trimmed, no control characters, 1 to MAX_NAME_CHARS characters. */
    static String name(JsonNode b) {
        String n = CONTROL.matcher(b.path("name").asText("")).replaceAll("").strip();
        if (n.isEmpty() || n.codePointCount(0, n.length()) > MAX_NAME_CHARS) {
            throw new Http.Refusal(400, "bad_request", "\"name\" must be 1 to " + MAX_NAME_CHARS + " characters");
        }
        return n;
    }

    private static String text(JsonNode b, String field, int max, boolean required) {
        JsonNode n = b.get(field);
        String s = n == null || n.isNull() ? "" : CONTROL.matcher(n.asText("")).replaceAll("").strip();
        if (required && s.isEmpty() || s.length() > max) {
            throw new Http.Refusal(400, "bad_request", "\"" + field + "\" must be " + (required ? "1" : "0") + " to " + max + " characters");
        }
        return s.isEmpty() ? null : s;
    }

    /** Appends one CSV row; a cell that a spreadsheet would run as a formula is prefixed with '. */
    static void row(StringBuilder out, String... cells) {
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                out.append(',');
            }
            String c = cells[i] == null ? "" : cells[i];
            if (!c.isEmpty() && "=+-@\t\r".indexOf(c.charAt(0)) >= 0) {
                c = "'" + c;
            }
            if (c.indexOf(',') >= 0 || c.indexOf('"') >= 0 || c.indexOf('\n') >= 0 || c.indexOf('\r') >= 0) {
                c = '"' + c.replace("\"", "\"\"") + '"';
            }
            out.append(c);
        }
        out.append("\r\n");
    }
}
