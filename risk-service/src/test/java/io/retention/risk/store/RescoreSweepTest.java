package io.retention.risk.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RescoreSweepTest {
    private static final Instant STARTED = Instant.parse("2026-12-01T10:00:00Z");

    @Test
    void aShareOfTheCustomersIsDueForEachShareOfTheSpread() {
        RescoreSweep sweep = new RescoreSweep(STARTED, Duration.ofHours(1), 1_000, 0, "");
        assertThat(sweep.dueBy(STARTED)).isZero();
        assertThat(sweep.dueBy(STARTED.plusSeconds(36))).as("1 % of the hour").isEqualTo(10);
        assertThat(sweep.dueBy(STARTED.plus(Duration.ofMinutes(30)))).isEqualTo(500);
        assertThat(sweep.dueBy(STARTED.plusMillis(1)))
                .as("a part of a customer rounds up")
                .isEqualTo(1);
    }

    @Test
    void whatWasPassedAlreadyIsNotDueAgain() {
        RescoreSweep sweep = new RescoreSweep(STARTED, Duration.ofHours(1), 1_000, 400, "c-0400");
        assertThat(sweep.dueBy(STARTED.plus(Duration.ofMinutes(30)))).isEqualTo(100);
        assertThat(sweep.dueBy(STARTED.plus(Duration.ofMinutes(12))))
                .as("ahead of its pace")
                .isZero();
    }

    @Test
    void onceTheSpreadHasGoneByEveryCustomerLeftIsDueThoseWhoCameSinceIncluded() {
        RescoreSweep sweep = new RescoreSweep(STARTED, Duration.ofHours(1), 1_000, 1_000, "c-1000");
        assertThat(sweep.dueBy(STARTED.plus(Duration.ofHours(1)))).isEqualTo(Long.MAX_VALUE);
        assertThat(new RescoreSweep(STARTED, Duration.ZERO, 1_000, 0, "").dueBy(STARTED))
                .as("no spread: everyone at once")
                .isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void aClockSetBackBeforeTheStartMakesNobodyDue() {
        RescoreSweep sweep = new RescoreSweep(STARTED, Duration.ofHours(1), 1_000, 0, "");
        assertThat(sweep.dueBy(STARTED.minusSeconds(60))).isZero();
    }
}
