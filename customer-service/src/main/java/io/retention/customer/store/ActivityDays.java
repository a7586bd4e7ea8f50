package io.retention.customer.store;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/**
 * A customer's activity by day: product use (table {@code usage_day}: events, total count, count per feature, first and
 * last use) and net revenue (table {@code revenue_day}), added up as events arrive in any order.
 */
@ApplicationScoped
public class ActivityDays {

    /** One customer's use of the product on one day, as a batch adds it up ({@code featuresJson}: count per feature). */
    public record Usage(
            String customerId,
            LocalDate day,
            int events,
            long total,
            String featuresJson,
            Instant firstAt,
            Instant lastAt) {}

    /** One customer's net revenue on one day, as a batch adds it up (refunds negative). */
    public record Revenue(String customerId, LocalDate day, BigDecimal amount) {}

    /** Base and kept revenue of the customers who bought in a base period: what net revenue retention is made of. */
    public record Retained(BigDecimal base, BigDecimal kept) {}

    /** Adds the usage to each day's, feature counts key by key. */
    public Uni<Void> addUsage(SqlConnection connection, List<Usage> usage) {
        if (usage.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return connection
                .preparedQuery("insert into usage_day (customer_id, day, events, total, features, first_at, last_at) "
                        + "values ($1, $2, $3, $4, $5::text::jsonb, $6, $7) on conflict (customer_id, day) do update set "
                        + "events = usage_day.events + excluded.events, total = usage_day.total + excluded.total, "
                        + "first_at = least(usage_day.first_at, excluded.first_at), "
                        + "last_at = greatest(usage_day.last_at, excluded.last_at), "
                        + "features = (select jsonb_object_agg(k, coalesce((usage_day.features ->> k)::bigint, 0) "
                        + "+ coalesce((excluded.features ->> k)::bigint, 0)) from (select jsonb_object_keys(usage_day.features) "
                        + "union select jsonb_object_keys(excluded.features)) as keys(k))")
                .executeBatch(usage.stream()
                        .map(day -> Tuple.from(List.of(
                                day.customerId(),
                                day.day(),
                                day.events(),
                                day.total(),
                                day.featuresJson(),
                                day.firstAt().atOffset(ZoneOffset.UTC),
                                day.lastAt().atOffset(ZoneOffset.UTC))))
                        .toList())
                .replaceWithVoid();
    }

    /** Adds the revenue to each day's. */
    public Uni<Void> addRevenue(SqlConnection connection, List<Revenue> revenue) {
        if (revenue.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return connection
                .preparedQuery("insert into revenue_day (customer_id, day, amount) values ($1, $2, $3) "
                        + "on conflict (customer_id, day) do update set amount = revenue_day.amount + excluded.amount")
                .executeBatch(revenue.stream()
                        .map(day -> Tuple.of(day.customerId(), day.day(), day.amount()))
                        .toList())
                .replaceWithVoid();
    }

    /**
     * The revenue in {@code [baseFrom, periodFrom)} of the customers who bought then, and their revenue in
     * {@code [periodFrom, periodTo)}.
     */
    public Uni<Retained> retained(SqlClient client, LocalDate baseFrom, LocalDate periodFrom, LocalDate periodTo) {
        return client.preparedQuery("select coalesce(sum(amount) filter (where day >= $1 and day < $2), 0) as base, "
                        + "coalesce(sum(amount) filter (where day >= $2 and day < $3), 0) as kept from revenue_day "
                        + "where customer_id in (select customer_id from revenue_day where day >= $1 and day < $2 "
                        + "group by customer_id having sum(amount) > 0)")
                .execute(Tuple.of(baseFrom, periodFrom, periodTo))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    return new Retained(row.getBigDecimal("base"), row.getBigDecimal("kept"));
                });
    }

    /** Deletes an erased customer's days. */
    public Uni<Void> delete(SqlConnection connection, String customerId) {
        return connection
                .preparedQuery("delete from usage_day where customer_id = $1")
                .execute(Tuple.of(customerId))
                .chain(() -> connection
                        .preparedQuery("delete from revenue_day where customer_id = $1")
                        .execute(Tuple.of(customerId)))
                .replaceWithVoid();
    }
}
