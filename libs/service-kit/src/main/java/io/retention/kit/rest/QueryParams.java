package io.retention.kit.rest;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Reads optional query parameters with a 400 that names the parameter and what it accepts; JAX-RS's own conversion
 * answers a bad value with a bare 404.
 */
public final class QueryParams {
    private QueryParams() {}

    public static <E extends Enum<E>> E enumValue(String name, String value, Class<E> type) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            String allowed =
                    Arrays.stream(type.getEnumConstants()).map(Enum::name).collect(Collectors.joining(", "));
            throw ProblemException.badRequest(
                    "query parameter '" + name + "' must be one of " + allowed + ", not '" + value + "'");
        }
    }

    public static Instant instant(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value.trim()).toInstant();
        } catch (DateTimeParseException e) {
            throw ProblemException.badRequest(
                    "query parameter '" + name + "' must be an RFC 3339 timestamp, not '" + value + "'");
        }
    }
}
