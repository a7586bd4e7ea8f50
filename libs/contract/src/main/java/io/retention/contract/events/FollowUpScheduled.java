package io.retention.contract.events;

import java.time.Instant;

/** A playbook step was scheduled for a customer. */
public record FollowUpScheduled(
        String followUpId, String playbook, String step, String channel, String owner, Instant dueAt, String reason) {}
