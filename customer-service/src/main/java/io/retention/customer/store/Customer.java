package io.retention.customer.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A customer's profile in the registry. */
@Entity
@Table(name = "customer")
public class Customer {
    @Id
    @Column(name = "customer_id")
    public String customerId;

    @Column(name = "name")
    public String name;

    @Column(name = "email")
    public String email;

    @Column(name = "phone")
    public String phone;

    @Column(name = "tier")
    public String tier;

    @Column(name = "lifecycle_stage")
    public String lifecycleStage;

    @Column(name = "owner")
    public String owner;

    @Column(name = "referred_by")
    public String referredBy;

    @Column(name = "time_zone")
    public String timeZone;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;
    /** Registration or the customer's earliest event, whichever is first: onboarding counts from it. */
    @Column(name = "first_seen_at")
    public Instant firstSeenAt;

    @Column(name = "stage_since")
    public Instant stageSince;
}
