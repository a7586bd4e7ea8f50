package io.retention.customer.kpi;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
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

    public Kpis(Pool pool) {
        this.pool = pool;
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
        return pool.query(
                        "select 'stage' as dimension, lifecycle_stage as value, count(*) as customers from customer "
                                + "group by lifecycle_stage union all select 'tier', coalesce(tier, 'none'), count(*) from customer group by tier")
                .execute()
                .chain(counts -> {
                    Map<String, Long> byStage = new TreeMap<>();
                    Map<String, Long> byTier = new TreeMap<>();
                    for (Row row : counts) {
                        ("stage".equals(row.getString("dimension")) ? byStage : byTier)
                                .put(row.getString("value"), row.getLong("customers"));
                    }
                    long customers =
                            byStage.values().stream().mapToLong(Long::longValue).sum();
                    return retention(from, to)
                            .chain(retention -> netRevenueRetention(from, to)
                                    .map(nrr -> new Report(from, to, customers, byStage, byTier, retention, nrr)));
                });
    }

    private Uni<Retention> retention(Instant from, Instant to) {
        return pool.preparedQuery(
                        "with cohort as (select c.customer_id from customer c where c.first_seen_at < $1 and coalesce("
                                + "(select s.stage from stage_change s where s.customer_id = c.customer_id and s.changed_at <= $1 "
                                + "order by s.changed_at desc, s.id desc limit 1), 'NEW') <> 'CHURNED') "
                                + "select count(*) as cohort, count(*) filter (where exists (select 1 from stage_change s where s.customer_id = cohort.customer_id "
                                + "and s.stage = 'CHURNED' and s.changed_at > $1 and s.changed_at <= $2)) as churned from cohort")
                .execute(Tuple.of(from.atOffset(ZoneOffset.UTC), to.atOffset(ZoneOffset.UTC)))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    long start = row.getLong("cohort");
                    long churned = row.getLong("churned");
                    return start == 0
                            ? new Retention(0, 0, null, null)
                            : new Retention(
                                    start, churned, (start - churned) / (double) start, churned / (double) start);
                });
    }

    private Uni<NetRevenueRetention> netRevenueRetention(Instant from, Instant to) {
        LocalDate periodFrom = LocalDate.ofInstant(from, ZoneOffset.UTC);
        LocalDate periodTo = LocalDate.ofInstant(to, ZoneOffset.UTC);
        LocalDate baseFrom = LocalDate.ofInstant(from.minus(Duration.between(from, to)), ZoneOffset.UTC);
        return pool.preparedQuery(
                        "select coalesce(sum(amount) filter (where day >= $1 and day < $2), 0) as base, "
                                + "coalesce(sum(amount) filter (where day >= $2 and day < $3), 0) as kept from revenue_day where customer_id in "
                                + "(select customer_id from revenue_day where day >= $1 and day < $2 group by customer_id having sum(amount) > 0)")
                .execute(Tuple.of(baseFrom, periodFrom, periodTo))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    BigDecimal base = row.getBigDecimal("base");
                    BigDecimal now = row.getBigDecimal("kept");
                    Double rate = base.signum() > 0
                            ? now.divide(base, 6, RoundingMode.HALF_EVEN).doubleValue()
                            : null;
                    return new NetRevenueRetention(baseFrom, base, now, rate);
                });
    }
}
