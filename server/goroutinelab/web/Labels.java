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
            Map.entry("author", new String[]{"Write a lesson", "编写课程"}));

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
