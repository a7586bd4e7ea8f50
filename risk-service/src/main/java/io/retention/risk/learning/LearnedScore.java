package io.retention.risk.learning;

import io.retention.contract.events.RiskReason.ReasonCode;
import io.retention.risk.features.Features;
import io.retention.risk.scoring.Assessment;
import io.retention.risk.scoring.Reason;
import io.retention.risk.scoring.RiskScorer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A learned model's assessment: the score is 100 × P(churn), and the points are the score shared out among the reasons.
 * A ticket, complaint, satisfaction or usage reason whose features speak for churn gets what the score would lose
 * without them; the purchase pattern (recency, frequency, value, cadence, the purchase model's outlook) and the base
 * rate of churn get the rest, as PURCHASE_LAPSE. So the points add up to the score, and each reason cites its features
 * and their share of the log-odds as evidence. Pure.
 */
public final class LearnedScore {
    private LearnedScore() {}

    /**
     * @param shippedAssessment the shipped weights' assessment of the same customer: its reasons' sentences and
     *                          evidence are reused where the learned model finds the same reasons, and its churn basis
     *                          stands (whether a customer is lost is a rule, not a score)
     * @param x                 the customer's churn features, from {@code features} and their history
     */
    static Assessment assess(
            LogisticModel model, RiskScorer shipped, Assessment shippedAssessment, Features features, double[] x) {
        double logOdds = model.logOdds(x);
        double probability = LogisticModel.sigmoid(logOdds);
        int score = (int) Math.round(100 * probability);
        Map<ReasonCode, Double> terms = new EnumMap<>(ReasonCode.class);
        for (int i = 0; i < x.length; i++) {
            terms.merge(ChurnFeatures.REASONS.get(i), model.term(i, x[i]), Double::sum);
        }
        Map<ReasonCode, Double> points = new EnumMap<>(ReasonCode.class);
        double others = 0;
        for (Map.Entry<ReasonCode, Double> term : terms.entrySet()) {
            if (term.getKey() != ReasonCode.PURCHASE_LAPSE && term.getValue() > 0) {
                double without = 100 * (probability - LogisticModel.sigmoid(logOdds - term.getValue()));
                points.put(term.getKey(), without);
                others += without;
            }
        }
        // what several reasons would each lose can add up to more than the score: they share it then
        double share = others > score ? score / others : 1;
        points.replaceAll((code, value) -> value * share);
        points.put(ReasonCode.PURCHASE_LAPSE, Math.max(0, score - others * share));

        Map<ReasonCode, Reason> shippedReasons = new EnumMap<>(ReasonCode.class);
        shippedAssessment.reasons().forEach(reason -> shippedReasons.put(reason.code(), reason));
        List<Reason> reasons = new ArrayList<>();
        points.forEach((code, value) -> {
            double rounded = Math.round(value * 10) / 10.0;
            if (rounded <= 0) {
                return;
            }
            Map<String, Object> evidence = new LinkedHashMap<>();
            Reason said = shippedReasons.get(code);
            if (said != null) {
                evidence.putAll(said.evidence());
            }
            Map<String, Double> logOddsByFeature = new LinkedHashMap<>();
            for (int i = 0; i < x.length; i++) {
                if (ChurnFeatures.REASONS.get(i) == code) {
                    logOddsByFeature.put(ChurnFeatures.NAMES.get(i), round(model.term(i, x[i])));
                }
            }
            evidence.put("logOdds", logOddsByFeature);
            String detail = code == ReasonCode.PURCHASE_LAPSE
                    ? lapse(probability, features)
                    : said != null ? said.detail() : describe(code, x);
            reasons.add(new Reason(code, detail, rounded, evidence));
        });
        reasons.sort(Comparator.comparingDouble(Reason::weight).reversed());
        return new Assessment(
                score, shipped.level(score), List.copyOf(reasons), shippedAssessment.churn(), round(probability));
    }

    private static String lapse(double probability, Features features) {
        return String.format(
                Locale.ROOT,
                "%.0f%% likely to churn within the horizon, as learned from the platform's outcomes; last purchase %d "
                        + "days ago%s",
                100 * probability,
                features.daysSinceLastPurchase(),
                features.meanDaysBetweenPurchases() == null
                        ? ", bought once"
                        : String.format(Locale.ROOT, ", usually every %.0f days", features.meanDaysBetweenPurchases()));
    }

    /** The features of a reason the shipped weights did not see, in words. */
    private static String describe(ReasonCode code, double[] x) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < x.length; i++) {
            if (ChurnFeatures.REASONS.get(i) == code) {
                parts.add(String.format(Locale.ROOT, "%s %.2f", ChurnFeatures.NAMES.get(i), x[i]));
            }
        }
        return String.join(", ", parts);
    }

    private static double round(double value) {
        return Math.round(value * 10_000) / 10_000.0;
    }
}
