package io.retention.contract.events;

/** The customer cancelled, giving a reason. */
public record SubscriptionCancelled(ChurnReason reason, String comment) {}
