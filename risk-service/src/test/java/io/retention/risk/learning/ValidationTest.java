package io.retention.risk.learning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class ValidationTest {

    @Test
    void aucIsOneForAPerfectRankingOneHalfForTiesAndNaNWithoutBothOutcomes() {
        boolean[] churned = {false, false, true, true};
        assertThat(Validation.auc(new double[] {0.1, 0.2, 0.8, 0.9}, churned)).isEqualTo(1.0);
        assertThat(Validation.auc(new double[] {0.9, 0.8, 0.2, 0.1}, churned)).isEqualTo(0.0);
        assertThat(Validation.auc(new double[] {0.5, 0.5, 0.5, 0.5}, churned)).isEqualTo(0.5);
        // one churner outranked by one stayer out of four pairs
        assertThat(Validation.auc(new double[] {0.1, 0.7, 0.6, 0.9}, churned)).isEqualTo(0.75);
        assertThat(Validation.auc(new double[] {0.1, 0.2}, new boolean[] {true, true}))
                .isNaN();
    }

    @Test
    void brierIsTheMeanSquaredErrorOfTheProbabilities() {
        assertThat(Validation.brier(new double[] {1, 0}, new boolean[] {true, false}))
                .isZero();
        assertThat(Validation.brier(new double[] {0.5, 0.5}, new boolean[] {true, false}))
                .isEqualTo(0.25);
        assertThat(Validation.brier(new double[] {0.8, 0.3}, new boolean[] {true, true}))
                .isCloseTo((0.04 + 0.49) / 2, within(1e-12));
    }

    @Test
    void calibrationGroupsPredictionsByTheirSizeAndSaysWhatHappenedInEach() {
        double[] p = {0.9, 0.1, 0.2, 0.8};
        boolean[] churned = {true, false, true, true};

        List<Validation.Bin> bins = Validation.calibration(p, churned, 2);

        assertThat(bins).hasSize(2);
        assertThat(bins.get(0).count()).isEqualTo(2);
        assertThat(bins.get(0).meanPredicted()).isCloseTo(0.15, within(1e-12));
        assertThat(bins.get(0).observed()).isEqualTo(0.5);
        assertThat(bins.get(1).meanPredicted()).isCloseTo(0.85, within(1e-12));
        assertThat(bins.get(1).observed()).isEqualTo(1.0);
    }
}
