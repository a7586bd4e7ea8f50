package io.retention.contract.events;

import java.math.BigDecimal;
import java.time.Instant;

/** A customer is considered lost: they cancelled, or lapsed far beyond their own cadence. */
public record CustomerChurned(
        Basis basis, ChurnReason churnReason, Instant lastPurchaseAt, BigDecimal lifetimeValue, String currency) {
    public enum Basis {
        CANCELLED,
        LAPSED
    }
}
