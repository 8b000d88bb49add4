package goroutinelab.lesson;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The course: the lessons grouped into chapters, in the order a learner is
 * advised to take them, read from {@value #FILE} beside the lessons. It is the
 * one file in a lessons folder that is not a lesson. A lesson no chapter names
 * still belongs to the course, in a last chapter of its own ("other lessons").
 *
 * <pre>
 * chapters:
 *   - id: scheduler
 *     title: {en: The scheduler, zh: 调度器}
 *     lessons: [goroutine-lifecycle, goroutines-and-run-queues]
 * </pre>
 */
public record Course(List<Chapter> chapters) {
    /** The course file's name, in the lessons folder. */
    public static final String FILE = "chapters.yaml";
    /** A course without chapters: every lesson is in "other lessons". */
    public static final Course NONE = new Course(List.of());

    private static final Pattern ID = Pattern.compile("^[a-z0-9]+(-[a-z0-9]+)*$");
    private static final int MAX_CHAPTERS = 100;
    private static final Set<String> CHAPTER_KEYS = Set.of("id", "title", "lessons");

    /** One chapter: its id, its title, and its lessons' ids in order; {@code lessonsAt} is where each id stands in the file. */
    public record Chapter(String id, I18n title, List<String> lessons, List<YamlTree.Pos> lessonsAt) {
    }

    /** The lessons of one chapter in the catalogue; {@code chapter} is null for the lessons no chapter names. */
    public record Section<T>(Chapter chapter, List<T> lessons) {
    }

    /** Whether a file in a lessons folder is a lesson (a .yaml file other than the course file). */
    public static boolean isLessonFile(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".yaml") && !name.equals(FILE);
    }

    /** Reads the course file's text; every problem names its line and column. */
    public static Course parse(String text, String file) throws LessonError {
        YamlTree tree = YamlTree.parse(text, file);
        List<LessonError.Problem> problems = new ArrayList<>();
        JsonNode list = tree.root.get("chapters");
        if (!tree.root.isObject() || list == null || !list.isArray() || tree.root.size() != 1) {
            YamlTree.Pos at = tree.valueAt("");
            throw new LessonError(new LessonError.Problem(file, at.line(), at.col(),
                    "expected a map with one key, chapters: a list of {id, title, lessons}"));
        }
        if (list.size() > MAX_CHAPTERS) {
            YamlTree.Pos at = tree.valueAt("/chapters");
            throw new LessonError(new LessonError.Problem(file, at.line(), at.col(),
                    "a course may have at most " + MAX_CHAPTERS + " chapters, got " + list.size()));
        }
        List<Chapter> chapters = new ArrayList<>();
        Set<String> ids = new LinkedHashSet<>();
        Map<String, String> placed = new LinkedHashMap<>();
        for (int i = 0; i < list.size(); i++) {
            String ptr = YamlTree.child("/chapters", i);
            Chapter c = chapter(tree, list.get(i), ptr, file, problems);
            if (c == null) {
                continue;
            }
            if (!ids.add(c.id())) {
                problems.add(at(file, tree.valueAt(YamlTree.child(ptr, "id")), "chapter '" + c.id() + "' appears twice: chapter ids are unique"));
            }
            for (int j = 0; j < c.lessons().size(); j++) {
                String lesson = c.lessons().get(j);
                String before = placed.putIfAbsent(lesson, c.id());
                if (before != null) {
                    problems.add(at(file, tree.valueAt(YamlTree.child(YamlTree.child(ptr, "lessons"), j)),
                            "lesson '" + lesson + "' is already in chapter '" + before + "': a lesson belongs to one chapter"));
                }
            }
            chapters.add(c);
        }
        if (!problems.isEmpty()) {
            throw new LessonError(problems);
        }
        return new Course(List.copyOf(chapters));
    }

    private static Chapter chapter(YamlTree tree, JsonNode n, String ptr, String file, List<LessonError.Problem> problems) {
        if (!n.isObject()) {
            problems.add(at(file, tree.valueAt(ptr), "expected a chapter: a map with id, title and lessons"));
            return null;
        }
        int before = problems.size();
        n.fieldNames().forEachRemaining(k -> {
            if (!CHAPTER_KEYS.contains(k)) {
                problems.add(at(file, tree.keyAt(YamlTree.child(ptr, k)), "unknown key '" + k + "' in a chapter"
                        + Suggest.hint(k, CHAPTER_KEYS) + "; expected id, title, lessons"));
            }
        });
        JsonNode id = n.get("id");
        if (id == null || !id.isTextual() || !ID.matcher(id.asText()).matches()) {
            problems.add(at(file, id == null ? tree.valueAt(ptr) : tree.valueAt(YamlTree.child(ptr, "id")),
                    "expected a chapter id: lower-case letters, digits and dashes"));
        }
        JsonNode title = n.get("title");
        boolean titled = title != null && (title.isTextual() && !title.asText().isBlank()
                || title.isObject() && title.path("en").isTextual() && !title.path("en").asText().isBlank());
        if (!titled) {
            problems.add(at(file, title == null ? tree.valueAt(ptr) : tree.valueAt(YamlTree.child(ptr, "title")),
                    "expected a title: a text, or {en: ..., zh: ...} with en"));
        }
        JsonNode lessons = n.get("lessons");
        List<String> ids = new ArrayList<>();
        List<YamlTree.Pos> where = new ArrayList<>();
        if (lessons == null || !lessons.isArray()) {
            problems.add(at(file, lessons == null ? tree.valueAt(ptr) : tree.valueAt(YamlTree.child(ptr, "lessons")),
                    "expected lessons: a list of lesson ids, like [goroutine-lifecycle, work-stealing]"));
        } else {
            for (int j = 0; j < lessons.size(); j++) {
                JsonNode l = lessons.get(j);
                if (!l.isTextual() || !ID.matcher(l.asText()).matches()) {
                    problems.add(at(file, tree.valueAt(YamlTree.child(YamlTree.child(ptr, "lessons"), j)),
                            "expected a lesson id (its file name without .yaml)"));
                } else {
                    ids.add(l.asText());
                    where.add(tree.valueAt(YamlTree.child(YamlTree.child(ptr, "lessons"), j)));
                }
            }
        }
        if (problems.size() > before) {
            return null;
        }
        return new Chapter(id.asText(), LessonLoader.text(title), List.copyOf(ids), List.copyOf(where));
    }

    /** The lesson ids the chapters name that are not among {@code lessons}, each where it is named. */
    public List<LessonError.Problem> unknownLessons(Collection<String> lessons, String file) {
        List<LessonError.Problem> out = new ArrayList<>();
        for (Chapter c : chapters) {
            for (int i = 0; i < c.lessons().size(); i++) {
                String id = c.lessons().get(i);
                if (!lessons.contains(id)) {
                    out.add(at(file, c.lessonsAt().get(i), "chapter '" + c.id() + "' names lesson '" + id + "', which is not in the folder"
                            + Suggest.hint(id, lessons)));
                }
            }
        }
        return out;
    }

    /**
     * The lessons in the course's order: each chapter with the lessons it names
     * that exist (in its order), then the others in the order given, under a null
     * chapter. A chapter with no lesson present is left out.
     */
    public <T> List<Section<T>> arrange(List<T> lessons, java.util.function.Function<T, String> idOf) {
        Map<String, T> byId = new LinkedHashMap<>();
        for (T l : lessons) {
            byId.put(idOf.apply(l), l);
        }
        List<Section<T>> out = new ArrayList<>();
        for (Chapter c : chapters) {
            List<T> in = new ArrayList<>();
            for (String id : c.lessons()) {
                T l = byId.remove(id);
                if (l != null) {
                    in.add(l);
                }
            }
            if (!in.isEmpty()) {
                out.add(new Section<>(c, in));
            }
        }
        if (!byId.isEmpty()) {
            out.add(new Section<>(null, new ArrayList<>(byId.values())));
        }
        return out;
    }

    private static LessonError.Problem at(String file, YamlTree.Pos pos, String message) {
        return new LessonError.Problem(file, pos.line(), pos.col(), message);
    }
}
