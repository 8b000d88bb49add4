package goroutinelab.lesson;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The course file: chapters in order, the time a lesson takes, every bundled lesson in one, mistakes named at their place, the store and check read it. */
class CourseTest {
    static final String COURSE = """
            chapters:
              - id: first
                title: {en: First, zh: 第一}
                lessons: [b, a]
              - id: second
                title: Second
                lessons: [c]
            """;

    static List<String> problems(String text) {
        LessonError e = catchThrowableOfType(LessonError.class, () -> Course.parse(text, "lessons/chapters.yaml"));
        assertThat(e).as("the course file should be refused").isNotNull();
        return e.problems().stream().map(LessonError.Problem::toString).toList();
    }

    @Test
    void chaptersKeepTheirOrderAndTheLessonsNoChapterNamesComeLast() throws LessonError {
        Course c = Course.parse(COURSE, "lessons/chapters.yaml");
        assertThat(c.chapters()).extracting(Course.Chapter::id).containsExactly("first", "second");
        assertThat(c.chapters().get(0).title()).isEqualTo(new I18n("First", "第一"));
        List<Course.Section<String>> s = c.arrange(List.of("a", "b", "x", "c", "y"), id -> id);
        assertThat(s).hasSize(3);
        assertThat(s.get(0).lessons()).containsExactly("b", "a");
        assertThat(s.get(1).lessons()).containsExactly("c");
        assertThat(s.get(2).chapter()).isNull();
        assertThat(s.get(2).lessons()).containsExactly("x", "y");
        assertThat(c.arrange(List.of("c"), id -> id)).singleElement()
                .satisfies(only -> assertThat(only.chapter().id()).isEqualTo("second"));
        assertThat(Course.NONE.arrange(List.of("a", "b"), id -> id)).singleElement()
                .satisfies(other -> assertThat(other.chapter()).isNull());
    }

    @Test
    void mistakesAreNamedWhereTheyAre() {
        assertThat(problems(COURSE.replace("lessons: [c]", "lessons: [a]")))
                .containsExactly("lessons/chapters.yaml:7:15: lesson 'a' is already in chapter 'first': a lesson belongs to one chapter");
        assertThat(problems(COURSE.replace("    title: Second", "    titel: Second")))
                .containsExactly("lessons/chapters.yaml:6:5: unknown key 'titel' in a chapter (did you mean 'title'?); expected id, title, lessons",
                        "lessons/chapters.yaml:5:5: expected a title: a text, or {en: ..., zh: ...} with en");
        assertThat(problems(COURSE.replace("id: second", "id: first")))
                .containsExactly("lessons/chapters.yaml:5:9: chapter 'first' appears twice: chapter ids are unique");
        assertThat(problems("- a\n- b\n")).singleElement().asString().contains("expected a map with one key, chapters");
        assertThat(problems(COURSE.replace("[c]", "[Not An Id]"))).singleElement().asString()
                .contains("7:15: expected a lesson id");
    }

    @Test
    void aLessonTheCourseNamesThatIsNotThereIsAProblemWithAHint() throws LessonError {
        Course c = Course.parse(COURSE.replace("[c]", "[work-stealng]"), "lessons/chapters.yaml");
        assertThat(c.unknownLessons(List.of("a", "b", "work-stealing"), "lessons/chapters.yaml"))
                .extracting(Object::toString)
                .containsExactly("lessons/chapters.yaml:7:15: chapter 'second' names lesson 'work-stealng', which is not in the folder (did you mean 'work-stealing'?)");
    }

    @Test
    void theTimeEstimateCountsHalfAMinuteAStepAndHalfAMinuteAQuiz() throws LessonError {
        Lesson one = LessonLoader.parse(LessonErrorsTest.GOOD, "lessons/demo.yaml", "demo");
        assertThat(one.minutes()).isEqualTo(1);
        Lesson l = LessonLoader.load(Path.of("lessons/goroutines-and-run-queues.yaml"));
        long quizzes = l.steps().stream().filter(s -> s.quiz() != null).count();
        assertThat(quizzes).isPositive();
        assertThat(l.minutes()).isEqualTo((int) Math.ceil((l.steps().size() * 30 + quizzes * 30) / 60.0));
    }

