package io.retention.winback.store;

import java.math.BigDecimal;
import java.time.Instant;

/** A lost customer's episode in the win-back queue, as the store reads it and frontends see it. */
public record LostCustomer(
        String customerId,
        String status,
        String churnReason,
        BigDecimal lifetimeValue,
        double priority,
        Instant churnedAt,
        String arm,
        String offerCode,
        Instant decidedAt,
        Instant windowUntil,
        Instant wonBackAt) {}
