package io.retention.console.pages;

import io.quarkus.qute.TemplateExtension;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** How the pages write times (to the minute, in UTC: the services' time) and shares: the {@code fmt:} namespace. */
@TemplateExtension(namespace = "fmt")
public final class Formats {
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'");

    private Formats() {}

    /** {@code {fmt:percent(rate)}}: a share as a percentage to one decimal; a dash for none. */
    static String percent(Double share) {
        return share == null ? "–" : String.format(java.util.Locale.ROOT, "%.1f %%", share * 100);
    }

    /** {@code {fmt:points(lift)}}: a difference of shares in percentage points, signed; a dash for none. */
    static String points(Double difference) {
        return difference == null ? "–" : String.format(java.util.Locale.ROOT, "%+.1f pp", difference * 100);
    }

    /** {@code {fmt:decimal(auc)}}: a measure to four decimals (AUC, Brier score); a dash for none. */
    static String decimal(Double value) {
        return value == null ? "–" : String.format(java.util.Locale.ROOT, "%.4f", value);
    }

    /** {@code {fmt:minute(followUp.dueAt)}}; empty for none. */
    static String minute(Instant instant) {
        return instant == null ? "" : MINUTE.format(instant.atOffset(ZoneOffset.UTC));
    }
}
