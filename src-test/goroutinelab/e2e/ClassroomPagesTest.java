package goroutinelab.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.ReducedMotion;
import goroutinelab.classroom.ClassroomServer;
import goroutinelab.classroom.Database;
import goroutinelab.lesson.Lesson;
import goroutinelab.lesson.LessonLoader;
import goroutinelab.lesson.ScriptMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The classroom's pages in a real browser, an instructor and students each in
 * their own context (their own local storage, so their own identity): the
 * assignment from creation to dashboard and CSV; the instructor's panel with
 * followers and the tally chart; the instructor driving from the player; the
 * student's player following through a late join, a reload, leaving and
 * rejoining, and a server restart mid-class.
 */
class ClassroomPagesTest {
    static Path dataDir;
    static ClassroomServer server;
    static Playwright pw;
    static Browser browser;

    @BeforeAll
    static void up() throws Exception {
        dataDir = Files.createTempDirectory("classroom-e2e");
        server = ClassroomServer.start(Database.embedded(dataDir));
        pw = Browsers.playwright();
        browser = Browsers.launch(pw);
    }

    @AfterAll
    static void down() {
        browser.close();
        pw.close();
        server.close();
    }

    static BrowserContext context() {
        BrowserContext c = browser.newContext(new Browser.NewContextOptions().setViewportSize(1300, 950)
                .setReducedMotion(ReducedMotion.REDUCE).setAcceptDownloads(true));
        c.addInitScript("try { localStorage.setItem('goroutine-lab.speed', '0'); } catch (e) {}");
        return c;
    }

    static void screenshot(Page page, String name) {
        page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target", "screenshots", name + ".png")).setFullPage(true));
    }

    @Test
    void aClassIsStartedFromTheCatalogueOrFromTheLessonsPlayer() {
        try (BrowserContext teacher = context()) {
            Page p = teacher.newPage();
            p.navigate(server.url("/"));
            p.getByTestId("teach-link").click();
            assertThat(p).hasURL(Pattern.compile("/teach\\?lang=en$"));
            assertThat(p.getByTestId("teach-lessons")).isVisible();

            p.navigate(server.url("/lessons/" + ClassroomServer.LESSON));
            new PlayerPage(p).waitForLoaded();
            p.getByTestId("teach-link").click();
            // the teach page opens on this lesson, its start button focused: Enter starts the class
            Locator start = p.getByTestId("start-" + ClassroomServer.LESSON);
            assertThat(start).isFocused();
            assertThat(start).isInViewport();
            p.keyboard().press("Enter");
            assertThat(p).hasURL(Pattern.compile("/r/[A-Z0-9]+/teach"));
            assertThat(p.getByTestId("code")).isVisible();
        }
    }

    @Test
    void anAssignmentIsCreatedJoinedAndReadOnTheDashboardWithItsCsv() throws Exception {
        try (BrowserContext teacher = context(); BrowserContext student = context()) {
            Page t = teacher.newPage();
            t.navigate(server.url("/assignments/new"));
            t.getByTestId("a-title").fill("Week 3: the scheduler");
            t.getByTestId("a-class").fill("CS 101");
            t.getByTestId("a-due").fill("2026-12-01");
            t.getByTestId("a-lesson-" + ClassroomServer.LESSON).check();
            t.getByTestId("a-lesson-work-stealing").check();
            t.getByTestId("a-create").click();
            assertThat(t.getByTestId("a-created")).isVisible();
            String studentUrl = t.getByTestId("a-student-url").getAttribute("href");
            String dashboardUrl = t.getByTestId("a-dashboard-url").getAttribute("href");
            assertThat(dashboardUrl).contains("/dashboard#key=");
            String id = studentUrl.substring(studentUrl.lastIndexOf('/') + 1);

            Page s = student.newPage();
            s.navigate(studentUrl);
            assertThat(s.getByTestId("a-heading")).hasText("Week 3: the scheduler");
            s.getByTestId("name").fill("<b>Ana</b>");
            s.getByTestId("name-start").click();
            assertThat(s.getByTestId("my-name")).hasText("<b>Ana</b>");
            assertThat(s.getByTestId("a-lesson-" + ClassroomServer.LESSON)).hasAttribute("data-done", "false");
            // what the lesson player does at a quiz and at the end of a lesson
            s.evaluate("async ([id, lesson]) => { const m = await import('/static/js/classroom/assignment-client.js');"
                    + " await m.recordPrediction(id, lesson, 3, 1); await m.recordPrediction(id, lesson, 3, 0);"
                    + " await m.recordCompletion(id, lesson); }", List.of(id, ClassroomServer.LESSON));
            s.reload();
            assertThat(s.getByTestId("a-lesson-" + ClassroomServer.LESSON)).hasAttribute("data-done", "true");
            assertThat(s.getByTestId("a-lesson-work-stealing")).hasAttribute("data-done", "false");
            screenshot(s, "classroom-assignment-student");

            t.navigate(dashboardUrl);
            assertThat(t.locator("body")).hasAttribute("data-loaded", "true");
            assertThat(t.getByTestId("d-lessons").locator("tr[data-lesson='" + ClassroomServer.LESSON + "'] td").nth(1)).hasText("1 / 1");
            assertThat(t.getByTestId("d-student-0").locator("td").first()).hasText("<b>Ana</b>");
            assertThat(t.getByTestId("d-students").locator("b")).hasCount(0);
            var quiz = t.getByTestId("d-quiz-" + ClassroomServer.LESSON + "-3");
            assertThat(quiz.getByTestId("bar-1")).hasAttribute("data-count", "1");
            assertThat(quiz.getByTestId("bar-1")).hasAttribute("data-correct", "true");
            assertThat(quiz.getByTestId("bar-0")).hasAttribute("data-count", "0");
            screenshot(t, "classroom-dashboard");

            Download csv = t.waitForDownload(() -> t.getByTestId("d-csv").click());
            String text = Files.readString(csv.path());
            assertThat(text).startsWith("student,lesson,completed,completed_at,quiz,prediction,correct");
            assertThat(text).contains("<b>Ana</b>," + ClassroomServer.LESSON + ",yes,");
            assertThat(text).contains(",3,1,yes");
            assertThat(text).contains("<b>Ana</b>,work-stealing,no,,,,");

            t.onDialog(d -> d.accept());
            t.getByTestId("d-delete").click();
            assertThat(t.locator("body")).hasAttribute("data-deleted", "true");
            s.reload();
            assertThat(s.locator("h1")).hasText("No such assignment");
        }
    }

