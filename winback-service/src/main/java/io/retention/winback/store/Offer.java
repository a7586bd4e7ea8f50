package io.retention.winback.store;

import io.retention.contract.events.ChurnReason;
import io.retention.contract.events.OfferKind;
import java.time.Instant;

/** A win-back offer issued to one customer, as the store reads it and frontends see it. */
public record Offer(
        String code,
        String customerId,
        OfferKind kind,
        Integer discountPercent,
        String arm,
        ChurnReason churnReason,
        Status status,
        Instant issuedAt,
        Instant validUntil,
        Instant redeemedAt,
        String orderId,
        String templateId) {

    /** Where an offer is in its life. */
    public enum Status {
        ISSUED,
        REDEEMED,
        EXPIRED
    }
}
