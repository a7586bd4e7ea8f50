package io.retention.risk.learning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LogisticFitterTest {

    @Test
    void recoversTheWeightsThatDrewASyntheticPopulation() {
        // log-odds = -0.5 + 1.2·a − 0.8·b + 0·c, with a, b, c independent standard normals
        Random random = new Random(7);
        int n = 40_000;
        double[][] x = new double[n][3];
        boolean[] churned = new boolean[n];
        for (int i = 0; i < n; i++) {
            x[i] = new double[] {random.nextGaussian(), random.nextGaussian(), random.nextGaussian()};
            double logOdds = -0.5 + 1.2 * x[i][0] - 0.8 * x[i][1];
            churned[i] = random.nextDouble() < 1 / (1 + Math.exp(-logOdds));
        }

        LogisticModel model = LogisticFitter.fit(List.of("a", "b", "c"), x, churned, 0);

        // the weights are on standardised features: divide by the scales to compare with the generating ones
        assertThat(model.weights()[0] / model.scales()[0]).isCloseTo(1.2, within(0.05));
        assertThat(model.weights()[1] / model.scales()[1]).isCloseTo(-0.8, within(0.05));
        assertThat(model.weights()[2] / model.scales()[2]).isCloseTo(0, within(0.05));
        assertThat(model.logOdds(new double[] {0, 0, 0})).isCloseTo(-0.5, within(0.05));
    }

    @Test
    void aFeatureThatSeparatesTheOutcomesGetsAFiniteWeightUnderThePenalty() {
        double[][] x = {{0}, {1}, {2}, {3}, {4}, {5}};
        boolean[] churned = {false, false, false, true, true, true};

        LogisticModel model = LogisticFitter.fit(List.of("days"), x, churned, 1);

        assertThat(model.weights()[0]).isPositive().isLessThan(20);
        assertThat(model.probability(new double[] {5})).isGreaterThan(0.5);
        assertThat(model.probability(new double[] {0})).isLessThan(0.5);
    }

    @Test
    void aFeatureThatNeverVariesWeighsNothingAndAllOneOutcomeStillFits() {
        double[][] x = {{1, 3}, {1, 4}, {1, 5}, {1, 6}};
        boolean[] churned = {true, true, true, true};

        LogisticModel model = LogisticFitter.fit(List.of("constant", "days"), x, churned, 1);

        assertThat(model.weights()[0]).isZero();
        assertThat(model.probability(new double[] {1, 4})).isGreaterThan(0.9);
    }

    @Test
    void withoutPenaltyAFeatureThatNeverVariesWeighsNothingAndTheBaseRateIsLearned() {
        // the shipped score's calibration (no penalty) on customers all alike: the learning round failed on it
        double[][] x = {{40}, {40}, {40}, {40}};
        boolean[] churned = {true, false, false, false};

        LogisticModel model = LogisticFitter.fit(List.of("shipped score"), x, churned, 0);

        assertThat(model.weights()[0]).isZero();
        assertThat(model.probability(new double[] {40})).isCloseTo(0.25, within(1e-6));
    }
}
