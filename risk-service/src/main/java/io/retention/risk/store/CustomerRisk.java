package io.retention.risk.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import io.retention.contract.events.ChurnReason;
import io.retention.contract.events.RiskLevel;
import java.math.BigDecimal;
import java.time.Instant;

/** What risk-service knows of one customer, and the level it last signalled. */
@Entity
@Table(name = "customer_risk")
public class CustomerRisk {
    @Id
    @Column(name = "customer_id")
    public String customerId;
    @Column(name = "open_tickets")
    public int openTickets;
    @Column(name = "purchase_days")
    public int purchaseDays;
    @Column(name = "net_revenue")
    public BigDecimal netRevenue = BigDecimal.ZERO;
    @Column(name = "currency")
    public String currency;
    @Column(name = "first_purchase_at")
    public Instant firstPurchaseAt;
    @Column(name = "last_purchase_at")
    public Instant lastPurchaseAt;
    @Column(name = "usage_count")
    public long usageCount;
    @Column(name = "last_usage_at")
    public Instant lastUsageAt;
    @Column(name = "last_nps")
    public Integer lastNps;
    @Column(name = "last_csat")
    public Integer lastCsat;
    @Column(name = "score")
    public int score;
    @Enumerated(EnumType.STRING)
    @Column(name = "level")
    public RiskLevel level = RiskLevel.LOW;
    @Column(name = "churned")
    public boolean churned;
    @Enumerated(EnumType.STRING)
    @Column(name = "churn_reason")
    public ChurnReason churnReason;
    @Column(name = "updated_at")
    public Instant updatedAt;

    protected CustomerRisk() {
    }

    public CustomerRisk(String customerId, Instant now) {
        this.customerId = customerId;
        this.updatedAt = now;
    }
}
