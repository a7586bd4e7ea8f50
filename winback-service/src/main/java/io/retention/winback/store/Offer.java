package io.retention.winback.store;

import io.retention.contract.events.ChurnReason;
import io.retention.contract.events.OfferKind;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A win-back offer issued to one customer. */
@Entity
@Table(name = "offer")
public class Offer {
    /** Where an offer is in its life. */
    public enum Status {
        ISSUED,
        REDEEMED,
        EXPIRED
    }

    @Id
    @Column(name = "code")
    public String code;

    @Column(name = "customer_id")
    public String customerId;

    @Enumerated(EnumType.STRING)
    @Column(name = "kind")
    public OfferKind kind;

    @Column(name = "discount_percent")
    public Integer discountPercent;

    @Column(name = "arm")
    public String arm;

    @Enumerated(EnumType.STRING)
    @Column(name = "churn_reason")
    public ChurnReason churnReason;

    @Enumerated(EnumType.STRING)
    @Column(name = "status")
    public Status status;

    @Column(name = "issued_at")
    public Instant issuedAt;

    @Column(name = "valid_until")
    public Instant validUntil;

    @Column(name = "redeemed_at")
    public Instant redeemedAt;

    @Column(name = "order_id")
    public String orderId;

    @Column(name = "template_id")
    public String templateId;

    protected Offer() {}
}
