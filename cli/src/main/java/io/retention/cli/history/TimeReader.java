package io.retention.cli.history;

import io.retention.contract.EventTime;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Reads the times in a business's files: the {@code --time-format} pattern in {@code --zone} if given, and otherwise (or
 * when it does not match) RFC 3339, a local date-time ({@code 2011-12-09 12:50[:00]}, {@code T} or a space) or a date
 * in {@code --zone}.
 */
final class TimeReader {
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd[' ']['T']HH:mm[:ss][.SSS]");

    private final DateTimeFormatter pattern;
    private final ZoneId zone;

    TimeReader(String pattern, ZoneId zone) {
        this.pattern = pattern == null ? null : DateTimeFormatter.ofPattern(pattern);
        this.zone = zone;
    }

    /** The instant, or an exception that says what was expected. */
    Instant read(String text) {
        String value = text.trim();
        if (pattern != null) {
            try {
                return LocalDateTime.parse(value, pattern).atZone(zone).toInstant();
            } catch (DateTimeParseException e) {
                // the other files may write their times in a standard form
            }
        }
        try {
            return EventTime.parse(value);
        } catch (DateTimeParseException notRfc3339) {
            try {
                return LocalDateTime.parse(value, LOCAL).atZone(zone).toInstant();
            } catch (DateTimeParseException notLocal) {
                try {
                    return LocalDate.parse(value).atStartOfDay(zone).toInstant();
                } catch (DateTimeParseException notDate) {
                    throw new IllegalArgumentException(
                            "time '" + value + "' is not " + (pattern == null ? "" : "of --time-format, ")
                                    + "RFC 3339, yyyy-MM-dd HH:mm[:ss] or yyyy-MM-dd (give --time-format for other forms)");
                }
            }
        }
    }
}
