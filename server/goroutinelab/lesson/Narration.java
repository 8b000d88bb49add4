package goroutinelab.lesson;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How much a script step asks the learner to read while watching the board.
 * A step's {@code say} is read at a glance: at most {@link #MAX_WORDS} words in
 * each language; the rest belongs in {@code more}. Words are counted as the
 * player counts them when it cuts a long text (web/static/js/text.js,
 * firstSentences): each run of Latin letters, digits, _, ' or - is one word,
 * and two CJK characters count as one word, so a Chinese text of about 80
 * characters is as long as 40 English words.
 */
public final class Narration {
    /** The most words a step's {@code say} should have, in each language. */
    public static final int MAX_WORDS = 40;

    private static final Pattern WORD = Pattern.compile("[A-Za-z0-9_'’-]+");
    private static final Pattern CJK = Pattern.compile("[\\u4e00-\\u9fff]");

    private Narration() {
    }

    /** The words a text counts as: Latin words, plus CJK characters / 2. */
    public static double words(String text) {
        if (text == null) {
            return 0;
        }
        return count(WORD.matcher(text)) + count(CJK.matcher(text)) / 2.0;
    }

    private static int count(Matcher m) {
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    /**
     * A warning for each {@code say} longer than {@link #MAX_WORDS} words in either
     * language, at its step (steps count from 1, as the player and check count
     * them). A warning never stops a lesson from playing.
     */
    public static List<LessonError.Problem> warnings(Lesson lesson) {
        List<LessonError.Problem> out = new ArrayList<>();
        for (int i = 0; i < lesson.steps().size(); i++) {
            Lesson.Step s = lesson.steps().get(i);
            YamlTree.Pos at = s.pos() == null ? YamlTree.Pos.NONE : s.pos();
            for (String lang : new String[]{"en", "zh"}) {
                String text = "zh".equals(lang) ? s.say().zh() : s.say().en();
                double n = words(text);
                if (n > MAX_WORDS) {
                    out.add(new LessonError.Problem(lesson.file(), at.line(), at.col(), "step " + (i + 1) + ": say ("
                            + lang + ") has " + format(n) + " words; a step is read at a glance, at most " + MAX_WORDS
                            + ": move the detail into more:"));
                }
            }
        }
        return out;
    }

    private static String format(double n) {
        return n == Math.rint(n) ? String.valueOf((long) n) : String.valueOf(n);
    }
}
