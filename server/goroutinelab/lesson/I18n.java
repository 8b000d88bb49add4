package goroutinelab.lesson;

/** A text in English and (optionally) Chinese; {@link #in} falls back to English. */
public record I18n(String en, String zh) {
    public static final I18n EMPTY = new I18n("", null);

    public String in(String lang) {
        return "zh".equals(lang) && zh != null && !zh.isBlank() ? zh : en;
    }

    public boolean hasZh() {
        return zh != null && !zh.isBlank();
    }
}
