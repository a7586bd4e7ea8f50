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
    /** Where a follow-up is in its life. */
    public enum Status { OPEN, DONE, CANCELLED }

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
}
