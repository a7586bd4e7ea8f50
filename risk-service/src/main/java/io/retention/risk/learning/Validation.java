package io.retention.risk.learning;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/** How well predictions of churn match what happened: ranking (AUC), accuracy of the probabilities (Brier), calibration. */
public final class Validation {
    private Validation() {}

    /** Area under the ROC curve by the rank-sum (Mann-Whitney) statistic, ties counted half; NaN without both outcomes. */
    public static double auc(double[] scores, boolean[] positive) {
        Integer[] order = new Integer[scores.length];
        for (int i = 0; i < scores.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble(i -> scores[i]));
        double rankSum = 0;
        long positives = 0;
        for (int i = 0; i < order.length; ) {
            int j = i;
            while (j + 1 < order.length && scores[order[j + 1]] == scores[order[i]]) {
                j++;
            }
            double rank = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                if (positive[order[k]]) {
                    rankSum += rank;
                    positives++;
                }
            }
            i = j + 1;
        }
        long negatives = scores.length - positives;
        if (positives == 0 || negatives == 0) {
            return Double.NaN;
        }
        return (rankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
    }

    /**
     * How many standard errors an AUC lies above one half, the AUC of a ranking by chance: under chance the rank-sum
     * statistic has variance n₁n₂(n₁ + n₂ + 1)/12, so the AUC has (n₁ + n₂ + 1)/(12·n₁·n₂).
     */
    public static double standardErrorsAboveChance(double auc, long positives, long negatives) {
        double chanceVariance = (positives + negatives + 1) / (12.0 * positives * negatives);
        return (auc - 0.5) / Math.sqrt(chanceVariance);
    }

    /** The mean squared difference between each probability and its outcome (0 perfect; 0.25 for always one half). */
    public static double brier(double[] probabilities, boolean[] outcome) {
        double sum = 0;
        for (int i = 0; i < probabilities.length; i++) {
            double error = probabilities[i] - (outcome[i] ? 1 : 0);
            sum += error * error;
        }
        return sum / probabilities.length;
    }

    /** One group of predictions, by predicted probability: how many, what they predicted on average, what happened. */
    public record Bin(int count, double meanPredicted, double observed) {}

    /** The predictions in {@code bins} groups of (nearly) equal size, lowest first: a calibrated model's agree. */
    public static List<Bin> calibration(double[] probabilities, boolean[] outcome, int bins) {
        Integer[] order = new Integer[probabilities.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble(i -> probabilities[i]));
        List<Bin> result = new ArrayList<>(bins);
        for (int b = 0; b < bins; b++) {
            int from = (int) ((long) order.length * b / bins);
            int to = (int) ((long) order.length * (b + 1) / bins);
            if (to == from) {
                continue;
            }
            double predicted = 0;
            double observed = 0;
            for (int k = from; k < to; k++) {
                predicted += probabilities[order[k]];
                observed += outcome[order[k]] ? 1 : 0;
            }
            result.add(new Bin(to - from, predicted / (to - from), observed / (to - from)));
        }
        return result;
    }
}
