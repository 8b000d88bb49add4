package goroutinelab.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.ReducedMotion;
import goroutinelab.classroom.ClassroomServer;
import goroutinelab.classroom.Database;
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
 * followers and the tally chart; the follower page through a late join, a
 * reload, leaving and rejoining, and a server restart mid-class.
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
        return browser.newContext(new Browser.NewContextOptions().setViewportSize(1300, 950)
                .setReducedMotion(ReducedMotion.REDUCE).setAcceptDownloads(true));
    }

    static void screenshot(Page page, String name) {
        page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target", "screenshots", name + ".png")).setFullPage(true));
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

    @Test
    void thePanelShowsHowManyFollowAndTheTallyChartAfterAnswers() {
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
                assertThat(p.getByTestId("room-status")).hasText("Following the instructor");
                students.add(p);
            }
            assertThat(panel.getByTestId("followers")).hasText("3");
            server.post("/api/rooms/" + code + "/position", "{\"position\":" + ClassroomServer.position(150, 3) + "}",
                    room.get("key").asText());
            int[] choices = {1, 1, 2};
            for (int i = 0; i < 3; i++) {
                Page p = students.get(i);
                assertThat(p.locator("[data-quiz='3']")).isVisible();
                p.locator("[data-quiz='3']").getByTestId("choice-" + choices[i]).click();
                assertThat(p.locator("[data-quiz='3']").getByTestId("answer-in")).isVisible();
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
            assertThat(first.locator("[data-quiz='3']").getByTestId("choice-1")).hasClass(Pattern.compile("\\bright\\b"));
            screenshot(first, "classroom-student-revealed");
        } finally {
            contexts.forEach(BrowserContext::close);
        }
    }

    @Test
    void aStudentFollowsThroughALateJoinAReloadLeavingRejoiningAndARestart() {
        JsonNode room = server.createRoom();
        String code = room.get("code").asText();
        String key = room.get("key").asText();
        try (BrowserContext one = context(); BrowserContext two = context()) {
            Page a = one.newPage();
            a.navigate(room.get("studentUrl").asText());
            assertThat(a.locator("body")).hasAttribute("data-step", "0");
            server.post("/api/rooms/" + code + "/position", "{\"position\":" + ClassroomServer.position(57, 1) + "}", key);
            assertThat(a.locator("body")).hasAttribute("data-step", "57");
            assertThat(a.locator("[data-say='1']")).isVisible();

            Page late = two.newPage();
            late.navigate(room.get("studentUrl").asText());
            assertThat(late.locator("body")).hasAttribute("data-step", "57");
            late.reload();
            assertThat(late.locator("body")).hasAttribute("data-step", "57");

            late.getByTestId("explore").click();
            assertThat(late.getByTestId("explore-frame")).isVisible();
            assertThat(late.getByTestId("room-status")).hasText("Exploring on your own");
            server.post("/api/rooms/" + code + "/position", "{\"position\":" + ClassroomServer.position(90, 2) + "}", key);
            assertThat(a.locator("body")).hasAttribute("data-step", "90");
            assertThat(late.locator("body")).hasAttribute("data-step", "57");
            late.getByTestId("rejoin").click();
            assertThat(late.locator("body")).hasAttribute("data-step", "90");
            assertThat(late.getByTestId("explore-frame")).isHidden();

            server = server.restart(() -> Database.embedded(dataDir));
            assertThat(a.locator("body")).hasAttribute("data-state", "open");
            server.post("/api/rooms/" + code + "/position", "{\"position\":" + ClassroomServer.position(120, 2) + "}", key);
            assertThat(a.locator("body")).hasAttribute("data-step", "120");
            assertThat(late.locator("body")).hasAttribute("data-step", "120");
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
