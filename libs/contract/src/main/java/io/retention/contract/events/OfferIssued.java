package io.retention.contract.events;

import java.time.Instant;

/** A win-back offer was issued to a lost customer. */
public record OfferIssued(
        String offerCode,
        OfferKind kind,
        Integer discountPercent,
        Instant validUntil,
        String arm,
        String churnReason) {}
