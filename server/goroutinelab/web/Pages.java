package goroutinelab.web;

import goroutinelab.lesson.LessonStore;

import java.util.ArrayList;
import java.util.List;

/** The models the JTE pages render. */
public final class Pages {
    private Pages() {
    }

    /** One lesson card in the catalogue. */
    public record Card(String id, int number, String title, String summary, String goVersion, List<String> problems) {
        public boolean ok() {
            return problems.isEmpty();
        }
    }

    public record Catalogue(String lang, List<Card> cards) {
        public String t(String key) {
            return Labels.get(key, lang);
        }

        public String otherLang() {
            return Labels.other(lang);
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

    static Catalogue catalogue(LessonStore store, String lang) {
        List<Card> cards = new ArrayList<>();
        int n = 0;
        for (LessonStore.Entry e : store.all()) {
            if (e.ok()) {
                cards.add(new Card(e.id(), ++n, e.lesson().title().in(lang), e.lesson().summary().in(lang),
                        e.lesson().goVersion(), List.of()));
            } else {
                cards.add(new Card(e.id(), 0, e.id(), "", null, e.problems().stream().map(Object::toString).toList()));
            }
        }
        return new Catalogue(lang, cards);
    }
}
