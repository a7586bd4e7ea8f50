package io.retention.winback.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class WinbackStatsTest {

    @Test
    void eachArmIsComparedWithTheHoldoutOfItsReason() {
        List<WinbackStats.ReasonFigures> figures = WinbackStats.assemble(
                List.of(
                        new WinbackStats.Row("PRICE", "discount-20", "DISCOUNT", 200, 200, 50, 60),
                        new WinbackStats.Row("PRICE", "holdout", null, 20, 0, 0, 2),
                        new WinbackStats.Row("SERVICE", "premium-support", "SERVICE_UPGRADE", 10, 10, 1, 1)),
                "holdout");

        WinbackStats.ReasonFigures price = figures.get(0);
        assertThat(price.reason()).isEqualTo("PRICE");
        assertThat(price.holdout().winBackRate()).isEqualTo(0.10);
        WinbackStats.ArmFigures discount = price.arms().get(0);
        assertThat(discount.winBackRate()).isEqualTo(0.30);
        assertThat(discount.redemptionRate()).isEqualTo(0.25);
        assertThat(discount.liftOverHoldout()).isCloseTo(0.20, within(1e-12));
        assertThat(discount.relativeLift()).isCloseTo(2.0, within(1e-12));
        assertThat(discount.ci95()[0]).isLessThan(0.30);
        assertThat(discount.ci95()[1]).isGreaterThan(0.30);

        // no holdout customers for this reason yet: no lift to claim
        WinbackStats.ReasonFigures service = figures.get(1);
        assertThat(service.holdout().customers()).isZero();
        assertThat(service.arms().get(0).liftOverHoldout()).isNull();
    }
}
