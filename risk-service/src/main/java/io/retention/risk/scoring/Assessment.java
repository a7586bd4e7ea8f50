package io.retention.risk.scoring;

import io.retention.contract.events.CustomerChurned;
import io.retention.contract.events.RiskLevel;
import io.retention.contract.events.RiskReason;
import java.util.List;

/**
 * A customer's risk now: score 0..100, its level, the reasons (strongest first), whether the customer is to be
 * considered lost, and on what basis (null while not), and the calibrated probability of churn within the horizon (null
 * without outcomes to calibrate on, or for a customer who never bought).
 */
public record Assessment(
        int score, RiskLevel level, List<Reason> reasons, CustomerChurned.Basis churn, Double churnProbability) {

    public List<RiskReason> eventReasons() {
        return reasons.stream().map(Reason::toEvent).toList();
    }

    /** This assessment with a churn probability. */
    public Assessment withChurnProbability(Double probability) {
        return new Assessment(score, level, reasons, churn, probability);
    }
}
