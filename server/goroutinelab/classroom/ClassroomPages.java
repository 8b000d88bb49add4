package goroutinelab.classroom;

import goroutinelab.lesson.Lesson;
import goroutinelab.lesson.LessonStore;
import goroutinelab.lesson.Previews;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The models the classroom's JTE pages render, and their words in English and Chinese. */
public final class ClassroomPages {
    private ClassroomPages() {
    }

    /** What every classroom page offers its template. */
    public interface Page {
        String lang();

        default String t(String key) {
            return label(key, lang());
        }

        default String otherLang() {
            return "zh".equals(lang()) ? "en" : "zh";
        }

        default String htmlLang() {
            return "zh".equals(lang()) ? "zh-CN" : "en";
        }

        /** D3 from its WebJar, at the build's version. */
        default String d3Path() {
            return goroutinelab.assets.WebJars.d3();
        }
    }

    /** A lesson to choose. */
    public record Choice(String id, String title, int quizzes) {
    }

    /** A script step as the follower page shows it: narration after it ran, and the quiz asked before. */
    public record ScriptStep(int index, String say, String ask, List<String> choices) {
        public boolean hasQuiz() {
            return ask != null;
        }
    }

    public record Teach(String lang, List<Choice> lessons) implements Page {
    }

    public record Panel(String lang, String code, String lesson, String title, String studentUrl, String qrSvg,
                        List<ScriptStep> steps) implements Page {
    }

    /** A room or assignment that cannot be opened: kind is unknown, expired or full. */
    public record Gone(String lang, String kind, String code) implements Page {
        public String heading() {
            return t("gone_" + kind);
        }

        public String explain() {
            return t("gone_" + kind + "_why");
        }
    }

    public record NewAssignment(String lang, List<Choice> lessons) implements Page {
    }

    public record StudentAssignment(String lang, String id, String title, String className, String due,
                                    List<Choice> lessons) implements Page {
    }

    public record Dashboard(String lang, String id, String title, String className, String due) implements Page {
    }

    static List<Choice> choices(LessonStore store, String lang) {
        List<Choice> out = new ArrayList<>();
        for (LessonStore.Entry e : store.all()) {
            if (e.ok() && !Previews.isPreviewId(e.id())) {
                int quizzes = (int) e.lesson().steps().stream().filter(s -> s.quiz() != null).count();
                out.add(new Choice(e.id(), e.lesson().title().in(lang), quizzes));
            }
        }
        return out;
    }

    static List<ScriptStep> steps(Lesson lesson, String lang) {
        List<ScriptStep> out = new ArrayList<>();
        int i = 0;
        for (Lesson.Step s : lesson.steps()) {
            Lesson.Quiz q = s.quiz();
            out.add(new ScriptStep(i++, s.say() == null ? "" : plain(s.say().in(lang)),
                    q == null ? null : plain(q.ask().in(lang)),
                    q == null ? List.of() : q.choices().stream().map(c -> plain(c.in(lang))).toList()));
        }
        return out;
    }

    /** Narration is light Markdown; the follower page shows it as plain text (the template escapes it). */
    static String plain(String markdown) {
        return markdown == null ? "" : markdown.replace("**", "").replace("`", "").trim();
    }

    static String label(String key, String lang) {
        String[] w = WORDS.get(key);
        if (w == null) {
            throw new IllegalArgumentException("ClassroomPages.label: no label " + key);
        }
        return "zh".equals(lang) ? w[1] : w[0];
    }

