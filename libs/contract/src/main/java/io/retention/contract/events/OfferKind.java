package io.retention.contract.events;

/** What a win-back offer gives. */
public enum OfferKind {
    DISCOUNT,
    SERVICE_UPGRADE,
    BUNDLE
}
