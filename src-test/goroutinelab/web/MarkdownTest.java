package goroutinelab.web;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The lessons' markdown subset on server-rendered pages: code, bold and emphasis, and nothing else gets through. */
class MarkdownTest {

    @Test
    void codeBoldAndEmphasisBecomeTagsAndEverythingElseIsEscaped() {
        assertThat(Markdown.inline("a `runqput` and **G2** on a *spinning* M"))
                .isEqualTo("a <code>runqput</code> and <strong>G2</strong> on a <em>spinning</em> M");
        assertThat(Markdown.inline("<script>alert(1)</script> & \"x\""))
                .isEqualTo("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot;");
        assertThat(Markdown.inline("`<b>` stays code")).isEqualTo("<code>&lt;b&gt;</code> stays code");
        assertThat(Markdown.inline("2 * 3 * 4 and a*b*c")).isEqualTo("2 * 3 * 4 and a*b*c");
        assertThat(Markdown.inline("**unclosed and `open")).isEqualTo("**unclosed and `open");
    }
}