    @Test
    void theCourseFileIsNotALesson() {
        assertThat(Course.isLessonFile(Path.of("lessons/chapters.yaml"))).isFalse();
        assertThat(Course.isLessonFile(Path.of("lessons/work-stealing.yaml"))).isTrue();
        assertThat(Course.isLessonFile(Path.of("lessons/schema"))).isFalse();
    }

    @Test
    void everyBundledLessonIsInExactlyOneChapterAndTheOrderKeysFollowTheChapters() throws Exception {
        Course c = Course.parse(Files.readString(Path.of("lessons", Course.FILE)), "lessons/chapters.yaml");
        List<String> ids;
        try (Stream<Path> s = Files.list(Path.of("lessons"))) {
            ids = s.filter(Course::isLessonFile).map(p -> p.getFileName().toString().replace(".yaml", "")).sorted().toList();
        }
        List<String> placed = c.chapters().stream().flatMap(ch -> ch.lessons().stream()).toList();
        assertThat(placed).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(c.unknownLessons(ids, "lessons/chapters.yaml")).isEmpty();
        assertThat(placed.get(0)).as("the course opens with the question it asks").isEqualTo("interpreter-vs-runtime");
        for (Course.Chapter ch : c.chapters()) {
            assertThat(ch.title().hasZh()).as(ch.id() + " has a Chinese title").isTrue();
        }
        // the lessons' own order (used where chapters are not: the author page's list, /api/lessons) agrees
        List<Integer> orders = placed.stream().map(id -> {
            try {
                return LessonLoader.load(Path.of("lessons", id + ".yaml")).order();
            } catch (LessonError e) {
                throw new AssertionError(e);
            }
        }).toList();
        assertThat(orders).isSorted();
    }

    @Test
    void aFolderStoreReadsItsCourseAndNamesWhatIsMissing(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("demo.yaml"), LessonErrorsTest.GOOD);
        LessonStore store = LessonStore.folder(dir);
        assertThat(store.course().course()).isEqualTo(Course.NONE);
        Files.writeString(dir.resolve(Course.FILE), "chapters:\n  - id: one\n    title: One\n    lessons: [demo, gone]\n");
        store.rescan(); // the folder is read off the request path, once a second; the test does not wait for it
        LessonStore.CourseEntry e = store.course();
        assertThat(e.course().chapters()).hasSize(1);
        assertThat(e.problems()).extracting(Object::toString)
                .containsExactly("chapters.yaml:4:21: chapter 'one' names lesson 'gone', which is not in the folder");
        assertThat(store.all()).extracting(LessonStore.Entry::id).as("the course file is not a lesson").containsExactly("demo");
        Files.writeString(dir.resolve(Course.FILE), "chapters: nope\n");
        store.rescan();
        assertThat(store.course().problems()).singleElement().asString().contains("expected a map with one key, chapters");
    }

    @Test
    void theBundledStoreHasTheCourse() {
        LessonStore.CourseEntry e = LessonStore.bundled().course();
        assertThat(e.problems()).isEmpty();
        assertThat(e.course().chapters()).extracting(Course.Chapter::id)
                .containsExactly("start", "scheduler", "blocking", "preemption", "collector", "interpreter");
    }

    @Test
    void checkChecksTheCourseFileAndWarnsOfALessonInNoChapter(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("demo.yaml"), LessonErrorsTest.GOOD);
        Files.writeString(dir.resolve("other.yaml"), LessonErrorsTest.GOOD.replace("id: demo", "id: other"));
        Files.writeString(dir.resolve(Course.FILE), "chapters:\n  - id: one\n    title: One\n    lessons: [demo]\n");
        int[] exit = new int[1];
        String out = CheckerTest.run(List.of(dir), exit);
        assertThat(exit[0]).isZero();
        assertThat(out).contains("ok      " + dir.resolve(Course.FILE) + ": 1 chapter, 1 lesson\n")
                .contains("  " + dir.resolve(Course.FILE) + ": warning: lesson 'other' is in no chapter")
                .contains("2 lessons: 2 passed");

        Files.writeString(dir.resolve(Course.FILE), "chapters:\n  - id: one\n    title: One\n    lessons: [dmeo]\n");
        out = CheckerTest.run(List.of(dir), exit);
        assertThat(exit[0]).isEqualTo(2);
        assertThat(out).contains("INVALID " + dir.resolve(Course.FILE))
                .contains(":4:15: chapter 'one' names lesson 'dmeo', which is not in the folder (did you mean 'demo'?)");
    }
}
