package goroutinelab.checkserver;

import goroutinelab.lesson.Checker;
import goroutinelab.lesson.LessonLoader;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The lessons the check server plays to warm up (beside CheckServer, in the jar) load and check. */
class WarmupLessonsTest {

    @Test
    void everyWarmUpLessonChecks() throws Exception {
        assertThat(CheckServer.WARMUP_LESSONS).isNotEmpty();
        for (String id : CheckServer.WARMUP_LESSONS) {
            Checker.Result r = Checker.play(LessonLoader.parse(CheckServer.warmupLesson(id), id + ".yaml", id), System.nanoTime());
            assertThat(r.ok()).as(id + ": " + r.failures()).isTrue();
            assertThat(r.engineSteps()).as(id + " is a long run").isGreaterThan(500_000);
        }
    }
}
