package io.retention.contract.events;

/** Survey feedback: an NPS (0..10), a CSAT (1..5), or both. */
public record FeedbackSubmitted(Integer nps, Integer csat, String comment) {}
