package io.retention.risk.store;

import io.retention.contract.events.CustomerChurned;
import io.retention.contract.events.RiskLevel;
import io.retention.risk.features.CustomerState;
import java.time.Instant;

/**
 * A customer's row as a transaction holds it to re-assess them: their state and what the signals so far announced.
 *
 * @param churn     the basis on which the customer was announced as churned; null while they are not
 * @param nextCheck when they are due to be re-assessed without a new event; null when nothing in their score waits on time
 */
public record HeldRisk(
        String customerId, CustomerState state, RiskLevel level, CustomerChurned.Basis churn, Instant nextCheck) {}
