package io.retention.risk.scoring;

import io.retention.contract.events.CustomerChurned;
import io.retention.contract.events.RiskLevel;
import io.retention.contract.events.RiskReason;
import java.util.List;

/**
 * A customer's risk now: score 0..100, its level, the reasons (strongest first), and whether the
 * customer is to be considered lost, and on what basis (null while not).
 */
public record Assessment(int score, RiskLevel level, List<Reason> reasons, CustomerChurned.Basis churn) {

    public List<RiskReason> eventReasons() {
        return reasons.stream().map(Reason::toEvent).toList();
    }
}