    private static final Map<String, String[]> WORDS = Map.ofEntries(
            Map.entry("language", new String[]{"中文", "English"}),
            Map.entry("allLessons", new String[]{"All lessons", "全部课程"}),
            Map.entry("teach", new String[]{"Teach with the lab", "用实验室教学"}),
            Map.entry("teachIntro", new String[]{"Start a live class on a lesson: students join with a code or a QR code and follow your screen, and answer its quizzes on their own devices. Or set the lessons as coursework.",
                    "在一个课程上开始直播课：学生用代码或二维码加入，跟随你的屏幕，并在自己的设备上回答测验。或者把课程布置为作业。"}),
            Map.entry("startClass", new String[]{"Start a class", "开始上课"}),
            Map.entry("lesson", new String[]{"Lesson", "课程"}),
            Map.entry("quizzes", new String[]{"quizzes", "个测验"}),
            Map.entry("newAssignment", new String[]{"Create an assignment", "布置作业"}),
            Map.entry("classCode", new String[]{"Class code", "课堂代码"}),
            Map.entry("joinAt", new String[]{"Join at", "加入地址"}),
            Map.entry("following", new String[]{"Following the instructor", "正在跟随老师"}),
            Map.entry("exploring", new String[]{"Exploring on your own", "正在自己探索"}),
            Map.entry("explore", new String[]{"Explore on my own", "自己探索"}),
            Map.entry("rejoin", new String[]{"Rejoin the class", "回到课堂"}),
            Map.entry("connecting", new String[]{"Connecting…", "正在连接…"}),
            Map.entry("reconnecting", new String[]{"Reconnecting…", "正在重新连接…"}),
            Map.entry("scriptStep", new String[]{"Script step", "脚本步骤"}),
            Map.entry("engineStep", new String[]{"runtime step", "运行时步骤"}),
            Map.entry("forked", new String[]{"(a Try-it run)", "（“自己试试”的运行）"}),
            Map.entry("predict", new String[]{"Predict: what happens next?", "预测：接下来会发生什么？"}),
            Map.entry("yourAnswer", new String[]{"Your answer is in.", "你的答案已提交。"}),
            Map.entry("right", new String[]{"Right answer", "正确答案"}),
            Map.entry("students", new String[]{"Students following", "正在跟随的学生"}),
            Map.entry("answered", new String[]{"Answered", "已回答"}),
            Map.entry("reveal", new String[]{"Reveal the answers", "公布答案"}),
            Map.entry("openQuiz", new String[]{"Ask this quiz", "发起此测验"}),
            Map.entry("noQuiz", new String[]{"No quiz yet: the class has not reached one.", "还没有测验：课堂尚未到达测验。"}),
            Map.entry("quiz", new String[]{"Quiz", "测验"}),
            Map.entry("tally", new String[]{"Answers", "答案分布"}),
            Map.entry("instructorView", new String[]{"Instructor view", "教师视图"}),
            Map.entry("drive", new String[]{"Drive the class from the player", "在播放器中带领课堂"}),
            Map.entry("noKey", new String[]{"This page needs the instructor link (with its key). Open the link you got when the class started.",
                    "此页面需要教师链接（带密钥）。请打开开始上课时得到的链接。"}),
            Map.entry("openPlayer", new String[]{"Open the player here", "在播放器中打开此处"}),
            Map.entry("studentLink", new String[]{"Student link", "学生链接"}),
            Map.entry("instructorLink", new String[]{"Instructor link (keep it private)", "教师链接（请保密）"}),
            Map.entry("closed", new String[]{"This class has ended.", "这堂课已经结束。"}),
            Map.entry("full", new String[]{"This class is full.", "这堂课已满。"}),
            Map.entry("gone_unknown", new String[]{"No class with this code", "没有这个代码的课堂"}),
            Map.entry("gone_unknown_why", new String[]{"Check the code on the instructor's screen, or ask for the link again.",
                    "请核对老师屏幕上的代码，或再次索取链接。"}),
            Map.entry("gone_expired", new String[]{"This class has ended", "这堂课已经结束"}),
            Map.entry("gone_expired_why", new String[]{"It was idle for too long. Ask your instructor for a new link; the lessons are still open to everyone.",
                    "它闲置太久了。请向老师索取新链接；课程仍对所有人开放。"}),
            Map.entry("gone_full", new String[]{"This class is full", "这堂课已满"}),
            Map.entry("gone_full_why", new String[]{"It has as many students as it can take. You can still open the lesson on your own.",
                    "人数已达上限。你仍可以自己打开这个课程。"}),
            Map.entry("gone_assignment", new String[]{"No such assignment", "没有这个作业"}),
            Map.entry("gone_assignment_why", new String[]{"It may have been deleted. Ask your instructor for the link again.",
                    "它可能已被删除。请再次向老师索取链接。"}),
            Map.entry("title", new String[]{"Title", "标题"}),
            Map.entry("className", new String[]{"Class name (optional)", "班级名称（可选）"}),
            Map.entry("due", new String[]{"Due", "截止日期"}),
            Map.entry("chooseLessons", new String[]{"Lessons, in order", "课程（按顺序）"}),
            Map.entry("create", new String[]{"Create", "创建"}),
            Map.entry("created", new String[]{"Assignment created. Give students the student link; keep the dashboard link to yourself.",
                    "作业已创建。把学生链接发给学生；仪表板链接请自己保留。"}),
            Map.entry("dashboard", new String[]{"Dashboard", "仪表板"}),
            Map.entry("displayName", new String[]{"Your name, as your instructor will see it", "你的名字（老师会看到）"}),
            Map.entry("start", new String[]{"Start", "开始"}),
            Map.entry("hello", new String[]{"Working as", "当前身份"}),
            Map.entry("rename", new String[]{"Change name", "修改名字"}),
            Map.entry("done", new String[]{"done", "已完成"}),
            Map.entry("todo", new String[]{"to do", "未完成"}),
            Map.entry("privacy", new String[]{"No account: this browser remembers you. Your name, your first prediction at each quiz and which lessons you finished are kept for your instructor until they delete the assignment (at the latest 90 days after it is due).",
                    "无需账户：此浏览器会记住你。你的名字、每个测验的第一次预测以及完成了哪些课程会为老师保存，直到老师删除作业（最迟在截止日期后 90 天）。"}),
            Map.entry("completion", new String[]{"Completion", "完成情况"}),
            Map.entry("perLesson", new String[]{"Per lesson", "按课程"}),
            Map.entry("perStudent", new String[]{"Per student", "按学生"}),
            Map.entry("predictions", new String[]{"First predictions per quiz", "每个测验的第一次预测"}),
            Map.entry("downloadCsv", new String[]{"Download CSV", "下载 CSV"}),
            Map.entry("delete", new String[]{"Delete the assignment and its records", "删除作业及其记录"}),
            Map.entry("confirmDelete", new String[]{"Delete this assignment and every student record of it? This cannot be undone.",
                    "删除此作业及其所有学生记录？此操作无法撤销。"}),
            Map.entry("deleted", new String[]{"Deleted.", "已删除。"}),
            Map.entry("student", new String[]{"Student", "学生"}),
            Map.entry("noStudents", new String[]{"No student has opened the assignment yet.", "还没有学生打开这个作业。"}));
}
