package io.retention.kit.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.retention.contract.CloudEvent;
import io.retention.contract.EventType;
import io.retention.contract.InvalidEventException;
import io.retention.contract.PlausibleTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EventTimingTest {
    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private final EventTiming timing =
            new EventTiming(Duration.ofHours(24), new PlausibleTime(Duration.ofMinutes(5), Instant.EPOCH));

    @Test
    void anEventOlderThanTheGracePeriodOrMarkedBackfillIsHistory() {
        assertThat(timing.isHistory(at(NOW.minus(Duration.ofHours(23))), NOW)).isFalse();
        assertThat(timing.isHistory(at(NOW.minus(Duration.ofHours(24)).minusMillis(1)), NOW))
                .isTrue();
        assertThat(timing.isHistory(at(NOW).asBackfill(), NOW))
                .as("backfill whatever its time")
                .isTrue();
        assertThat(timing.isHistory(at(NOW.plus(Duration.ofMinutes(2))), NOW)).isFalse();
    }

    @Test
    void anEventALittleAheadCountsAndOneFurtherAheadIsRefusedWithTheReason() {
        CloudEvent skewed = at(NOW.plus(Duration.ofMinutes(5)));
        timing.checkPlausible(skewed, NOW);

        assertThatThrownBy(() -> timing.checkPlausible(at(NOW.plus(Duration.ofMinutes(6))), NOW))
                .isInstanceOf(InvalidEventException.class)
                .hasMessage("time 2026-12-01T12:06:00Z is PT6M ahead of the clock (2026-12-01T12:00:00Z); "
                        + "events may be at most PT5M in the future (clock skew)");
    }

    @Test
    void anUnsetDateIsRefusedWithTheReasonAndRealHistoryCounts() {
        assertThatThrownBy(() -> timing.checkPlausible(at(Instant.parse("0001-01-01T00:00:00Z")), NOW))
                .isInstanceOf(InvalidEventException.class)
                .hasMessage(
                        "time 0001-01-01T00:00:00Z is not after 1970-01-01T00:00:00Z, the earliest an event may be: "
                                + "it looks like an unset date, not a moment something happened");
        assertThatThrownBy(() -> timing.checkPlausible(at(Instant.EPOCH), NOW)).hasMessageContaining("unset date");
        timing.checkPlausible(at(Instant.parse("1997-01-01T00:00:00Z")), NOW);
    }

    @Test
    void theServicesDefaultBoundsAreTheOnesAnImportChecksBeforeItPublishes() throws Exception {
        assertThat(Duration.parse(defaultOf("futureTolerance"))).isEqualTo(PlausibleTime.DEFAULTS.futureTolerance());
        assertThat(Instant.parse(defaultOf("earliest"))).isEqualTo(PlausibleTime.DEFAULTS.earliest());
    }

    private static String defaultOf(String key) throws NoSuchMethodException {
        return EventTimingConfig.class
                .getMethod(key)
                .getAnnotation(io.smallrye.config.WithDefault.class)
                .value();
    }

    private static CloudEvent at(Instant time) {
        return new CloudEvent(
                "e-1", "/test", EventType.USAGE_RECORDED, time, "c-1", JsonNodeFactory.instance.objectNode());
    }
}
