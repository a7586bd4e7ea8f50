package io.retention.console.services;

import io.quarkus.qute.TemplateData;
import java.time.Instant;

/** A win-back offer as winback-service shows it (the fields the console uses). */
@TemplateData
public record Offer(
        String code,
        String customerId,
        String kind,
        Integer discountPercent,
        String arm,
        String churnReason,
        String status,
        Instant issuedAt,
        Instant validUntil,
        Instant redeemedAt) {}
