package io.retention.winback.offers;

import io.retention.contract.events.OfferKind;

/** The offer a lost customer gets: what kind, how much off, and the experiment arm it comes from. */
public record OfferChoice(OfferKind kind, Integer discountPercent, String arm) {
}
