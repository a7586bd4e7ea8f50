package io.retention.console.services;

import io.quarkus.qute.TemplateData;
import java.time.Instant;

/** A customer's profile as customer-service shows it. */
@TemplateData
public record Customer(
        String customerId,
        String name,
        String email,
        String phone,
        String tier,
        String lifecycleStage,
        String owner,
        String timeZone,
        Instant createdAt) {}
