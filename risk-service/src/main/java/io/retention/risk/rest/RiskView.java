package io.retention.risk.rest;

import io.retention.contract.events.CustomerChurned;
import io.retention.risk.features.Features;
import io.retention.risk.scoring.Reason;
import io.retention.risk.store.StoredRisk;
import java.time.Instant;
import java.util.List;

/**
 * A customer's risk as frontends see it, as of its last assessment: score, level, each reason with its evidence, the
 * features behind them, the calibrated probability of churn within the horizon (null before outcomes exist to calibrate
 * on, and for a customer who never bought) and the purchase outlook (P(alive), expected purchases and their value over
 * the model horizon).
 * {@code level} is LOW, MEDIUM, HIGH, or CHURNED for a customer risk-service announced as lost.
 */
public record RiskView(
        String customerId,
        int score,
        String level,
        List<Reason> reasons,
        Features features,
        Double pAlive,
        Double churnProbability,
        Double expectedPurchases,
        Double expectedValue,
        CustomerChurned.Basis churned,
        Instant assessedAt,
        Instant nextCheckAt) {

    /** The level of a churned customer: the win-back programme's, at none of the at-risk levels. */
    public static final String CHURNED = "CHURNED";

    static RiskView of(StoredRisk risk) {
        return new RiskView(
                risk.customerId(),
                risk.score(),
                risk.churn() == null ? risk.level().name() : CHURNED,
                risk.reasons(),
                Features.of(risk.state(), risk.assessedAt()),
                risk.pAlive(),
                risk.churnProbability(),
                risk.expectedPurchases(),
                risk.expectedValue(),
                risk.churn(),
                risk.assessedAt(),
                risk.nextCheckAt());
    }
}
