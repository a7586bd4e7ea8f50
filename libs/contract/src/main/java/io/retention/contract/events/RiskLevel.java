package io.retention.contract.events;

/** How likely a customer is to leave. */
public enum RiskLevel {
    LOW,
    MEDIUM,
    HIGH
}
