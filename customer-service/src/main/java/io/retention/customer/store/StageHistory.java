package io.retention.customer.store;

import io.retention.customer.registry.LifecycleStage;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/** Every stage a customer entered, with its cause (table {@code stage_change}): the history behind the stage KPIs. */
@ApplicationScoped
public class StageHistory {

    /** A stage a customer entered at {@code at}, and what caused it (an event type, or the end of a period). */
    public record StageChange(String customerId, LifecycleStage stage, Instant at, String cause) {}

    /** Of the customers known and not churned at {@code from}: how many, and how many churned by {@code to}. */
    public record Cohort(long customers, long churned) {}

    public Uni<Void> record(SqlConnection connection, List<StageChange> changes) {
        if (changes.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return connection
                .preparedQuery(
                        "insert into stage_change (customer_id, stage, changed_at, cause) values ($1, $2, $3, $4)")
                .executeBatch(changes.stream()
                        .map(change -> Tuple.of(
                                change.customerId(),
                                change.stage().name(),
                                change.at().atOffset(ZoneOffset.UTC),
                                change.cause()))
                        .toList())
                .replaceWithVoid();
    }

    /** The cohort of {@code from} and its churn up to {@code to}. */
    public Uni<Cohort> cohort(SqlClient client, Instant from, Instant to) {
        return client.preparedQuery("with cohort as (select c.customer_id from customer c where c.first_seen_at < $1 "
                        + "and coalesce((select s.stage from stage_change s where s.customer_id = c.customer_id "
                        + "and s.changed_at <= $1 order by s.changed_at desc, s.id desc limit 1), 'NEW') <> 'CHURNED') "
                        + "select count(*) as cohort, count(*) filter (where exists (select 1 from stage_change s "
                        + "where s.customer_id = cohort.customer_id and s.stage = 'CHURNED' and s.changed_at > $1 "
                        + "and s.changed_at <= $2)) as churned from cohort")
                .execute(Tuple.of(from.atOffset(ZoneOffset.UTC), to.atOffset(ZoneOffset.UTC)))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    return new Cohort(row.getLong("cohort"), row.getLong("churned"));
                });
    }

    /** Deletes an erased customer's stage history. */
    public Uni<Void> delete(SqlConnection connection, String customerId) {
        return connection
                .preparedQuery("delete from stage_change where customer_id = $1")
                .execute(Tuple.of(customerId))
                .replaceWithVoid();
    }
}
