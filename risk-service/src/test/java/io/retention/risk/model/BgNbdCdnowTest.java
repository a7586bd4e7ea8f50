package io.retention.risk.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.retention.risk.features.CustomerState;
import io.retention.risk.features.Features;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.hipparchus.stat.correlation.PearsonsCorrelation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Reproduces the published BG/NBD and Gamma-Gamma results on CDNOW from the transaction log replayed as purchase
 * events through the same state and features the service keeps, not from the pre-computed summary.
 */
class BgNbdCdnowTest {
    static Map<String, Features> features = new LinkedHashMap<>();
    static BgNbdFit fit;

    @BeforeAll
    static void replayCalibration() {
        Instant calibrationEnd = Cdnow.CALIBRATION_END.atTime(23, 59).toInstant(ZoneOffset.UTC);
        Map<String, CustomerState> states = new LinkedHashMap<>();
        for (Cdnow.Transaction transaction : Cdnow.transactions()) {
            if (!transaction.day().isAfter(Cdnow.CALIBRATION_END)) {
                states.computeIfAbsent(transaction.customerId(), id -> new CustomerState())
                        .apply(transaction.asEvent(), calibrationEnd);
            }
        }
        states.forEach((id, state) -> features.put(id, Features.of(state, calibrationEnd)));
        Map<PurchaseHistory, Long> histories = new HashMap<>();
        features.values().forEach(f -> histories.merge(f.purchaseHistory(), 1L, Long::sum));
        fit = ModelFitter.fitBgNbd(histories);
    }

    @Test
    void replayedEventsGiveThePublishedSummaryOfEveryCustomer() {
        Map<String, Cdnow.Summary> summary = Cdnow.summary();
        assertThat(features).hasSameSizeAs(summary).hasSize(2357);
        summary.forEach((id, published) -> {
            PurchaseHistory history = features.get(id).purchaseHistory().rounded();
            assertThat(history)
                    .as("customer %s", id)
                    .isEqualTo(new PurchaseHistory(published.x(), published.tx(), published.T()));
            if (published.x() > 0) {
                assertThat(features.get(id).meanRepeatPurchaseValue().doubleValue())
                        .as("zbar of %s", id)
                        .isCloseTo(published.zbar(), within(0.0051));
            }
        });
    }

    @Test
    void fitReproducesThePublishedParametersAndLogLikelihood() {
        BgNbd model = fit.model();
        assertThat(fit.boundary()).isNull();
        assertThat(fit.customers()).isEqualTo(2357);
        assertThat(model.r()).isCloseTo(0.2426, within(0.0005));
        assertThat(model.alpha()).isCloseTo(4.4135, within(0.005));
        assertThat(model.a()).isCloseTo(0.7929, within(0.002));
        assertThat(model.b()).isCloseTo(2.4258, within(0.01));
        // the histories are in exact weeks here, the published fit in weeks rounded to 2 decimals: both give -9582.4
        assertThat(fit.logLikelihood()).isCloseTo(-9582.43, within(0.1));
    }

    @Test
    void individualPredictionsMatchTheReference() {
        BgNbd model = fit.model();
        PurchaseHistory first = new PurchaseHistory(2, 30.43, 38.86);
        assertThat(model.pAlive(first)).isCloseTo(0.7266, within(0.0005));
        assertThat(model.expectedPurchases(39, first)).isCloseTo(1.2259, within(0.001));
        assertThat(model.pAlive(new PurchaseHistory(1, 1.71, 38.86))).isCloseTo(0.2122, within(0.0005));
        assertThat(model.expectedPurchases(39, new PurchaseHistory(0, 0, 38.86)))
                .isCloseTo(0.1948, within(0.0005));
        assertThat(model.expectedPurchases(39, new PurchaseHistory(7, 29.43, 38.86)))
                .isCloseTo(3.3372, within(0.003));
        assertThat(model.expectedPurchases(39, new PurchaseHistory(26, 30.86, 31.00)))
                .isCloseTo(20.7506, within(0.02));
    }

    @Test
    void unconditionalForecastMatchesThePaper() {
        double[] weeks = {0.1429, 1, 3, 31.8571, 32, 78};
        double[] expected = {0.0078, 0.0532, 0.1506, 1.0405, 1.0437, 1.8576};
        for (int i = 0; i < weeks.length; i++) {
            assertThat(fit.model().expectedRepeatPurchases(weeks[i]))
                    .as("E[X(%s)]", weeks[i])
                    .isCloseTo(expected[i], within(0.0005));
        }
    }

    @Test
    void conditionalExpectationsCorrelateWithTheHoldoutAsPublished() {
        Map<String, Integer> holdout = Cdnow.holdoutPurchaseDays();
        double[] predicted = new double[features.size()];
        double[] actual = new double[features.size()];
        double total = 0;
        int i = 0;
        for (Map.Entry<String, Features> customer : features.entrySet()) {
            predicted[i] = fit.model().expectedPurchases(39, customer.getValue().purchaseHistory());
            actual[i] = holdout.getOrDefault(customer.getKey(), 0);
            total += predicted[i];
            i++;
        }
        assertThat(Arrays.stream(actual).sum()).isEqualTo(1882);
        assertThat(total).isCloseTo(1653.4, within(2.0));
        assertThat(new PearsonsCorrelation().correlation(predicted, actual)).isCloseTo(0.626, within(0.002));
    }

    @Test
    void gammaGammaReproducesThePublishedSpendModel() {
        Map<ModelFitter.RepeatSpend, Long> buyers = new HashMap<>();
        features.values().stream()
                .filter(f -> f.purchaseDays() > 1)
                .forEach(f -> buyers.merge(
                        new ModelFitter.RepeatSpend(
                                f.purchaseDays() - 1,
                                f.meanRepeatPurchaseValue().doubleValue()),
                        1L,
                        Long::sum));
        GammaGammaFit spend = ModelFitter.fitGammaGamma(buyers);
        assertThat(spend.customers()).isEqualTo(946);
        assertThat(spend.model().p()).isCloseTo(6.25, within(0.02));
        assertThat(spend.model().q()).isCloseTo(3.74, within(0.02));
        assertThat(spend.model().gamma()).isCloseTo(15.44, within(0.1));
        assertThat(spend.logLikelihood()).isCloseTo(-4055.92, within(0.1));
    }
}