    /** The end of a script step of the room's lesson (an engine step a class can be at), and its script index. */
    private static long endOf(int script) throws Exception {
        Lesson l = LessonLoader.load(Path.of("lessons", ClassroomServer.LESSON + ".yaml"));
        return new ScriptMap(l, Long.MAX_VALUE).span(script).end();
    }

    private static void following(Page p, boolean yes) {
        assertThat(p.getByTestId("class-strip")).hasAttribute("data-following", String.valueOf(yes));
    }

    @Test
    void thePanelShowsHowManyFollowAndTheTallyChartAfterAnswersOnTheStudentsPlayers() throws Exception {
        JsonNode room = server.createRoom();
        String code = room.get("code").asText();
        List<BrowserContext> contexts = new ArrayList<>();
        try (BrowserContext teacher = context()) {
            Page panel = teacher.newPage();
            panel.navigate(room.get("instructorUrl").asText());
            assertThat(panel.getByTestId("code")).hasText(code);
            assertThat(panel.getByTestId("qr")).isVisible();
            assertThat(panel.locator("body")).hasAttribute("data-state", "open");
            List<Page> students = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                BrowserContext c = context();
                contexts.add(c);
                Page p = c.newPage();
                p.navigate(room.get("studentUrl").asText());
                // the student link opens the lesson player, following the class
                assertThat(p).hasURL(Pattern.compile("/lessons/" + ClassroomServer.LESSON + "\\?room=" + code));
                assertThat(p.getByTestId("class-code")).hasText(code);
                following(p, true);
                students.add(p);
            }
            assertThat(panel.getByTestId("followers")).hasText("3");
            // the class reaches the end of script step 3, where step 4's quiz is asked
            long at = endOf(3);
            server.post("/api/rooms/" + code + "/position", "{\"position\":" + ClassroomServer.position(at, 3) + "}",
                    room.get("key").asText());
            int[] choices = {1, 1, 2};
            for (int i = 0; i < 3; i++) {
                Page p = students.get(i);
                assertThat(p.locator("body")).hasAttribute("data-step", String.valueOf(at));
                assertThat(p.getByTestId("quiz")).isVisible();
                p.getByTestId("quiz").getByTestId("choice-" + choices[i]).click();
                assertThat(p.getByTestId("quiz")).hasAttribute("data-state", "waiting");
            }
            assertThat(panel.getByTestId("answered")).hasText("3");
            assertThat(panel.getByTestId("tally")).isHidden();
            panel.getByTestId("reveal").click();
            assertThat(panel.getByTestId("tally")).isVisible();
            assertThat(panel.getByTestId("bar-1")).hasAttribute("data-count", "2");
            assertThat(panel.getByTestId("bar-1")).hasAttribute("data-correct", "true");
            assertThat(panel.getByTestId("bar-2")).hasAttribute("data-count", "1");
            assertThat(panel.getByTestId("bar-0")).hasAttribute("data-count", "0");
            screenshot(panel, "classroom-panel-revealed");
            Page first = students.get(0);
            assertThat(first.getByTestId("quiz").getByTestId("choice-1")).hasClass(Pattern.compile("\\bright\\b"));
            assertThat(first.getByTestId("quiz")).hasAttribute("data-state", "answered");
            assertThat(first.getByTestId("class-strip").getByTestId("tally")).isVisible();
            screenshot(first, "classroom-student-revealed");
        } finally {
            contexts.forEach(BrowserContext::close);
        }
    }

    @Test
    void anInstructorDrivesTheClassFromThePlayerAndStudentsFollowEveryMove() throws Exception {
        JsonNode room = server.createRoom();
        String code = room.get("code").asText();
        try (BrowserContext teacher = context(); BrowserContext student = context()) {
            Page panel = teacher.newPage();
            panel.navigate(room.get("instructorUrl").asText());
            assertThat(panel.locator("body")).hasAttribute("data-state", "open");
            Page drive = teacher.newPage();
            drive.navigate(server.url(panel.getByTestId("drive").getAttribute("href")));
            assertThat(drive.locator("body")).hasAttribute("data-class-role", "instructor");
            Page s = student.newPage();
            s.navigate(room.get("studentUrl").asText());
            following(s, true);
            assertThat(drive.getByTestId("class-status")).containsText("1 following");
            PlayerPage teacherPlayer = new PlayerPage(drive);
            teacherPlayer.waitForLoaded();
            teacherPlayer.stepOnce();
            teacherPlayer.stepOnce();
            assertThat(s.locator("body")).hasAttribute("data-step", "2");
            teacherPlayer.next();
            teacherPlayer.waitForSettled();
            String at = drive.locator("body").getAttribute("data-step");
            assertThat(s.locator("body")).hasAttribute("data-step", at);
            assertThat(s.getByTestId("script-pos")).hasText(drive.getByTestId("script-pos").innerText());
            // a fork by Try-it reaches the class too: the students' players show the same own run
            teacherPlayer.tryIt.locator("summary").click();
            teacherPlayer.goFunction.selectOption("worker");
            teacherPlayer.injectGo.click();
            assertThat(s.getByTestId("fork-note")).isVisible();
            teacherPlayer.stepOnce();
            assertThat(s.locator("body")).hasAttribute("data-step", drive.locator("body").getAttribute("data-step"));
            screenshot(drive, "classroom-instructor-player");
            screenshot(s, "classroom-student-player");
        }
    }

    @Test
    void aStudentFollowsThroughALateJoinAReloadLeavingRejoiningAndARestart() throws Exception {
        JsonNode room = server.createRoom();
        String code = room.get("code").asText();
        String key = room.get("key").asText();
        long first = endOf(2);
        long second = endOf(5);
        long third = endOf(7);
        try (BrowserContext one = context(); BrowserContext two = context()) {
            Page a = one.newPage();
            a.navigate(room.get("studentUrl").asText());
            assertThat(a.locator("body")).hasAttribute("data-step", "0");
            following(a, true);
            server.post("/api/rooms/" + code + "/position", "{\"position\":" + ClassroomServer.position(first, 2) + "}", key);
            assertThat(a.locator("body")).hasAttribute("data-step", String.valueOf(first));
            assertThat(a.locator("body")).hasAttribute("data-script", "2");

            Page late = two.newPage();
            late.navigate(room.get("studentUrl").asText());
            assertThat(late.locator("body")).hasAttribute("data-step", String.valueOf(first));
            late.reload();
            assertThat(late.locator("body")).hasAttribute("data-step", String.valueOf(first));

            // the student's own move leaves the class to explore
            new PlayerPage(late).stepOnce();
            following(late, false);
            assertThat(late.getByTestId("rejoin")).isVisible();
            server.post("/api/rooms/" + code + "/position", "{\"position\":" + ClassroomServer.position(second, 5) + "}", key);
            assertThat(a.locator("body")).hasAttribute("data-step", String.valueOf(second));
            assertThat(late.locator("body")).hasAttribute("data-step", String.valueOf(first + 1));
            late.getByTestId("rejoin").click();
            following(late, true);
            assertThat(late.locator("body")).hasAttribute("data-step", String.valueOf(second));

            server = server.restart(() -> Database.embedded(dataDir));
            assertThat(a.getByTestId("class-strip")).hasAttribute("data-connection", "open");
            server.post("/api/rooms/" + code + "/position", "{\"position\":" + ClassroomServer.position(third, 7) + "}", key);
            assertThat(a.locator("body")).hasAttribute("data-step", String.valueOf(third));
            assertThat(late.locator("body")).hasAttribute("data-step", String.valueOf(third));
        }
    }

    @Test
    void anUnknownCodeShowsAPlainPage() {
        try (BrowserContext c = context()) {
            Page p = c.newPage();
            p.navigate(server.url("/r/QQQQQQ"));
            assertThat(p.getByTestId("gone-heading")).hasText("No class with this code");
            assertThat(p.getByTestId("gone-code")).hasText("QQQQQQ");
        }
    }
}
