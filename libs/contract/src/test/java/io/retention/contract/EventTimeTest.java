package io.retention.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EventTimeTest {

    @Test
    void readsEveryTimeOfTheCommonFormAsTheJdkDoes() {
        Random random = new Random(5);
        for (int i = 0; i < 20_000; i++) {
            String text = "%04d-%02d-%02dT%02d:%02d:%02d%s%s"
                    .formatted(
                            1 + random.nextInt(9_999),
                            1 + random.nextInt(12),
                            1 + random.nextInt(28),
                            random.nextInt(24),
                            random.nextInt(60),
                            random.nextInt(60),
                            fraction(random),
                            offset(random));

            assertThat(EventTime.parse(text))
                    .as(text)
                    .isEqualTo(OffsetDateTime.parse(text).toInstant());
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "2024-02-29T23:59:59.999999999+14:00",
                "2026-12-31T00:00:00-00:00",
                "2026-03-01t09:15:00z",
                "2026-03-01T09:15:00.5-03:30",
                "2026-03-01T10:00:00.Z"
            })
    void readsWhatTheJdkReadsOutsideTheCommonFormToo(String text) {
        assertThat(EventTime.parse(text)).isEqualTo(OffsetDateTime.parse(text).toInstant());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "2026-02-30T10:00:00Z",
                "2026-13-01T10:00:00Z",
                "2026-03-01T24:00:00Z",
                "2026-03-01T10:60:00Z",
                "2026-03-01T10:00:60Z",
                "2026-03-01T10:00:00",
                "2026-03-01T10:00:00.1234567890Z",
                "2026-03-01T10:00:00+19:00",
                "2026-03-01T10:00:00+05:60",
                "2026-03-01 10:00:00Z",
                "2026-3-01T10:00:00Z",
                "2026-03-01T10:00:00Zjunk",
                "+2026-03-01T10:00:00Z",
                "yesterday at noon",
                ""
            })
    void refusesWhatTheJdkRefuses(String text) {
        assertThatThrownBy(() -> OffsetDateTime.parse(text)).isInstanceOf(DateTimeParseException.class);
        assertThatThrownBy(() -> EventTime.parse(text)).isInstanceOf(DateTimeParseException.class);
    }

    private static String fraction(Random random) {
        int digits = random.nextInt(10);
        StringBuilder fraction = new StringBuilder(digits == 0 ? "" : ".");
        for (int i = 0; i < digits; i++) {
            fraction.append(random.nextInt(10));
        }
        return fraction.toString();
    }

    private static String offset(Random random) {
        if (random.nextInt(3) == 0) {
            return "Z";
        }
        return "%s%02d:%02d".formatted(random.nextBoolean() ? "+" : "-", random.nextInt(18), random.nextInt(60));
    }
}
