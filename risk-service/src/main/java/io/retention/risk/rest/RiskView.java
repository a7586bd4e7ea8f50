package io.retention.risk.rest;

import io.retention.contract.events.CustomerChurned;
import io.retention.contract.events.RiskLevel;
import io.retention.risk.features.Features;
import io.retention.risk.scoring.Reason;
import io.retention.risk.store.StoredRisk;
import java.time.Instant;
import java.util.List;

/**
 * A customer's risk as frontends see it, as of its last assessment: score, level, each reason with its evidence, the
 * features behind them and the purchase outlook (P(alive), expected purchases and their value over the model horizon).
 */
public record RiskView(String customerId, int score, RiskLevel level, List<Reason> reasons, Features features,
                       Double pAlive, Double expectedPurchases, Double expectedValue, CustomerChurned.Basis churned,
                       Instant assessedAt, Instant nextCheckAt) {

    static RiskView of(StoredRisk risk) {
        return new RiskView(risk.customerId(), risk.score(), risk.level(), risk.reasons(),
                Features.of(risk.state(), risk.assessedAt()), risk.pAlive(), risk.expectedPurchases(),
                risk.expectedValue(), risk.churn(), risk.assessedAt(), risk.nextCheckAt());
    }
}
