package io.retention.risk.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelFitterTest {

    @Test
    void recoversTheParametersOfAKnownProcess() {
        BgNbd truth = new BgNbd(0.5, 6.0, 0.6, 3.0);
        BgNbdFit fit = ModelFitter.fitBgNbd(SyntheticCustomers.draw(truth, 20_000, 52, 11));

        assertThat(fit.boundary()).isNull();
        assertThat(fit.model().r()).isCloseTo(0.5, within(0.05));
        assertThat(fit.model().alpha()).isCloseTo(6.0, within(0.8));
        assertThat(fit.model().a()).isCloseTo(0.6, within(0.15));
        assertThat(fit.model().b()).isCloseTo(3.0, within(1.0));
    }

    @Test
    void dataWithoutDropoutGivesTheBoundarySolutionAndUsablePredictions() {
        BgNbd truth = new BgNbd(0.7, 9.0, 0, 1);
        Map<PurchaseHistory, Long> histories = SyntheticCustomers.draw(truth, 5_000, 40, 5);
        BgNbdFit fit = ModelFitter.fitBgNbd(histories);

        assertThat(fit.boundary()).startsWith("a -> 0");
        assertThat(fit.model().noDropout()).isTrue();
        assertThat(fit.model().r()).isCloseTo(0.7, within(0.08));
        assertThat(fit.model().alpha()).isCloseTo(9.0, within(1.5));
        // no fit with dropout does better than the boundary: it is the maximum
        BgNbd withSomeDropout = new BgNbd(fit.model().r(), fit.model().alpha(), 0.05, 3);
        assertThat(ModelFitter.logLikelihood(withSomeDropout, histories)).isLessThan(fit.logLikelihood());

        PurchaseModel model = new PurchaseModel(fit, null, Instant.EPOCH, 0, 13, 0.5);
        PurchaseOutlook regular = model.outlook(new PurchaseHistory(10, 39, 40), null);
        PurchaseOutlook overdue = model.outlook(new PurchaseHistory(10, 10, 40), null);
        assertThat(regular.pAlive()).isEqualTo(1.0);
        assertThat(overdue.pAlive())
                .as("a purchase long overdue for this customer's rate")
                .isLessThan(0.5);
        assertThat(overdue.pNoPurchase()).isGreaterThan(regular.pNoPurchase());
        assertThat(regular.expectedPurchases()).isCloseTo(13 * 10.7 / 49, within(0.05));
    }

    @Test
    void theFitDoesNotDependOnTheOrderTheHistoriesComeIn() {
        Map<PurchaseHistory, Long> drawn = SyntheticCustomers.draw(new BgNbd(0.5, 6.0, 0.6, 3.0), 5_000, 52, 17);
        java.util.List<Map.Entry<PurchaseHistory, Long>> entries = new java.util.ArrayList<>(drawn.entrySet());
        Map<PurchaseHistory, Long> forwards = new java.util.LinkedHashMap<>();
        entries.forEach(entry -> forwards.put(entry.getKey(), entry.getValue()));
        java.util.Collections.reverse(entries);
        Map<PurchaseHistory, Long> backwards = new java.util.LinkedHashMap<>();
        entries.forEach(entry -> backwards.put(entry.getKey(), entry.getValue()));

        // exactly equal, not close: two instances, or two databases returning rows in another order, must agree
        assertThat(ModelFitter.fitBgNbd(backwards).model())
                .isEqualTo(ModelFitter.fitBgNbd(forwards).model());
    }

    @Test
    void refusesToFitNobody() {
        assertThatThrownBy(() -> ModelFitter.fitBgNbd(Map.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesToFitCustomersNotObservedForAnyTime() {
        // everyone bought for the first time today: the likelihood is 1 for any parameters
        assertThatThrownBy(() -> ModelFitter.fitBgNbd(Map.of(new PurchaseHistory(0, 0, 0), 25L)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("observed for any time");
    }

    @Test
    void customersWhoAllBoughtOnceAtTheSameAgeGiveAFitThatExpectsNoRepeatPurchaseInsteadOfAFailure() {
        // a shop's first weeks, or an import's snapshot day before anyone bought again: the likelihood is flat, and the
        // optimiser's trust region found no step (the round of learning, and the judging of an import, failed on it)
        Map<PurchaseHistory, Long> histories = Map.of(new PurchaseHistory(0, 0, 50 / 7.0), 40L);
        BgNbdFit fit = ModelFitter.fitBgNbd(histories);

        PurchaseModel model = new PurchaseModel(fit, null, Instant.EPOCH, 0, 13, 0.5);
        assertThat(model.outlook(new PurchaseHistory(0, 0, 50 / 7.0), null).expectedPurchases())
                .isLessThan(1e-6);
        assertThat(fit.logLikelihood())
                .as("the supremum, 0: nobody bought again")
                .isCloseTo(0, within(1e-6));
    }
}
