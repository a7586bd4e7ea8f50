package io.retention.console.pages;

/** What a page's query parameters hold: a filter left empty is no filter. */
final class QueryText {
    private QueryText() {}

    /** The text as a form shows it again: trimmed, empty for none. */
    static String shown(String text) {
        return text == null ? "" : text.trim();
    }

    /** The text as a service is asked with it: trimmed, null for none. */
    static String asked(String text) {
        return text == null || text.isBlank() ? null : text.trim();
    }
}
