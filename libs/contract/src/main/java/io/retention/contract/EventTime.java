package io.retention.contract;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * Reads an event's RFC 3339 {@code time}. The form every producer sends ({@code 2026-03-01T09:15:00Z}, with or without
 * a fraction, {@code Z} or a {@code ±hh:mm} offset) is read field by field; anything else goes to
 * {@link OffsetDateTime#parse}, which decides and words the error. The JDK's general parser cost a sixth of the time
 * spent reading an event.
 */
public final class EventTime {
    private EventTime() {}

    /** The instant, or {@link DateTimeParseException} as {@link OffsetDateTime#parse} throws it. */
    public static Instant parse(String text) {
        Instant instant = common(text);
        return instant != null ? instant : OffsetDateTime.parse(text).toInstant();
    }

    /** The instant of the common form, or null when the text is not in it (or not a valid time). */
    private static Instant common(String text) {
        int length = text.length();
        if (length < 20
                || text.charAt(4) != '-'
                || text.charAt(7) != '-'
                || text.charAt(10) != 'T'
                || text.charAt(13) != ':'
                || text.charAt(16) != ':') {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 2);
        int day = digits(text, 8, 2);
        int hour = digits(text, 11, 2);
        int minute = digits(text, 14, 2);
        int second = digits(text, 17, 2);
        if ((year | month | day | hour | minute | second) < 0) {
            return null;
        }
        int position = 19;
        int nanos = 0;
        if (text.charAt(position) == '.') {
            int start = ++position;
            while (position < length && isDigit(text.charAt(position))) {
                position++;
            }
            int fractionDigits = position - start;
            if (fractionDigits == 0 || fractionDigits > 9) {
                return null;
            }
            nanos = digits(text, start, fractionDigits);
            for (int i = fractionDigits; i < 9; i++) {
                nanos *= 10;
            }
        }
        int offsetSeconds;
        if (position == length - 1 && text.charAt(position) == 'Z') {
            offsetSeconds = 0;
        } else if (position == length - 6
                && (text.charAt(position) == '+' || text.charAt(position) == '-')
                && text.charAt(position + 3) == ':') {
            int offsetHours = digits(text, position + 1, 2);
            int offsetMinutes = digits(text, position + 4, 2);
            if ((offsetHours | offsetMinutes) < 0 || offsetHours > 18 || offsetMinutes > 59) {
                return null;
            }
            int sign = text.charAt(position) == '-' ? -1 : 1;
            offsetSeconds = sign * (offsetHours * 3600 + offsetMinutes * 60);
        } else {
            return null;
        }
        try {
            return LocalDateTime.of(year, month, day, hour, minute, second, nanos)
                    .toInstant(ZoneOffset.ofTotalSeconds(offsetSeconds));
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** The number written by {@code count} digits from {@code start}, or -1 if any is not a digit. */
    private static int digits(String text, int start, int count) {
        int value = 0;
        for (int i = start; i < start + count; i++) {
            char c = text.charAt(i);
            if (!isDigit(c)) {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
