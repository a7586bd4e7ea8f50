package io.retention.customer.kpi;

import io.retention.customer.store.ActivityDays;
import io.retention.customer.store.Customers;
import io.retention.customer.store.StageHistory;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.TreeMap;

/**
 * Portfolio figures: customers by stage and tier now; over a period, retention and churn of the customers there at its
 * start (from the stage history), and net revenue retention of the customers who bought in the period before.
 */
@ApplicationScoped
public class Kpis {
    private final Pool pool;
    private final Customers customers;
    private final StageHistory stageHistory;
    private final ActivityDays activityDays;

    public Kpis(Pool pool, Customers customers, StageHistory stageHistory, ActivityDays activityDays) {
        this.pool = pool;
        this.customers = customers;
        this.stageHistory = stageHistory;
        this.activityDays = activityDays;
    }

    /** Retention over the period: of {@code customersAtStart} (known and not churned at its start), how many churned in it. */
    public record Retention(long customersAtStart, long churned, Double retentionRate, Double churnRate) {}

    /**
     * Net revenue retention: revenue in the period from the customers who bought in the period of equal length before it,
     * over their revenue then (expansion less contraction and churn); null without revenue before.
     */
    public record NetRevenueRetention(
            LocalDate baseFrom, BigDecimal baseRevenue, BigDecimal periodRevenue, Double rate) {}

    public record Report(
            Instant from,
            Instant to,
            long customers,
            Map<String, Long> byStage,
            Map<String, Long> byTier,
            Retention retention,
            NetRevenueRetention netRevenueRetention) {}

    public Uni<Report> report(Instant from, Instant to) {
        return customers.countsByStageAndTier(pool).chain(counts -> {
            Map<String, Long> byStage = new TreeMap<>(counts.getOrDefault("stage", Map.of()));
            Map<String, Long> byTier = new TreeMap<>(counts.getOrDefault("tier", Map.of()));
            long total = byStage.values().stream().mapToLong(Long::longValue).sum();
            return retention(from, to)
                    .chain(retention -> netRevenueRetention(from, to)
                            .map(nrr -> new Report(from, to, total, byStage, byTier, retention, nrr)));
        });
    }

    private Uni<Retention> retention(Instant from, Instant to) {
        return stageHistory.cohort(pool, from, to).map(cohort -> {
            long start = cohort.customers();
            long churned = cohort.churned();
            return start == 0
                    ? new Retention(0, 0, null, null)
                    : new Retention(start, churned, (start - churned) / (double) start, churned / (double) start);
        });
    }

    private Uni<NetRevenueRetention> netRevenueRetention(Instant from, Instant to) {
        LocalDate periodFrom = LocalDate.ofInstant(from, ZoneOffset.UTC);
        LocalDate periodTo = LocalDate.ofInstant(to, ZoneOffset.UTC);
        LocalDate baseFrom = LocalDate.ofInstant(from.minus(Duration.between(from, to)), ZoneOffset.UTC);
        return activityDays.retained(pool, baseFrom, periodFrom, periodTo).map(retained -> {
            Double rate = retained.base().signum() > 0
                    ? retained.kept()
                            .divide(retained.base(), 6, RoundingMode.HALF_EVEN)
                            .doubleValue()
                    : null;
            return new NetRevenueRetention(baseFrom, retained.base(), retained.kept(), rate);
        });
    }
}
