package goroutinelab.lesson;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The preview cache: bounded in entries, bytes and time; a full cache refuses
 * instead of evicting someone else's; one client churns only its own slots.
 */
class PreviewsTest {
    final AtomicLong now = new AtomicLong();

    static Lesson lesson() throws LessonError {
        return LessonLoader.parse(LessonErrorsTest.GOOD, "demo.yaml", null);
    }

    @Test
    void boundedInEntries() throws Exception {
        Previews p = new Previews(2, 1 << 20, 1000, now::get);
        String a = p.put(lesson(), "aaaa", null);
        p.put(lesson(), "bbbb", null);
        assertThatThrownBy(() -> p.put(lesson(), "cccc", null)).isInstanceOf(Previews.Full.class)
                .hasMessageStartingWith("the server holds as many previews as it can (2 of 2, 0 of 1024 KB)");
        String c = p.put(lesson(), "cccc", a);
        assertThat(p.get(a)).isEmpty();
        assertThat(p.get(c)).isPresent();
        assertThat(p.size()).isEqualTo(2);
    }

    @Test
    void boundedInBytesCountedAsUtf8() throws Exception {
        Previews p = new Previews(10, 10, 1000, now::get);
        p.put(lesson(), "课程", null); // 6 bytes
        assertThat(p.bytes()).isEqualTo(6);
        assertThatThrownBy(() -> p.put(lesson(), "12345", null)).isInstanceOf(Previews.Full.class);
        assertThatThrownBy(() -> p.put(lesson(), "12345678901", null)).isInstanceOf(Previews.Full.class)
                .hasMessage("this lesson is 11 bytes; a preview may hold at most 10");
        p.put(lesson(), "1234", null);
        assertThat(p.bytes()).isEqualTo(10);
    }

    @Test
    void forgottenAfterTheirTimeSinceLastOpened() throws Exception {
        Previews p = new Previews(10, 1000, 1000, now::get);
        String a = p.put(lesson(), "a", null);
        String b = p.put(lesson(), "b", null);
        now.set(900);
        assertThat(p.get(a)).isPresent();
        now.set(1500);
        assertThat(p.get(b)).isEmpty();
        assertThat(p.get(a)).isPresent();
        now.set(2500);
        assertThat(p.get(a)).isEmpty();
        assertThat(p.size()).isZero();
        assertThat(p.bytes()).isZero();
    }

    @Test
    void idsAreRandomAndCheckedBeforeLookup() throws Exception {
        Previews p = new Previews(10, 1000, 1000, now::get);
        String a = p.put(lesson(), "a", null);
        String b = p.put(lesson(), "b", null);
        assertThat(a).isNotEqualTo(b);
        assertThat(Previews.isPreviewId(a)).isTrue();
        assertThat(Previews.isPreviewId("preview-../../etc")).isFalse();
        assertThat(Previews.isPreviewId("goroutines-and-run-queues")).isFalse();
    }

    @Test
    void oneClientPostingInALoopOnlyForgetsItsOwnOldestAndOthersStillGetIn() throws Exception {
        Previews p = new Previews(10, 1 << 20, 1000, now::get);
        java.util.List<String> flood = new java.util.ArrayList<>();
        for (int i = 0; i < 50; i++) {
            now.incrementAndGet();
            flood.add(p.put(lesson(), "flood " + i, null, "10.6.6.6", 3));
        }
        assertThat(p.size()).isEqualTo(3);
        assertThat(p.get(flood.get(46))).isEmpty();
        assertThat(p.get(flood.get(47))).isPresent();
        String author = p.put(lesson(), "mine", null, "10.0.0.7", 3);
        assertThat(p.get(author)).isPresent();
        assertThat(p.size()).isEqualTo(4);
    }

    @Test
    void theClientsLeastRecentlyOpenedPreviewGoesFirstAndOnlyItsOwnCanBeReplaced() throws Exception {
        Previews p = new Previews(10, 1 << 20, 10_000, now::get);
        String a = p.put(lesson(), "a", null, "c1", 2);
        now.addAndGet(10);
        String b = p.put(lesson(), "b", null, "c1", 2);
        now.addAndGet(10);
        assertThat(p.get(a)).isPresent(); // a is now the more recently opened
        String c = p.put(lesson(), "c", null, "c1", 2);
        assertThat(p.get(b)).isEmpty();
        assertThat(p.get(a)).isPresent();
        assertThat(p.get(c)).isPresent();
        // another client naming c1's preview as the one it replaces does not remove it
        p.put(lesson(), "d", c, "c2", 2);
        assertThat(p.get(c)).isPresent();
    }

    @Test
    void aClientMayHoldAnEighthOfTheBytes() throws Exception {
        Previews p = new Previews(100, 800, 1000, now::get); // a client's share: 100 bytes
        String first = p.put(lesson(), "x".repeat(60), null, "c1", 10);
        String second = p.put(lesson(), "y".repeat(60), null, "c1", 10);
        assertThat(p.get(first)).as("forgotten to make room within the client's share").isEmpty();
        assertThat(p.get(second)).isPresent();
        assertThatThrownBy(() -> p.put(lesson(), "z".repeat(101), null, "c1", 10)).isInstanceOf(Previews.Full.class)
                .hasMessage("this lesson is 101 bytes; a preview may hold at most 100");
    }
}
