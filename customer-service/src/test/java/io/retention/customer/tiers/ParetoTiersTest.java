package io.retention.customer.tiers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParetoTiersTest {
    private final ParetoTiers tiers = new ParetoTiers(0.80, 0.15);

    private static ParetoTiers.Revenue revenue(String id, long amount) {
        return new ParetoTiers.Revenue(id, BigDecimal.valueOf(amount));
    }

    @Test
    void theCustomersMakingTheFirst80PercentAreATheNext15BAndTheRestC() {
        // total 1000: a (500) and b (250) start below 80 %, c (150) starts at 75 % and so is still A;
        // d (60) starts at 90 % (B), e (30) at 96 % (C), f (10) at 99 % (C), g with no revenue is C
        Map<String, String> assigned = tiers.assign(List.of(
                revenue("e", 30),
                revenue("a", 500),
                revenue("g", 0),
                revenue("c", 150),
                revenue("f", 10),
                revenue("b", 250),
                revenue("d", 60)));
        assertThat(assigned)
                .containsExactly(
                        Map.entry("a", "A"),
                        Map.entry("b", "A"),
                        Map.entry("c", "A"),
                        Map.entry("d", "B"),
                        Map.entry("e", "C"),
                        Map.entry("f", "C"),
                        Map.entry("g", "C"));
    }

    @Test
    void aLongTailIsMostlyCAndNegativeRevenueCountsAsNone() {
        List<ParetoTiers.Revenue> revenues = new ArrayList<>();
        revenues.add(revenue("whale", 10_000));
        for (int i = 0; i < 100; i++) {
            revenues.add(revenue("small-" + i, 10));
        }
        revenues.add(revenue("refunded", -50));
        Map<String, String> assigned = tiers.assign(revenues);
        assertThat(assigned.get("whale")).isEqualTo("A");
        assertThat(assigned.get("refunded")).isEqualTo("C");
        // the whale makes 90.9 % alone: everyone else starts above 80 %; B until 95 % of 11,000 = 10,450, i.e. 45 small
        // ones
        assertThat(assigned.values().stream().filter("B"::equals).count()).isEqualTo(45);
        assertThat(assigned.values().stream().filter("C"::equals).count()).isEqualTo(56);
    }

    @Test
    void sharesMustLeaveRoom() {
        assertThatThrownBy(() -> new ParetoTiers(0.9, 0.2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ParetoTiers(0, 0.2)).isInstanceOf(IllegalArgumentException.class);
    }
}
