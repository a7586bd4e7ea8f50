package io.retention.console.services;

import io.quarkus.qute.TemplateData;
import java.math.BigDecimal;
import java.time.Instant;

/** A customer on winback-service's lost-customer queue (the fields the console shows). */
@TemplateData
public record LostCustomer(
        String customerId,
        String churnReason,
        String status,
        Double priority,
        BigDecimal lifetimeValue,
        Instant churnedAt) {}
