package io.retention.console.services;

import io.quarkus.qute.TemplateData;
import java.time.Instant;
import java.util.List;

/** A customer's risk as risk-service shows it (the fields the console uses). */
@TemplateData
public record Risk(
        String customerId, int score, String level, List<Reason> reasons, Double pAlive, Instant assessedAt) {}
