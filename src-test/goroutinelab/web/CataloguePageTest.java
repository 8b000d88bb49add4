package goroutinelab.web;

import goroutinelab.lesson.LessonStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The catalogue page of a lessons folder: chapters from its course file, the rest under other lessons, the file's problems shown. */
class CataloguePageTest {
    static final String LESSON = """
            format: 1
            id: ID
            title: {en: "Lesson ID", zh: "课程 ID"}
            summary: {en: "Uses `code` and **bold**.", zh: "用到 `code` 和 **粗体**。"}
            functions:
              main:
                - compute: 10us
            steps:
              - say: Run.
                run: {until: end}
            """;

    static String home(App app, String query) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/" + query)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    @Test
    void aFoldersChaptersComeFirstTheOthersLastAndABrokenCourseFileSaysWhy(@TempDir Path dir) throws Exception {
        for (String id : new String[]{"one", "two", "three"}) {
            Files.writeString(dir.resolve(id + ".yaml"), LESSON.replace("ID", id));
        }
        Files.writeString(dir.resolve("chapters.yaml"), "chapters:\n  - id: first\n    title: {en: First steps, zh: 第一步}\n    lessons: [two, one]\n");
        LessonStore store = LessonStore.folder(dir);
        App app = App.start(store, "127.0.0.1", 0, Limits.defaults());
        try {
            String html = home(app, "");
            assertThat(html).contains("data-testid=\"chapter-first\"").contains("First steps").contains("data-testid=\"chapter-other\"")
                    .contains("Other lessons").doesNotContain("course-problems");
            assertThat(html.indexOf("lesson-two")).isLessThan(html.indexOf("lesson-one"));
            assertThat(html.indexOf("lesson-one")).isLessThan(html.indexOf("lesson-three"));
            assertThat(html).contains("Uses <code>code</code> and <strong>bold</strong>.").doesNotContain("**bold**");
            assertThat(html).contains("about 1 min").doesNotContain("data-testid=\"lesson-chapters\"");
            assertThat(home(app, "?lang=zh")).contains("第一步").contains("其他课程").contains("约 1 分钟");

            Files.writeString(dir.resolve("chapters.yaml"), "chapters:\n  - id: first\n    title: First\n    lessons: [two, gone]\n");
            store.rescan(); // the folder is read off the request path, once a second; the test does not wait for it
            html = home(app, "");
            assertThat(html).contains("data-testid=\"course-problems\"")
                    .contains("chapters.yaml:4:20: chapter 'first' names lesson 'gone', which is not in the folder")
                    .doesNotContain(dir.toString());
        } finally {
            app.stop();
        }
    }
}
