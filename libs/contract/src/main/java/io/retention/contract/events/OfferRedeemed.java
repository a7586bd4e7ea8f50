package io.retention.contract.events;

/** A win-back offer was redeemed. */
public record OfferRedeemed(String offerCode, OfferKind kind, String orderId) {}
