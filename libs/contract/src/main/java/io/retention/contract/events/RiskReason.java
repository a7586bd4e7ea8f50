package io.retention.contract.events;

/** One reason behind a risk score: its code, what was seen, and how much it weighs. */
public record RiskReason(ReasonCode code, String detail, double weight) {
    public enum ReasonCode {
        OPEN_TICKETS,
        COMPLAINTS,
        LOW_SATISFACTION,
        USAGE_DROP,
        INACTIVE,
        PURCHASE_LAPSE,
        CANCELLED
    }
}
