package io.retention.risk.learning;

import io.retention.risk.features.CustomerState;
import io.retention.risk.features.Features;
import io.retention.risk.model.PurchaseOutlook;
import io.retention.risk.scoring.Assessment;
import io.retention.risk.scoring.RiskScorer;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Objects;

/**
 * The score in force: the shipped weights, whose score is turned into a probability by a calibration fitted on the
 * outcomes once there are any, or a learned model, whose probability is the score. Customers who never bought are
 * scored by the shipped weights either way (no outcome speaks for them), and a customer who cancelled has churned.
 *
 * @param kind        which score is in force
 * @param model       the calibration of the shipped score (one feature, the score) or the learned model; null for the
 *                    shipped weights before any outcome
 * @param validatedOn the snapshot day it was judged on; null with no model
 * @param auc         its AUC there; null with no model
 */
public record ScoreModel(Kind kind, LogisticModel model, LocalDate validatedOn, Double auc) {
    /** Which score is in force. */
    public enum Kind {
        SHIPPED,
        LEARNED;

        /** The name reports use. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The shipped weights with no outcomes to calibrate on: no probability. */
    public static final ScoreModel UNCALIBRATED = new ScoreModel(Kind.SHIPPED, null, null, null);

    public ScoreModel {
        if (kind == Kind.LEARNED && (model == null || model.weights().length != ChurnFeatures.NAMES.size())) {
            throw new IllegalArgumentException("a learned score needs a model over the churn features");
        }
    }

    /** Whether this score assesses every customer as {@code other} does: the same kind, with the same coefficients. */
    public boolean scoresAs(ScoreModel other) {
        return kind == other.kind && Objects.equals(model, other.model);
    }

    /** The customer's assessment under this score. */
    public Assessment assess(
            RiskScorer shipped, CustomerState state, Features features, PurchaseOutlook outlook, LocalDate today) {
        Assessment assessment = shipped.assess(features, outlook);
        if (features.cancelled()) {
            return assessment.withChurnProbability(1.0);
        }
        if (model == null || features.purchaseDays() == 0) {
            return assessment;
        }
        if (kind == Kind.SHIPPED) {
            return assessment.withChurnProbability(model.probability(new double[] {assessment.score()}));
        }
        return LearnedScore.assess(
                model, shipped, assessment, features, ChurnFeatures.of(state, features, outlook, today));
    }
}
