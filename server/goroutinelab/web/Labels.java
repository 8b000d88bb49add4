package goroutinelab.web;

import java.util.Map;

/** The page chrome's words in English and Chinese (the narration and events carry their own). */
public final class Labels {
    private Labels() {
    }

    private static final Map<String, String[]> WORDS = Map.ofEntries(
            Map.entry("app", new String[]{"goroutine-lab", "goroutine-lab"}),
            Map.entry("tagline", new String[]{"Who holds the CPU, and when does it change hands? Watch the Go runtime decide, step by step.",
                    "谁掌握着 CPU？它何时易手？一步一步看 Go 运行时如何决定。"}),
            Map.entry("lessons", new String[]{"Lessons", "课程"}),
            Map.entry("otherLessons", new String[]{"Other lessons", "其他课程"}),
            Map.entry("chapterN", new String[]{"Chapter {n}", "第 {n} 章"}),
            Map.entry("minutes", new String[]{"about {n} min", "约 {n} 分钟"}),
            Map.entry("progressDone", new String[]{"Done", "已学完"}),
            Map.entry("progressStarted", new String[]{"Started", "已开始"}),
            Map.entry("progressChapter", new String[]{"{done} of {total} done", "已学完 {done}/{total}"}),
            Map.entry("progressNote", new String[]{"Your progress is kept in this browser only.", "学习进度只保存在本浏览器中。"}),
            Map.entry("courseBroken", new String[]{"The course file has errors; the lessons are listed without its chapters where it does not load",
                    "课程目录文件有错误；无法读取的部分，课程按未分章列出"}),
            Map.entry("open", new String[]{"Open", "打开"}),
            Map.entry("broken", new String[]{"This lesson has errors", "这个课程有错误"}),
            Map.entry("back", new String[]{"Back", "后退"}),
            Map.entry("step", new String[]{"Step", "单步"}),
            Map.entry("next", new String[]{"Next", "下一节"}),
            Map.entry("reset", new String[]{"Reset", "重置"}),
            Map.entry("play", new String[]{"Play", "播放"}),
            Map.entry("pause", new String[]{"Pause", "暂停"}),
            Map.entry("events", new String[]{"Events", "事件"}),
            Map.entry("catalogue", new String[]{"All lessons", "全部课程"}),
            Map.entry("language", new String[]{"中文", "English"}),
            Map.entry("notFound", new String[]{"No such lesson", "没有这个课程"}),
            Map.entry("goVersion", new String[]{"Models Go", "模拟 Go 版本"}),
            Map.entry("simplifies", new String[]{"Simplified here", "此处的简化"}),
            Map.entry("author", new String[]{"Write a lesson", "编写课程"}),
            Map.entry("skipToControls", new String[]{"Skip to the controls", "跳到控制按钮"}),
            Map.entry("controls", new String[]{"Player controls", "播放控制"}),
            Map.entry("speed", new String[]{"Speed", "速度"}),
            Map.entry("scrubber", new String[]{"Go to step", "跳到步骤"}),
            Map.entry("help", new String[]{"Keyboard shortcuts", "键盘快捷键"}),
            Map.entry("close", new String[]{"Close", "关闭"}),
            Map.entry("projector", new String[]{"Projector", "投影模式"}),
            Map.entry("tryIt", new String[]{"Try it yourself", "自己试试"}),
            Map.entry("sendSignal", new String[]{"Send SIGUSR1", "发送 SIGUSR1"}),
            Map.entry("runGc", new String[]{"Run GC", "运行 GC"}),
            Map.entry("function", new String[]{"Function", "函数"}),
            Map.entry("startGoroutine", new String[]{"Start goroutine", "启动 goroutine"}),
            Map.entry("asyncPreemption", new String[]{"Async preemption", "异步抢占"}),
            Map.entry("writeBarrier", new String[]{"Write barrier", "写屏障"}),
            Map.entry("goSide", new String[]{"Go runtime", "Go 运行时"}),
            Map.entry("pySide", new String[]{"CPython-style interpreter", "CPython 式解释器"}),
            Map.entry("board", new String[]{"Scheduler board: Ps, Ms and goroutines", "调度器面板：P、M 与 goroutine"}),
            Map.entry("heap", new String[]{"Heap", "堆"}),
            Map.entry("signals", new String[]{"Signals and preemption", "信号与抢占"}),
            Map.entry("timeline", new String[]{"Timeline", "时间线"}),
            Map.entry("timelineHint", new String[]{"Click the timeline to go to that moment. Hatched: not seen yet.",
                    "点击时间线跳到那一刻。斜线区域：尚未看到。"}),
            Map.entry("k_step", new String[]{"one runtime step", "前进一个运行时步骤"}),
            Map.entry("k_back", new String[]{"one step back", "后退一步"}),
            Map.entry("k_next", new String[]{"next script step", "下一节"}),
            Map.entry("k_reset", new String[]{"back to the start", "回到开头"}),
            Map.entry("k_play", new String[]{"play / pause", "播放 / 暂停"}),
            Map.entry("k_speed", new String[]{"faster / slower", "加速 / 减速"}),
            Map.entry("k_end", new String[]{"furthest step seen", "跳到看到过的最远一步"}),
            Map.entry("k_help", new String[]{"this help", "本帮助"}),
            Map.entry("k_projector", new String[]{"projector mode", "投影模式"}),
            Map.entry("k_lang", new String[]{"English / 中文", "English / 中文"}),
            Map.entry("legend", new String[]{"Legend", "图例"}),
            Map.entry("backToLesson", new String[]{"Back to the lesson", "回到课程"}),
            Map.entry("tryHint", new String[]{"Trying something makes this your own run: the lesson's narration waits until you go back to it.", "在这里尝试会让这次运行成为你自己的：课程讲解会等你回到课程。"}),
            Map.entry("writeBarrierSwitch", new String[]{"Write barrier (lab switch)", "写屏障（实验开关）"}),
            Map.entry("k_skip", new String[]{"finish the animation", "立即完成动画"}),
            Map.entry("k_legend", new String[]{"legend", "图例"}),
            Map.entry("lg_goroutines", new String[]{"Goroutines", "Goroutine"}),
            Map.entry("lg_running", new String[]{"running on an M (ringed)", "在某个 M 上运行（带环）"}),
            Map.entry("lg_runnable", new String[]{"runnable, in a run queue", "可运行，在运行队列中"}),
            Map.entry("lg_waiting", new String[]{"waiting, parked (dashed)", "等待中，已挂起（虚线）"}),
            Map.entry("lg_syscall", new String[]{"in a system call (square)", "在系统调用中（方形）"}),
            Map.entry("lg_preempted", new String[]{"preempted: stopped for a stack scan (diamond)", "被抢占：为扫描栈而停下（菱形）"}),
            Map.entry("lg_system", new String[]{"the runtime's own goroutine (dotted; ids from 1001)", "运行时自己的 goroutine（点线；编号从 1001 起）"}),
            Map.entry("lg_marks", new String[]{"Badges and marks", "徽标与标记"}),
            Map.entry("lg_assist", new String[]{"A: doing a mark assist", "A：正在做标记协助"}),
            Map.entry("lg_assistWait", new String[]{"A, outlined: waiting for credit to pay its assist debt", "空心 A：等待信用来偿还协助债务"}),
            Map.entry("lg_preempt", new String[]{"!: preemption requested", "!：已请求抢占"}),
            Map.entry("lg_debt", new String[]{"assist debt (red) or credit (green)", "协助债务（红）或信用（绿）"}),
            Map.entry("lg_focus", new String[]{"amber ring: what the narration points at", "琥珀色环：讲解所指之处"}),
            Map.entry("lg_overdue", new String[]{"red ring: a timer past its time", "红环：已到期却还没运行的定时器"}),
            Map.entry("lg_threads", new String[]{"Threads (M) and processors (P)", "线程（M）与处理器（P）"}),
            Map.entry("lg_mRunning", new String[]{"M running Go code", "运行 Go 代码的 M"}),
            Map.entry("lg_mSyscall", new String[]{"M in a system call or cgo", "在系统调用或 cgo 中的 M"}),
            Map.entry("lg_mSpinning", new String[]{"M spinning: looking for work", "自旋的 M：正在找活干"}),
            Map.entry("lg_mIdle", new String[]{"M parked, idle", "休眠（空闲）的 M"}),
            Map.entry("lg_pRunning", new String[]{"P running", "运行中的 P"}),
            Map.entry("lg_pSyscall", new String[]{"P left behind by a system call (dashed)", "被系统调用留下的 P（虚线）"}),
            Map.entry("lg_pIdle", new String[]{"P idle", "空闲的 P"}),
            Map.entry("lg_pGcstop", new String[]{"P stopped for the GC", "为 GC 停下的 P"}),
            Map.entry("lg_heap", new String[]{"Heap and timeline", "堆与时间线"}),
            Map.entry("lg_white", new String[]{"white: not reached yet", "白色：尚未到达"}),
            Map.entry("lg_grey", new String[]{"grey: reached, fields not scanned yet (dashed)", "灰色：已到达，字段尚未扫描（虚线）"}),
            Map.entry("lg_black", new String[]{"black: reached and scanned (double outline)", "黑色：已到达并已扫描（双边框）"}),
            Map.entry("lg_lost", new String[]{"red ✕: freed while still reachable (a bug)", "红色 ✕：仍可达却被回收（错误）"}),
            Map.entry("lg_unscanned", new String[]{"a stack not scanned yet this cycle (dashed)", "本轮尚未扫描的栈（虚线）"}),
            Map.entry("lg_scanned", new String[]{"a stack scanned this cycle (solid)", "本轮已扫描的栈（实线）"}),
            Map.entry("lg_wb", new String[]{"orange: a pointer write the barrier saw", "橙色：写屏障看到的指针写入"}),
            Map.entry("lg_unseen", new String[]{"hatched: a stretch of the run not seen yet", "斜线：尚未看到的一段运行"}),
            Map.entry("lessonError", new String[]{"This lesson has errors", "这个课程有错误"}),
            Map.entry("k_choice", new String[]{"answer the quiz", "回答测验"}));

    public static String get(String key, String lang) {
        String[] w = WORDS.get(key);
        if (w == null) {
            throw new IllegalArgumentException("Labels: no label " + key);
        }
        return "zh".equals(lang) ? w[1] : w[0];
    }

    public static String other(String lang) {
        return "zh".equals(lang) ? "en" : "zh";
    }
}
