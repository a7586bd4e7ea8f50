package io.retention.winback.rest;

import io.retention.contract.events.ChurnReason;
import io.retention.contract.events.OfferKind;
import io.retention.winback.store.Offer;
import java.time.Instant;

/** An offer as frontends see it. */
public record OfferView(
        String code,
        String customerId,
        OfferKind kind,
        Integer discountPercent,
        String arm,
        ChurnReason churnReason,
        Offer.Status status,
        Instant issuedAt,
        Instant validUntil,
        Instant redeemedAt,
        String orderId,
        String templateId) {

    static OfferView of(Offer offer) {
        return new OfferView(
                offer.code,
                offer.customerId,
                offer.kind,
                offer.discountPercent,
                offer.arm,
                offer.churnReason,
                offer.status,
                offer.issuedAt,
                offer.validUntil,
                offer.redeemedAt,
                offer.orderId,
                offer.templateId);
    }
}
