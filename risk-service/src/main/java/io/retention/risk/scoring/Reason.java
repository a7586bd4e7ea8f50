package io.retention.risk.scoring;

import io.retention.contract.events.RiskReason;
import io.retention.contract.events.RiskReason.ReasonCode;
import java.util.Map;

/** One reason behind a score: its code, a sentence a person can read, the points it adds, and the evidence. */
public record Reason(ReasonCode code, String detail, double weight, Map<String, Object> evidence) {

    public RiskReason toEvent() {
        return new RiskReason(code, detail, weight);
    }
}
