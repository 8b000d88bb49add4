package goroutinelab.e2e;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

/** Every lesson in lessons/, played to its last step in a real browser; a screenshot of each under target/screenshots/. */
class LessonScreenshotsTest extends BrowserTest {

    static List<String> lessons() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("lessons"))) {
            return s.filter(goroutinelab.lesson.Course::isLessonFile).map(p -> p.getFileName().toString())
                    .map(n -> n.substring(0, n.length() - 5)).sorted().toList();
        }
    }

    @ParameterizedTest
    @MethodSource("lessons")
    void eachLessonPlaysToItsEnd(String id) {
        PlayerPage player = open(id);
        player.nextUntilDone();
        assertThat(player.clock).not().hasClass(java.util.regex.Pattern.compile("error"));
        assertThat(player.narration).containsText("The end of this lesson.");
        assertThat(page.getByRole(com.microsoft.playwright.options.AriaRole.ALERT)).hasCount(0);
        player.screenshot("lesson-" + id);
    }
}
