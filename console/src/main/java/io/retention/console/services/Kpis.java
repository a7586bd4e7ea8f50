package io.retention.console.services;

import io.quarkus.qute.TemplateData;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

/** customer-service's KPIs over a period (GET /kpis). */
@TemplateData
public record Kpis(
        Instant from,
        Instant to,
        long customers,
        Map<String, Long> byStage,
        Map<String, Long> byTier,
        Retention retention,
        NetRevenueRetention netRevenueRetention) {
    /** Of the customers known and not churned at the period's start, how many churned in it. */
    @TemplateData
    public record Retention(long customersAtStart, long churned, Double retentionRate, Double churnRate) {}

    /** Revenue in the period from the previous period's buyers, over their revenue then. */
    @TemplateData
    public record NetRevenueRetention(BigDecimal baseRevenue, BigDecimal periodRevenue, Double rate) {}
}
