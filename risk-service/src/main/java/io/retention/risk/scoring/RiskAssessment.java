package io.retention.risk.scoring;

import io.retention.contract.events.RiskLevel;
import io.retention.contract.events.RiskReason;
import java.util.List;

/** A customer's risk now: score 0..100, its level, and each reason with its weight. */
public record RiskAssessment(int score, RiskLevel level, List<RiskReason> reasons) {
}
