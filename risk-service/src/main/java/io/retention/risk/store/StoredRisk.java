package io.retention.risk.store;

import io.retention.contract.events.CustomerChurned;
import io.retention.contract.events.RiskLevel;
import io.retention.risk.features.CustomerState;
import io.retention.risk.scoring.Reason;
import java.time.Instant;
import java.util.List;

/**
 * A customer's row: their state, and the assessment last made of it (what the signals so far announced).
 *
 * @param churn            the basis on which the customer was announced as churned; null while they are not
 * @param churnProbability the calibrated probability of churn within the horizon; null without one
 */
public record StoredRisk(
        String customerId,
        CustomerState state,
        int score,
        RiskLevel level,
        List<Reason> reasons,
        Double pAlive,
        Double churnProbability,
        Double expectedPurchases,
        Double expectedValue,
        CustomerChurned.Basis churn,
        Instant assessedAt,
        Instant nextCheckAt) {}
