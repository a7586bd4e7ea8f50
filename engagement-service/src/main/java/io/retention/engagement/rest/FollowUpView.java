package io.retention.engagement.rest;

import io.retention.engagement.store.FollowUp;
import java.time.Instant;
import java.util.UUID;

/**
 * A follow-up as a work queue shows it.
 *
 * @param heldReason why a message waits past its planned time (frequency cap, quiet hours)
 * @param outcome    what came of it: the completion's outcome, or why a message was skipped
 */
public record FollowUpView(
        UUID id,
        String customerId,
        String playbook,
        String step,
        String channel,
        String owner,
        String reason,
        String template,
        int occurrence,
        Instant dueAt,
        FollowUp.Status status,
        String outcome,
        String heldReason,
        int attempts,
        String lastError,
        Instant sentAt,
        Instant createdAt,
        Instant completedAt) {

    static FollowUpView of(FollowUp f) {
        return new FollowUpView(
                f.id(),
                f.customerId(),
                f.playbook(),
                f.step(),
                f.channel(),
                f.owner(),
                f.reason(),
                f.template(),
                f.occurrence(),
                f.dueAt(),
                f.status(),
                f.outcome(),
                f.heldReason(),
                f.attempts(),
                f.lastError(),
                f.sentAt(),
                f.createdAt(),
                f.completedAt());
    }
}
