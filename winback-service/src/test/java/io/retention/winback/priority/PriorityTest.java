package io.retention.winback.priority;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class PriorityTest {
    private final Priority priority = new Priority(0.25, 5, 0.5);

    @Test
    void valueFirstThenReferralsRaiseAndComplaintsLower() {
        assertThat(priority.score(new BigDecimal("1000"), 0, false)).isEqualTo(1000);
        assertThat(priority.score(new BigDecimal("1000"), 2, false)).isEqualTo(1500);
        assertThat(priority.score(new BigDecimal("1000"), 0, true)).isEqualTo(500);
        assertThat(priority.score(new BigDecimal("1000"), 9, false))
                .as("referrals count up to five")
                .isEqualTo(2250);
        assertThat(priority.score(new BigDecimal("-5"), 0, false)).isZero();
    }
}
