package io.retention.console.pages;

import io.quarkus.qute.TemplateExtension;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** How the pages write times: to the minute, in UTC (the services' time), readable at a glance. */
@TemplateExtension
public final class Formats {
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'");

    private Formats() {}

    /** {@code {followUp.dueAt.minute}} */
    static String minute(Instant instant) {
        return MINUTE.format(instant.atOffset(ZoneOffset.UTC));
    }
}
