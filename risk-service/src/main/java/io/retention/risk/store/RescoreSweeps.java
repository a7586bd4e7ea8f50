package io.retention.risk.store;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowIterator;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * The re-assessment of every buyer under way after a new model (table {@code rescore_sweep}, at most one row): taken a
 * step at a time by whichever instance holds the row.
 */
@ApplicationScoped
public class RescoreSweeps {

    /** Starts a sweep over every customer now, in place of one under way (the newer model re-scores everyone). */
    public Uni<Void> start(SqlClient client, Instant now, Duration spread) {
        return client.preparedQuery(
                        "insert into rescore_sweep (id, started_at, spread_ms, customers, looked_at, after_id) "
                                + "select 1, $1, $2, count(*), 0, '' from customer_risk on conflict (id) do update set "
                                + "started_at = excluded.started_at, spread_ms = excluded.spread_ms, "
                                + "customers = excluded.customers, looked_at = 0, after_id = ''")
                .execute(Tuple.of(now.atOffset(ZoneOffset.UTC), spread.toMillis()))
                .replaceWithVoid();
    }

    /** The sweep under way, locked for the transaction; null when there is none or another instance is taking a step. */
    public Uni<RescoreSweep> lock(SqlConnection connection) {
        return connection
                .query("select started_at, spread_ms, customers, looked_at, after_id from rescore_sweep "
                        + "for update skip locked")
                .execute()
                .map(rows -> {
                    RowIterator<Row> found = rows.iterator();
                    if (!found.hasNext()) {
                        return null;
                    }
                    Row row = found.next();
                    return new RescoreSweep(
                            row.getOffsetDateTime("started_at").toInstant(),
                            Duration.ofMillis(row.getLong("spread_ms")),
                            row.getLong("customers"),
                            row.getLong("looked_at"),
                            row.getString("after_id"));
                });
    }

    /** Records a step of the locked sweep: {@code passed} more customers, the last of them {@code lastId}. */
    public Uni<Void> advance(SqlConnection connection, long passed, String lastId) {
        return connection
                .preparedQuery("update rescore_sweep set looked_at = looked_at + $1, after_id = $2")
                .execute(Tuple.of(passed, lastId))
                .replaceWithVoid();
    }

    /** Ends the locked sweep: every customer has been passed. */
    public Uni<Void> finish(SqlConnection connection) {
        return connection.query("delete from rescore_sweep").execute().replaceWithVoid();
    }
}
