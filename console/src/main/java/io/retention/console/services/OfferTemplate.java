package io.retention.console.services;

import io.quarkus.qute.TemplateData;
import java.math.BigDecimal;
import java.util.Set;

/** A win-back offer template as winback-service keeps it (and as {@code PUT /offer-templates/{id}} takes it). */
@TemplateData
public record OfferTemplate(
        String id,
        String kind,
        Integer discountPercent,
        String upgrade,
        int validityDays,
        Set<String> reasons,
        BigDecimal minLifetimeValue,
        boolean active) {}
