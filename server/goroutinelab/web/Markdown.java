package goroutinelab.web;

import gg.jte.Content;
import gg.jte.TemplateOutput;

/**
 * The lessons' markdown subset as HTML, for pages the server renders (the
 * catalogue's summaries): {@code `code`}, {@code **bold**} and {@code *emphasis*},
 * everything else escaped. The player renders the same subset in the browser
 * (web/static/js/text.js).
 */
public final class Markdown {
    private Markdown() {
    }

    /** The text as inline HTML, safe to put in a page. */
    public static String inline(String text) {
        StringBuilder out = new StringBuilder();
        String s = text == null ? "" : text;
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            int close;
            if (c == '`' && (close = s.indexOf('`', i + 1)) > i + 1) {
                out.append("<code>").append(escape(s.substring(i + 1, close))).append("</code>");
                i = close + 1;
            } else if (c == '*' && s.startsWith("**", i) && (close = s.indexOf("**", i + 2)) > i + 2) {
                out.append("<strong>").append(inline(s.substring(i + 2, close))).append("</strong>");
                i = close + 2;
            } else if (c == '*' && i + 1 < s.length() && !Character.isWhitespace(s.charAt(i + 1))
                    && (i == 0 || !Character.isLetterOrDigit(s.charAt(i - 1)))
                    && (close = s.indexOf('*', i + 1)) > i + 1 && !Character.isWhitespace(s.charAt(close - 1))) {
                out.append("<em>").append(inline(s.substring(i + 1, close))).append("</em>");
                i = close + 1;
            } else {
                out.append(escape(String.valueOf(c)));
                i++;
            }
        }
        return out.toString();
    }

    /** The text as template content (JTE writes it as it is: {@link #inline} has escaped it). */
    public static Content content(String text) {
        String html = inline(text);
        return (TemplateOutput output) -> output.writeContent(html);
    }

    private static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
