package io.retention.contract.events;

/** An account manager completed a follow-up with an outcome. */
public record FollowUpCompleted(String followUpId, String outcome, String playbook, String step) {}
