package io.retention.risk.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SnapshotTakeTest {
    private static final Instant TAKEN = Instant.parse("2026-06-10T12:00:00Z");
    private static final Duration SETTLE = Duration.ofSeconds(30);
    /** A day's grace and 15 minutes of holds. */
    private static final Duration LIVE_FOR = Duration.ofHours(24).plusMinutes(15);

    private static final String INPUTS =
            SnapshotTake.inputs(List.of(LocalDate.parse("2026-03-01")), List.of(), "settings", "1.0");
    private static final SnapshotTake LAST = new SnapshotTake(TAKEN, INPUTS);
    /** A past that ended a week before the take. */
    private static final LocalDate PAST_END = LocalDate.parse("2026-06-03");

    private boolean holds(String inputs, LocalDate pastEnd, Optional<Instant> historyRead, Optional<Instant> erased) {
        return LAST.stillHolds(inputs, pastEnd, historyRead, erased, SETTLE, LIVE_FOR);
    }

    @Test
    void snapshotsHoldWhileNothingTheyAreMadeOfCanHaveChanged() {
        assertThat(holds(INPUTS, PAST_END, Optional.empty(), Optional.empty())).isTrue();
        assertThat(holds(INPUTS, null, Optional.empty(), Optional.empty()))
                .as("no day matured")
                .isTrue();
        assertThat(holds(INPUTS, PAST_END, Optional.of(TAKEN.minus(SETTLE).minusMillis(1)), Optional.empty()))
                .as("history read and applied before the take")
                .isTrue();
        assertThat(holds(INPUTS, PAST_END, Optional.empty(), Optional.of(TAKEN.minus(Duration.ofDays(3)))))
                .as("an erasure before the take")
                .isTrue();
    }

    @Test
    void otherGridDaysSettingsOrVersionTakeThemAgain() {
        assertThat(holds(
                        SnapshotTake.inputs(
                                List.of(LocalDate.parse("2026-03-01")),
                                List.of(LocalDate.parse("2026-03-01")),
                                "settings",
                                "1.0"),
                        PAST_END,
                        Optional.empty(),
                        Optional.empty()))
                .as("a day matured")
                .isFalse();
        assertThat(holds(
                        SnapshotTake.inputs(List.of(LocalDate.parse("2026-03-01")), List.of(), "other", "1.0"),
                        PAST_END,
                        Optional.empty(),
                        Optional.empty()))
                .isFalse();
        assertThat(holds(
                        SnapshotTake.inputs(List.of(LocalDate.parse("2026-03-01")), List.of(), "settings", "1.1"),
                        PAST_END,
                        Optional.empty(),
                        Optional.empty()))
                .isFalse();
    }

    @Test
    void historyReadOrAnErasureSinceTheTakeOrJustBeforeItTakesThemAgain() {
        assertThat(holds(INPUTS, PAST_END, Optional.of(TAKEN.plusSeconds(60)), Optional.empty()))
                .isFalse();
        assertThat(holds(INPUTS, PAST_END, Optional.of(TAKEN.minus(SETTLE)), Optional.empty()))
                .as("read within the settle period before the take: maybe applied after its reads")
                .isFalse();
        assertThat(holds(INPUTS, PAST_END, Optional.empty(), Optional.of(TAKEN.plusSeconds(1))))
                .isFalse();
    }

    @Test
    void aPastThatEndedWithinTheGraceAndHoldsOfTheTakeMayStillGetLiveEvents() {
        LocalDate endedYesterday = LocalDate.parse("2026-06-09");
        assertThat(holds(INPUTS, endedYesterday, Optional.empty(), Optional.empty()))
                .as("ended at midnight, 12 hours before the take: a live event may be dated in it")
                .isFalse();
        LocalDate endedTwoDaysBefore = LocalDate.parse("2026-06-08");
        assertThat(holds(INPUTS, endedTwoDaysBefore, Optional.empty(), Optional.empty()))
                .as("ended 36 hours before the take")
                .isTrue();
        assertThat(new SnapshotTake(Instant.parse("2026-06-10T00:14:59Z"), INPUTS)
                        .stillHolds(INPUTS, endedTwoDaysBefore, Optional.empty(), Optional.empty(), SETTLE, LIVE_FOR))
                .as("24 hours and 14:59 after its end")
                .isFalse();
    }
}
