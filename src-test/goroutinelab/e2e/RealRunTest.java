package goroutinelab.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import goroutinelab.lesson.Lesson;
import goroutinelab.lesson.LessonLoader;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real run beside the model: every bundled Go lesson shows its recorded run (a lane per P,
 * observed and modelled labelled, the runtime's own goroutines named); a moment of it lists the real
 * events beside the model's; the panel stays as the learner left it.
 */
class RealRunTest extends BrowserTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String KEY = "browser-test-instructor-key-42";

    /** The bundled lessons with a Go program, and their recordings. */
    static List<String> goLessons() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("lessons"))) {
            return s.filter(goroutinelab.lesson.Course::isLessonFile).sorted().filter(p -> {
                try {
                    return LessonLoader.load(p).model() != Lesson.Model.CPYTHON;
                } catch (Exception e) {
                    throw new IllegalStateException(p + " does not load", e);
                }
            }).map(p -> p.getFileName().toString().replace(".yaml", "")).toList();
        }
    }

    static JsonNode recording(String id) throws IOException {
        return JSON.readTree(Path.of("lessons", "real", id + ".json").toFile());
    }

    @TestFactory
    Stream<DynamicTest> everyGoLessonShowsItsRecordedRealRun() throws IOException {
        return goLessons().stream().map(id -> DynamicTest.dynamicTest(id, () -> {
            JsonNode rec = recording(id);
            PlayerPage player = open(id);
            RealRunView real = player.real;
            assertThat(real.toggle).isVisible();
            real.open();
            String go = rec.path("recorded").path("goVersion").asText().replace("go", "");
            assertThat(real.title).containsText("observed (real run, Go " + go + " on "
                    + rec.path("recorded").path("os").asText() + "/" + rec.path("recorded").path("arch").asText());
            assertThat(real.title).containsText(rec.path("recorded").path("date").asText().substring(0, 10));
            assertThat(player.real.modelled).hasText("modelled");
            assertThat(page.getByTestId("real-panel").locator(".tag.observed").first()).hasText("observed");
            // a lane per P that ran something, in the recording's order, whichever scale
            real.scaleWhole.click();
            assertThat(real.pLanes()).hasCount(rec.path("lanes").size());
            for (JsonNode lane : rec.path("lanes")) {
                assertThat(real.root.getByTestId("real-lane-P" + lane.path("p").asInt())).isVisible();
                assertThat(real.segments("P" + lane.path("p").asInt()).first()).isAttached();
            }
            // the lesson's goroutines carry the model's numbers and colours
            assertThat(real.root.locator("[data-g=\"1\"]").first()).isAttached();
            // the runtime's own goroutines, named by the function they start at
            assertThat(real.goroutines("runtime").filter(new com.microsoft.playwright.Locator.FilterOptions().setHasText("bgsweep")))
                    .hasCount(1);
            assertThat(real.goroutines("runtime").filter(new com.microsoft.playwright.Locator.FilterOptions().setHasText("forcegchelper")))
                    .hasCount(1);
            assertThat(real.goroutines("lab").filter(new com.microsoft.playwright.Locator.FilterOptions().setHasText("trace reader")))
                    .hasCount(1);
            if (rec.path("gc").path("cycles").size() > 0) {
                assertThat(real.segments("gc").first()).isAttached();
            }
            assertThat(real.record).isHidden(); // this server does not record lessons again
        }));
    }

    @Test
    void clickingAMomentListsTheRealEventsBesideTheModels() {
        PlayerPage player = open("goroutines-and-run-queues");
        player.next();
        player.next();
        player.next();
        player.waitForSettled();
        RealRunView real = player.real;
        real.open();
        assertThat(real.near).isHidden();
        real.clickAt(0.5);
        assertThat(real.near).isVisible();
        assertThat(real.marker).isAttached();
        assertThat(page.getByTestId("real-near-at")).containsText("Nearest to");
        assertThat(real.nearReal.first()).isVisible();
        assertThat(real.nearModel.first()).isVisible();
        assertThat(real.nearModel.count()).isPositive();
        // the real events are told in words, naming goroutines as the model does
        assertThat(page.getByTestId("real-near-real")).containsText(Pattern.compile("G\\d|P\\d|GC|trace reader"));
        player.screenshot("real-run-near");
        // from the keyboard: arrows move a marker, Enter lists the events there, Escape closes them
        real.root.focus();
        page.keyboard().press("Home");
        page.keyboard().press("ArrowRight");
        page.keyboard().press("Enter");
        assertThat(real.root).hasAttribute("aria-valuetext", Pattern.compile("\\d"));
        assertThat(real.near).isVisible();
        long step = player.step();
        page.keyboard().press("Escape");
        assertThat(real.near).isHidden();
        assertThat(player.step()).as("keys on the real run do not move the model").isEqualTo(step);
    }

    @Test
    void theWholeRealRunAndTheModelsScaleShareTheTimeAxis() {
        PlayerPage player = open("syscalls-and-handoff", "step=40");
        player.waitForSettled();
        RealRunView real = player.real;
        real.open();
        assertThat(real.scaleModel).hasAttribute("aria-pressed", "true");
        String modelEnd = real.root.getAttribute("data-domain-end");
        real.scaleWhole.click();
        assertThat(real.scaleWhole).hasAttribute("aria-pressed", "true");
        assertThat(real.root).not().hasAttribute("data-domain-end", modelEnd);
        assertThat(Long.parseLong(real.root.getAttribute("data-domain-end"))).as("the whole run: past 60 ms")
                .isGreaterThan(60_000_000L);
        real.scaleModel.click();
        assertThat(real.root).hasAttribute("data-domain-end", modelEnd);
    }

    @Test
    void thePanelIsCollapsedUntilOpenedAndStaysAsTheLearnerLeftIt() {
        PlayerPage player = open("goroutine-lifecycle");
        assertThat(player.real.toggle).hasAttribute("aria-expanded", "false");
        assertThat(player.real.panel).isHidden();
        player.real.open();
        page.reload();
        player.waitForLoaded();
        assertThat(player.real.toggle).hasAttribute("aria-expanded", "true");
        player.real.waitForRun();
        player.real.toggle.click();
        assertThat(player.real.panel).isHidden();
        page.reload();
        player.waitForLoaded();
        assertThat(player.real.toggle).hasAttribute("aria-expanded", "false");
        assertThat(player.real.panel).isHidden();
    }

    @Test
    void onAServerThatRecordsTheButtonRecordsTheLessonAgainAndShowsIt() throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        goroutinelab.real.RealTrace canned = goroutinelab.real.RecordedRuns.bundled("work-stealing").orElseThrow();
        goroutinelab.real.RealTrace.Recorded r = canned.recorded();
        goroutinelab.real.RealTrace fresh = canned.withRecorded(new goroutinelab.real.RealTrace.Recorded(r.goVersion(), r.os(), r.arch(),
                r.cpus(), r.cpu(), r.load1(), "2030-01-02T03:04:05Z", r.traceFormat(), r.gomaxprocs(), r.godebug(),
                r.computeStepsPerMs(), r.loopIterationsPerMs()));
        goroutinelab.lesson.LessonStore store = goroutinelab.lesson.LessonStore.bundled();
        goroutinelab.web.App app = goroutinelab.web.App.start(store, "127.0.0.1", 0, goroutinelab.web.Limits.defaults(),
                goroutinelab.web.Access.none(), false, goroutinelab.classroom.Classroom.inMemory(store),
                goroutinelab.web.RealRuns.Options.on(null, KEY).withRecorder(lesson -> {
                    try {
                        release.await(30, java.util.concurrent.TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    if (lesson.lesson().id().equals("goroutine-lifecycle")) {
                        throw new goroutinelab.real.RealError(goroutinelab.real.RealError.Kind.RUN_FAILED,
                                "the real run of goroutine-lifecycle exited with status 2");
                    }
                    return fresh;
                }));
        try {
            String lesson = "http://127.0.0.1:" + app.port() + "/lessons/work-stealing";
            // a learner on this server: no button
            PlayerPage learner = PlayerPage.open(page, lesson);
            learner.real.open();
            assertThat(learner.real.record).isHidden();
            // the instructor opens the link the server printed once; the key stays in the browser, not in the address
            page.navigate("about:blank"); // a new document: from the learner's address, only the fragment would change
            PlayerPage player = PlayerPage.open(page, lesson + "#record-key=" + KEY);
            RealRunView real = player.real;
            real.open();
            assertThat(page).hasURL(Pattern.compile("^[^#]*$"));
            assertThat(real.title).containsText(canned.recorded().date().substring(0, 10));
            assertThat(real.record).isVisible();
            real.record.click();
            assertThat(real.status).containsText("Recording the real run on the server");
            assertThat(real.record).isDisabled();
            release.countDown();
            assertThat(real.title).containsText("2030-01-02");
            assertThat(real.status).isEmpty();
            assertThat(real.record).isEnabled();
            // later, on another lesson, the browser still holds the key
            PlayerPage again = PlayerPage.open(page, "http://127.0.0.1:" + app.port() + "/lessons/goroutine-lifecycle");
            again.real.open();
            assertThat(again.real.record).isVisible();
            // a recording that fails says why, and the run shown before stays
            again.real.record.click();
            assertThat(again.real.status).containsText("Recording failed: the real run of goroutine-lifecycle exited with status 2");
            assertThat(again.real.record).isEnabled();
            assertThat(again.real.panel).hasAttribute("data-state", "ready");
        } finally {
            app.stop();
        }
    }

    @Test
    void anInterpreterOnlyLessonHasNoRealRun() {
        PlayerPage player = open("signals-in-the-interpreter");
        player.waitForSettled();
        assertThat(player.real.toggle).isHidden();
        assertThat(player.real.panel).isHidden();
    }

    @Test
    void thePanelSpeaksTheLearnersLanguage() {
        PlayerPage player = open("sigusr1", "lang=zh");
        player.real.open();
        assertThat(player.real.title).containsText("实测（真实运行，Go 1.19");
        assertThat(player.real.toggle).hasText("真实运行");
        assertThat(player.real.modelled).hasText("模型");
        assertThat(player.real.goroutines("runtime").filter(new com.microsoft.playwright.Locator.FilterOptions()
                .setHasText("signal.loop"))).containsText("Notify");
        player.langSwitch.click();
        assertThat(player.real.title).containsText("observed (real run, Go 1.19");
    }
}
