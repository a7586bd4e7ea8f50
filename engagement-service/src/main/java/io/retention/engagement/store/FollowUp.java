package io.retention.engagement.store;

import java.time.Instant;
import java.util.UUID;

/**
 * A playbook step scheduled for one customer, as its {@code follow_up} row reads and the work queue shows it.
 *
 * @param heldReason why a message waits past its planned time (frequency cap, quiet hours)
 * @param outcome    what came of it: the completion's outcome, or why a message was skipped
 */
public record FollowUp(
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
        Status status,
        String outcome,
        String heldReason,
        int attempts,
        String lastError,
        Instant sentAt,
        Instant createdAt,
        Instant completedAt) {
    /**
     * Where a follow-up is in its life: OPEN until done (a task) or sent (a message); SENDING while a message is on its
     * way; SKIPPED when the communication policy forbids the message; FAILED when delivery kept failing; CANCELLED when
     * the playbook no longer applies.
     */
    public enum Status {
        OPEN,
        SENDING,
        SENT,
        DONE,
        SKIPPED,
        FAILED,
        CANCELLED
    }
}
