package io.retention.contract.events;

/** A lost customer came back. */
public record CustomerWonBack(String offerCode, String orderId) {}
