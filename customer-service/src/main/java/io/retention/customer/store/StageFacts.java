package io.retention.customer.store;

import io.retention.customer.lifecycle.Lifecycle;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The columns of {@code customer} the lifecycle stage is judged from, and the stage they give. */
public final class StageFacts {
    /** The columns {@link #read} needs, for a select list. */
    public static final String COLUMNS =
            "first_seen_at, first_active_at, risk_at, risk_raised, churned_at, returned_at";

    private StageFacts() {}

    /** A customer's stage, its facts, and the time it is judged at: one row of {@link #write}. */
    public record Judged(String customerId, Lifecycle.Facts facts, Lifecycle.Position position, Instant now) {}

    public static Lifecycle.Facts read(Row row) {
        return new Lifecycle.Facts(
                instant(row, "first_seen_at"),
                instant(row, "first_active_at"),
                instant(row, "risk_at"),
                row.getBoolean("risk_raised"),
                instant(row, "churned_at"),
                instant(row, "returned_at"));
    }

    /** Writes the facts, the stage and since when. */
    public static Uni<Void> write(SqlConnection connection, List<Judged> judged) {
        if (judged.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> rows = new ArrayList<>();
        for (Judged j : judged) {
            Lifecycle.Facts f = j.facts();
            rows.add(Tuple.from(Arrays.asList(
                    j.customerId(),
                    j.position().stage().name(),
                    at(j.position().since()),
                    at(f.firstSeen()),
                    at(f.firstActive()),
                    at(f.riskAt()),
                    f.riskRaised(),
                    at(f.churnedAt()),
                    at(f.returnedAt()),
                    at(j.now()))));
        }
        return connection
                .preparedQuery("update customer set lifecycle_stage = $2, stage_since = $3, first_seen_at = $4, "
                        + "first_active_at = $5, risk_at = $6, risk_raised = $7, churned_at = $8, returned_at = $9, "
                        + "updated_at = $10 where customer_id = $1")
                .executeBatch(rows)
                .replaceWithVoid();
    }

    /**
     * Each customer's first purchase, use or win-back after the given churn time, among the events already written
     * (purchases and win-backs on the timeline, uses in their day); customers with none are left out. A day used both
     * before and after the churn counts as a return at its last use.
     */
    public static Uni<Map<String, Instant>> returnsAfter(SqlConnection connection, Map<String, Instant> churnedAt) {
        if (churnedAt.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        String[] ids = churnedAt.keySet().toArray(String[]::new);
        OffsetDateTime[] times = churnedAt.values().stream().map(StageFacts::at).toArray(OffsetDateTime[]::new);
        return connection
                .preparedQuery("select c.id as customer_id, least("
                        + "(select min(t.occurred_at) from timeline_entry t where t.customer_id = c.id and t.occurred_at > c.churned "
                        + "and t.type in ('retention.purchase.completed', 'retention.customer.won-back')), "
                        + "(select min(case when u.first_at > c.churned then u.first_at else u.last_at end) from usage_day u "
                        + "where u.customer_id = c.id and u.last_at > c.churned)) as returned_at "
                        + "from unnest($1::varchar[], $2::timestamptz[]) as c(id, churned)")
                .execute(Tuple.of(ids, times))
                .map(rows -> {
                    Map<String, Instant> returns = new HashMap<>();
                    for (Row row : rows) {
                        Instant returned = instant(row, "returned_at");
                        if (returned != null) {
                            returns.put(row.getString("customer_id"), returned);
                        }
                    }
                    return returns;
                });
    }

    private static Instant instant(Row row, String column) {
        OffsetDateTime value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }

    private static OffsetDateTime at(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
