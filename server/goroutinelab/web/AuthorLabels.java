package goroutinelab.web;

import java.util.Map;

/** The author page's words in English and Chinese (its script keeps its own for what changes as you type). */
public final class AuthorLabels {
    private AuthorLabels() {
    }

    private static final Map<String, String[]> WORDS = Map.ofEntries(
            Map.entry("title", new String[]{"Write a lesson", "编写课程"}),
            Map.entry("intro", new String[]{
                    "Edit a lesson's YAML: problems show at their line as you type, and the preview plays the lesson."
                            + " Your draft is kept in this browser.",
                    "编辑课程的 YAML：输入时问题会显示在对应的行上，右侧预览会播放这个课程。草稿保存在本浏览器中。"}),
            Map.entry("startFrom", new String[]{"Start from", "从这里开始"}),
            Map.entry("load", new String[]{"Load", "载入"}),
            Map.entry("undo", new String[]{"Undo load", "撤销载入"}),
            Map.entry("download", new String[]{"Download .yaml", "下载 .yaml"}),
            Map.entry("editor", new String[]{"Lesson YAML", "课程 YAML"}),
            Map.entry("problems", new String[]{"Problems", "问题"}),
            Map.entry("preview", new String[]{"Preview", "预览"}),
            Map.entry("restart", new String[]{"Restart preview", "重新开始预览"}),
            Map.entry("guide", new String[]{"How to write a lesson", "如何编写课程"}),
            Map.entry("blank", new String[]{"A blank lesson", "空白课程"}),
            Map.entry("catalogue", new String[]{"All lessons", "全部课程"}),
            Map.entry("language", new String[]{"中文", "English"}),
            Map.entry("noPreview", new String[]{"The preview appears when the lesson has no problems.",
                    "课程没有问题时，这里会显示预览。"}));

    public static String get(String key, String lang) {
        String[] w = WORDS.get(key);
        if (w == null) {
            throw new IllegalArgumentException("AuthorLabels: no label " + key);
        }
        return "zh".equals(lang) ? w[1] : w[0];
    }
}
