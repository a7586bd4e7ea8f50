package io.retention.contract.events;

import java.util.List;

/**
 * A customer's risk level rose to MEDIUM or HIGH.
 *
 * @param churnProbability the calibrated probability that the customer churns within the model's horizon (no purchase
 *                         in it, or a cancellation); null while risk-service has no outcomes to calibrate on, and for a
 *                         customer who never bought (an addition to contract 1.2)
 */
public record RiskRaised(
        RiskLevel level,
        int score,
        Double pAlive,
        List<RiskReason> reasons,
        RiskLevel previousLevel,
        Double churnProbability) {

    /** A rise without a churn probability. */
    public RiskRaised(RiskLevel level, int score, Double pAlive, List<RiskReason> reasons, RiskLevel previousLevel) {
        this(level, score, pAlive, reasons, previousLevel, null);
    }
}
