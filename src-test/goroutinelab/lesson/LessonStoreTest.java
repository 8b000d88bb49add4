package goroutinelab.lesson;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * A lessons folder is read off the request path into snapshots: a FIFO (or
 * any file that is not a regular one) is listed as an error instead of being
 * read, requests are answered from the last snapshot whatever the disk does,
 * and changes show up after a rescan. The timeouts only catch a hang.
 */
class LessonStoreTest {
    private static final Duration NO_HANG = Duration.ofSeconds(20);

    private static String lesson(String id) {
        return LessonErrorsTest.GOOD.replace("id: demo", "id: " + id);
    }

    private static void mkfifo(Path p) throws Exception {
        Process mk = new ProcessBuilder("mkfifo", p.toString()).inheritIO().start();
        assertThat(mk.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(mk.exitValue()).isZero();
    }

    @Test
    void aFifoNamedLikeALessonIsListedAsAnErrorAndNothingWaitsOnIt(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("ok.yaml"), lesson("ok"));
        mkfifo(dir.resolve("x.yaml"));
        Files.createDirectory(dir.resolve("folder.yaml"));
        LessonStore store = assertTimeoutPreemptively(NO_HANG, () -> LessonStore.folder(dir));
        List<LessonStore.Entry> all = assertTimeoutPreemptively(NO_HANG, store::all);
        assertThat(all).extracting(LessonStore.Entry::id).containsExactly("ok", "folder", "x");
        LessonStore.Entry x = store.get("x").orElseThrow();
        assertThat(x.ok()).isFalse();
        assertThat(x.problems().get(0).toString()).startsWith("x.yaml:").contains("not a regular file")
                .doesNotContain(dir.toString());
        assertThat(store.get("ok").orElseThrow().ok()).isTrue();
        assertTimeoutPreemptively(NO_HANG, store::rescan);
        // the FIFO goes away: so does its entry
        Files.delete(dir.resolve("x.yaml"));
        store.rescan();
        assertThat(store.get("x")).isEmpty();
    }

    @Test
    void requestsAreAnsweredFromTheSnapshotWhateverTheDiskDoes(@TempDir Path dir) throws IOException {
        Path lessons = Files.createDirectory(dir.resolve("lessons"));
        Files.writeString(lessons.resolve("one.yaml"), lesson("one"));
        LessonStore store = LessonStore.folder(lessons);
        Files.delete(lessons.resolve("one.yaml"));
        Files.delete(lessons); // the folder vanishes under the server
        store.rescan();        // a scan that cannot list the folder keeps what it had
        assertThat(store.all()).extracting(LessonStore.Entry::id).containsExactly("one");
        assertThat(store.get("one").orElseThrow().ok()).isTrue();
    }

    @Test
    void anEditedAddedOrRemovedLessonShowsUpWithinAFewSecondsOnItsOwn(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("one.yaml"), lesson("one"));
        Files.writeString(dir.resolve("two.yaml"), lesson("two"));
        LessonStore store = LessonStore.folder(dir);
        Files.writeString(dir.resolve("one.yaml"), lesson("one").replace("title: Demo", "title: Edited and longer"));
        Files.writeString(dir.resolve("three.yaml"), lesson("three"));
        Files.delete(dir.resolve("two.yaml"));
        long deadline = System.currentTimeMillis() + 20_000;
        while (!(store.get("three").isPresent() && store.get("two").isEmpty()
                && store.get("one").orElseThrow().lesson().title().en().equals("Edited and longer"))) {
            assertThat(System.currentTimeMillis()).as("the background rescan picks up the changes").isLessThan(deadline);
            Thread.sleep(50);
        }
    }
}
