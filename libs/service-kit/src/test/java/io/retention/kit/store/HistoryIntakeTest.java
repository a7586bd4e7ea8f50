package io.retention.kit.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HistoryIntakeTest {
    private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");
    private static final Duration PERIOD = Duration.ofSeconds(30);

    @Test
    void historyHasSettledWhenNoneWasReadForThePeriodOrEver() {
        assertThat(HistoryIntake.settled(Optional.empty(), NOW, PERIOD)).isTrue();
        assertThat(HistoryIntake.settled(Optional.of(NOW.minus(PERIOD)), NOW, PERIOD))
                .isTrue();
        assertThat(HistoryIntake.settled(Optional.of(NOW.minusSeconds(29)), NOW, PERIOD))
                .isFalse();
        assertThat(HistoryIntake.settled(Optional.of(NOW), NOW, PERIOD)).isFalse();
    }

    @Test
    void aReadTimeFurtherAheadThanThePeriodWasWrittenBeforeTheClockWasSetBackAndCountsAsSettled() {
        assertThat(HistoryIntake.settled(Optional.of(NOW.plus(PERIOD)), NOW, PERIOD))
                .isFalse();
        assertThat(HistoryIntake.settled(Optional.of(NOW.plus(PERIOD).plusSeconds(1)), NOW, PERIOD))
                .isTrue();
    }
}
