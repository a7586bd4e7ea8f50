package io.retention.engagement.rest;

import io.retention.engagement.store.FollowUp;
import java.time.Instant;
import java.util.UUID;

/** A follow-up as an account manager's work queue shows it. */
public record FollowUpView(UUID id, String customerId, String playbook, String step, String channel, String owner,
                           String reason, Instant dueAt, FollowUp.Status status, String outcome, Instant createdAt,
                           Instant completedAt) {

    static FollowUpView of(FollowUp f) {
        return new FollowUpView(f.id, f.customerId, f.playbook, f.step, f.channel, f.owner, f.reason, f.dueAt, f.status,
                f.outcome, f.createdAt, f.completedAt);
    }
}
