package io.retention.console.pages;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class FormatsTest {
    @Test
    void timesAreWrittenToTheMinuteInUtcAndNoneAsNothing() {
        assertThat(Formats.minute(Instant.parse("2026-12-04T17:25:39.163480Z"))).isEqualTo("2026-12-04 17:25 UTC");
        assertThat(Formats.minute(null)).isEmpty();
    }

    @Test
    void sharesArePercentagesToOneDecimalAndLiftsSignedPoints() {
        assertThat(Formats.percent(0.1234)).isEqualTo("12.3 %");
        assertThat(Formats.percent(1.0)).isEqualTo("100.0 %");
        assertThat(Formats.percent(null)).isEqualTo("–");
        assertThat(Formats.points(0.052)).isEqualTo("+5.2 pp");
        assertThat(Formats.points(-0.01)).isEqualTo("-1.0 pp");
        assertThat(Formats.points(null)).isEqualTo("–");
    }

    @Test
    void measuresToFourDecimalsAndNoneAsADash() {
        org.assertj.core.api.Assertions.assertThat(Formats.decimal(0.745_93)).isEqualTo("0.7459");
        org.assertj.core.api.Assertions.assertThat(Formats.decimal(null)).isEqualTo("–");
    }
}
