package goroutinelab.e2e;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.regex.Pattern;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/** The language switch changes every label, the narration and the events, and the link keeps it. */
class LanguageTest extends BrowserTest {

    @Test
    void switchingToChineseChangesEveryLabelAndTheNarration() {
        PlayerPage player = open("goroutines-and-run-queues");
        player.next();
        player.next();
        player.langSwitch.click();
        assertThat(player.stepButton).hasText("单步");
        assertThat(player.playButton).hasText("播放");
        assertThat(player.langSwitch).hasText("English");
        assertThat(page.locator("html")).hasAttribute("lang", "zh-CN");
        assertThat(player.narration).containsText("newproc");
        assertThat(player.narration).containsText("创建");
        assertThat(player.board.globalQueue()).containsText("全局运行队列");
        assertThat(player.event(1)).containsText("创建");
        assertThat(page).hasURL(Pattern.compile("lang=zh"));
        // no label shows a raw key
        List<String> labels = page.locator("[data-i18n]:not([data-i18n-attr])").allInnerTexts();
        assertThat(labels).allSatisfy(s -> assertThat(s).doesNotMatch("^[a-z]+[A-Z_][A-Za-z_]*$"));
        player.screenshot("language-zh");
        page.keyboard().press("l");
        assertThat(player.stepButton).hasText("Step");
        assertThat(player.narration).containsText("makes G2");
    }

    @Test
    void aChineseLinkOpensInChinese() {
        PlayerPage player = open("goroutines-and-run-queues", "lang=zh");
        assertThat(player.nextButton).hasText("下一节");
        assertThat(player.narration).containsText("按“下一节”开始");
    }
}
