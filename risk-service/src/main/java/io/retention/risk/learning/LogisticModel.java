package io.retention.risk.learning;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A fitted logistic regression of churn on named features: P(churn | x) = σ(b + Σ wᵢ (xᵢ − meanᵢ) / scaleᵢ). The
 * weights apply to standardised features, so their sizes compare, and each feature's term is its share of the log-odds:
 * the evidence a reason can cite.
 *
 * @param features  the features' names, in the order of every vector
 * @param means     each feature's mean in the training data
 * @param scales    each feature's standard deviation there (1 where it did not vary)
 * @param weights   each standardised feature's weight
 * @param intercept the log-odds of churn at the training data's means
 */
public record LogisticModel(
        List<String> features, double[] means, double[] scales, double[] weights, double intercept) {

    /** The probability of churn for a vector of raw features. */
    public double probability(double[] x) {
        return sigmoid(logOdds(x));
    }

    /** The log-odds of churn for a vector of raw features. */
    public double logOdds(double[] x) {
        double logOdds = intercept;
        for (int i = 0; i < weights.length; i++) {
            logOdds += term(i, x[i]);
        }
        return logOdds;
    }

    /** Feature {@code i}'s share of the log-odds: positive when it speaks for churn, against when negative. */
    public double term(int i, double value) {
        return weights[i] * (value - means[i]) / scales[i];
    }

    /** Two models are the same when their coefficients are: a refit on the same outcomes is the model it refits. */
    @Override
    public boolean equals(Object other) {
        return other instanceof LogisticModel model
                && features.equals(model.features)
                && Arrays.equals(means, model.means)
                && Arrays.equals(scales, model.scales)
                && Arrays.equals(weights, model.weights)
                && Double.compare(intercept, model.intercept) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                features, Arrays.hashCode(means), Arrays.hashCode(scales), Arrays.hashCode(weights), intercept);
    }

    @Override
    public String toString() {
        return "LogisticModel" + features + " weights " + Arrays.toString(weights) + " intercept " + intercept;
    }

    static double sigmoid(double z) {
        return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
    }
}
