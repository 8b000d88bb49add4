package goroutinelab.web;

import goroutinelab.lesson.Course;
import goroutinelab.lesson.LessonStore;

import java.util.ArrayList;
import java.util.List;

/** The models the JTE pages render. */
public final class Pages {
    private Pages() {
    }

    /** One lesson card in the catalogue: its place in the course, and about how long it takes ({@code Lesson.minutes}). */
    public record Card(String id, int number, String title, String summary, String goVersion, int minutes, List<String> problems) {
        public boolean ok() {
            return problems.isEmpty();
        }
    }

    /** A chapter of the catalogue, numbered from 1; {@code id} "other" holds the lessons no chapter names. */
    public record Chapter(String id, int number, String title, List<Card> cards) {
    }

    /** The catalogue: the course's chapters in order, and the problems of its course file (for an instructor to fix). */
    public record Catalogue(String lang, List<Chapter> chapters, List<String> courseProblems) {
        public String t(String key) {
            return Labels.get(key, lang);
        }

        public String otherLang() {
            return Labels.other(lang);
        }

        /** "about 6 min" in the page's language. */
        public String minutes(int n) {
            return Labels.get("minutes", lang).replace("{n}", String.valueOf(n));
        }

        /** "Chapter 2" in the page's language. */
        public String chapterNumber(int n) {
            return Labels.get("chapterN", lang).replace("{n}", String.valueOf(n));
        }
    }

    /** The player page; {@code author} shows the lesson's expectation failures (the author page's preview, {@code ?author=1}). */
    public record Player(String lang, String id, String title, boolean embed, boolean author) {
        public String t(String key) {
            return Labels.get(key, lang);
        }

        public String d3Path() {
            return goroutinelab.assets.WebJars.d3();
        }

        public String otherLang() {
            return Labels.other(lang);
        }
    }

    /** A lesson that is not there, or (with problems) one whose file does not load. */
    public record NotFound(String lang, String id, List<String> problems) {
        public String t(String key) {
            return Labels.get(key, lang);
        }
    }

    /**
     * The lessons in the course's chapters (chapters.yaml's order within a chapter),
     * then the lessons no chapter names, by their {@code order}; lessons are
     * numbered through the whole course, in the order a learner is advised to take them.
     */
    static Catalogue catalogue(LessonStore store, String lang) {
        LessonStore.CourseEntry course = store.course();
        List<Chapter> chapters = new ArrayList<>();
        int n = 0;
        for (Course.Section<LessonStore.Entry> s : course.course().arrange(store.all(), LessonStore.Entry::id)) {
            List<Card> cards = new ArrayList<>();
            for (LessonStore.Entry e : s.lessons()) {
                if (e.ok()) {
                    cards.add(new Card(e.id(), ++n, e.lesson().title().in(lang), e.lesson().summary().in(lang),
                            e.lesson().goVersion(), e.lesson().minutes(), List.of()));
                } else {
                    cards.add(new Card(e.id(), 0, e.id(), "", null, 0, e.problems().stream().map(Object::toString).toList()));
                }
            }
            chapters.add(s.chapter() == null
                    ? new Chapter("other", chapters.size() + 1, Labels.get(course.course().chapters().isEmpty() ? "lessons" : "otherLessons", lang), cards)
                    : new Chapter(s.chapter().id(), chapters.size() + 1, s.chapter().title().in(lang), cards));
        }
        return new Catalogue(lang, chapters, course.problems().stream().map(Object::toString).toList());
    }
}
