package io.retention.contract.events;

/** A support ticket was closed; {@code satisfaction} is the CSAT (1..5) when the customer gave one. */
public record TicketClosed(String ticketId, Integer satisfaction) {}
