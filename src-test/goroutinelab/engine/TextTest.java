package goroutinelab.engine;

import goroutinelab.lesson.Engines;
import goroutinelab.lesson.LessonStore;
import org.junit.jupiter.api.Test;

import java.text.MessageFormat;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/** A sentence's arguments are put in place as MessageFormat puts them, every quote literal. */
class TextTest {

    /** What Text.in wrote before it placed arguments itself. */
    private static String viaMessageFormat(Text t, String lang) {
        String pattern = "zh".equals(lang) ? t.zh() : t.en();
        if (t.args().length == 0) {
            return pattern;
        }
        Object[] plain = new Object[t.args().length];
        for (int i = 0; i < plain.length; i++) {
            Object a = t.args()[i];
            plain[i] = a instanceof Text x ? viaMessageFormat(x, lang) : String.valueOf(a);
        }
        return new MessageFormat(pattern.replace("'", "''"), Locale.ROOT).format(plain);
    }

    @Test
    void argumentsGoInPlaceAsMessageFormatPutsThem() {
        Text[] texts = {
                new Text("G{0} runs on M{1}'s P{2}", "G{0} 在 M{1} 的 P{2} 上运行", 1001, 3, 0),
                new Text("it's {0}, not '{1}'", "是 {0}", "x", 12345678901L),
                new Text("{1} before {0}, {0} again", "{1}{0}", "a", "b"),
                new Text("a missing {3} stays", "缺 {3}", 1),
                new Text("nested: {0}", "嵌套:{0}", new Text("G{0} parks", "G{0} 停放", 7)),
                new Text("{0}{1}", "{0}", "", "end")
        };
        for (Text t : texts) {
            for (String lang : new String[] {"en", "zh"}) {
                assertThat(t.in(lang)).as(t.en()).isEqualTo(viaMessageFormat(t, lang));
            }
        }
    }

    @Test
    void onlyPlainPlaceholdersArePlacedWithoutMessageFormat() {
        assertThat(Text.place("G{0} on P{1}", new Object[] {"1", "2"})).isEqualTo("G1 on P2");
        assertThat(Text.place("{0,number}", new Object[] {"1"})).isNull();
        assertThat(Text.place("a } b", new Object[] {"1"})).isNull();
        assertThat(Text.place("a {x} b", new Object[] {"1"})).isNull();
        assertThat(Text.place("a { b", new Object[] {"1"})).isNull();
    }

    @Test
    void everyEventOfEveryBundledLessonReadsAsBefore() {
        int checked = 0;
        for (LessonStore.Entry entry : LessonStore.bundled().all()) {
            if (!entry.ok()) {
                continue;
            }
            Engine e = Engines.create(entry.lesson(), entry.lesson().runtime());
            for (int i = 0; i < 3_000 && !e.ended(); i++) {
                Event ev = e.step();
                if (ev == null) {
                    break;
                }
                for (String lang : new String[] {"en", "zh"}) {
                    assertThat(ev.text(lang)).as(entry.id() + " step " + ev.step()).isEqualTo(viaMessageFormat(ev.text(), lang));
                }
                checked++;
            }
        }
        assertThat(checked).as("events checked").isGreaterThan(2_000);
    }
}
