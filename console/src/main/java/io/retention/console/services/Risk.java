package io.retention.console.services;

import io.quarkus.qute.TemplateData;
import java.time.Instant;
import java.util.List;

/**
 * A customer's risk as risk-service shows it (the fields the console uses); {@code churnProbability} null while
 * risk-service has no outcomes to calibrate on, and for a customer who never bought.
 */
@TemplateData
public record Risk(
        String customerId,
        int score,
        String level,
        List<Reason> reasons,
        Double pAlive,
        Double churnProbability,
        Instant assessedAt) {}
