package io.retention.contract.events;

/** A win-back offer ran out unused. */
public record OfferExpired(String offerCode) {}
