package io.retention.risk.learning;

import static org.assertj.core.api.Assertions.assertThat;

import io.retention.risk.features.CustomerState;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ChurnOutcomeTest {
    private static final LocalDate CUT = LocalDate.parse("2026-03-05");

    @Test
    void aSnapshotMaturesOnlyOnceItsWholeHorizonHasPassed() {
        LocalDate end = CUT.plusWeeks(13);
        assertThat(ChurnOutcome.matured(CUT, 13, end)).as("on its last day").isFalse();
        assertThat(ChurnOutcome.matured(CUT, 13, end.plusDays(1))).isTrue();
    }

    @Test
    void churnedIsNoPurchaseInTheHorizonOrACancellationNotFollowedByOne() {
        CustomerState state = new CustomerState();
        state.purchaseDays.put(CUT, BigDecimal.TEN);
        assertThat(ChurnOutcome.churned(state, CUT, 13))
                .as("bought on the day, not after")
                .isTrue();

        state.purchaseDays.put(CUT.plusWeeks(13), BigDecimal.TEN);
        assertThat(ChurnOutcome.churned(state, CUT, 13))
                .as("bought on the horizon's last day")
                .isFalse();

        state.cancelledAt = CUT.plusWeeks(13).atTime(18, 0).toInstant(ZoneOffset.UTC);
        assertThat(ChurnOutcome.churned(state, CUT, 13))
                .as("cancelled after the last purchase")
                .isTrue();

        state.cancelledAt = CUT.plusWeeks(2).atStartOfDay().toInstant(ZoneOffset.UTC);
        assertThat(ChurnOutcome.churned(state, CUT, 13))
                .as("bought again after cancelling")
                .isFalse();

        CustomerState later = new CustomerState();
        later.purchaseDays.put(CUT.plusWeeks(14), BigDecimal.ONE);
        assertThat(ChurnOutcome.churned(later, CUT, 13))
                .as("bought only after the horizon")
                .isTrue();
    }

    @Test
    void theGridIsTheSameDaysForEveryoneAndStopsAtTheEarliestPurchase() {
        LocalDate today = LocalDate.parse("2011-09-09");
        assertThat(SnapshotGrid.cutOffs(today, LocalDate.parse("2010-12-01"), 3))
                .containsExactly(
                        LocalDate.parse("2011-06-23"), LocalDate.parse("2011-07-21"), LocalDate.parse("2011-08-18"));
        assertThat(SnapshotGrid.cutOffs(today.plusDays(1), LocalDate.parse("2010-12-01"), 1))
                .as("a day later, the same grid day")
                .containsExactly(LocalDate.parse("2011-08-18"));
        assertThat(SnapshotGrid.cutOffs(today, LocalDate.parse("2011-07-01"), 6))
                .as("none before the earliest purchase")
                .containsExactly(LocalDate.parse("2011-07-21"), LocalDate.parse("2011-08-18"));
    }
}
