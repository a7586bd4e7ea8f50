package io.retention.customer.store;

import io.retention.customer.registry.LifecycleStage;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/** Every stage a customer entered, with its cause: the history behind the stage-based KPIs. */
public final class StageHistory {

    private StageHistory() {}

    /** A stage a customer entered at {@code at}, and what caused it (an event type, or the end of a period). */
    public record StageChange(String customerId, LifecycleStage stage, Instant at, String cause) {}

    public static Uni<Void> record(SqlConnection connection, List<StageChange> changes) {
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
}
