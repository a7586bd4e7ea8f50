package io.retention.engagement.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A playbook step scheduled for one customer. */
@Entity
@Table(name = "follow_up")
public class FollowUp {
    /**
     * Where a follow-up is in its life: OPEN until done (a task) or sent (a message); SENDING while a message is on its
     * way; SKIPPED when the communication policy forbids the message; FAILED when delivery kept failing; CANCELLED when
     * the playbook no longer applies.
     */
    public enum Status { OPEN, SENDING, SENT, DONE, SKIPPED, FAILED, CANCELLED }

    @Id
    @Column(name = "id")
    public UUID id;
    @Column(name = "customer_id")
    public String customerId;
    @Column(name = "playbook")
    public String playbook;
    @Column(name = "step")
    public String step;
    @Column(name = "channel")
    public String channel;
    @Column(name = "owner")
    public String owner;
    @Column(name = "reason")
    public String reason;
    @Column(name = "due_at")
    public Instant dueAt;
    @Enumerated(EnumType.STRING)
    @Column(name = "status")
    public Status status;
    @Column(name = "outcome")
    public String outcome;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "completed_at")
    public Instant completedAt;
    @Column(name = "template")
    public String template;
    @Column(name = "trigger_ref")
    public String triggerRef;
    @Column(name = "occurrence")
    public int occurrence;
    @Column(name = "fired_at")
    public Instant firedAt;
    @Column(name = "sent_at")
    public Instant sentAt;
    @Column(name = "attempts")
    public int attempts;
    @Column(name = "held_reason")
    public String heldReason;
    @Column(name = "last_error")
    public String lastError;
}
