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
