package io.retention.contract.events;

/** A message was delivered to the customer. */
public record MessageSent(String channel, String template, String followUpId) {}
