package io.retention.contract.events;

/** The customer asked to be forgotten: every service deletes what it holds on them. */
public record CustomerErased(String customerId) {}
