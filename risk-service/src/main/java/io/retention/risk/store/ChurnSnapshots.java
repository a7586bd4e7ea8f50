package io.retention.risk.store;

import io.retention.kit.store.ErasedCustomers;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Snapshots of buyers' churn features on the grid's days and their outcomes (table {@code churn_snapshot}), rewritten
 * at every learning round, and the latest validation of the score (table {@code churn_validation}).
 */
@ApplicationScoped
public class ChurnSnapshots {

    /** A snapshot of one customer: features, the shipped score then, and the outcome (null until matured). */
    public record Snapshot(String customerId, double[] features, int shippedScore, Boolean churned) {}

    /**
     * Writes the snapshots of {@code cutOff}, replacing what was written for it before (a late event may have changed
     * a customer's past).
     */
    public Uni<Void> put(SqlClient client, LocalDate cutOff, List<Snapshot> snapshots) {
        if (snapshots.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        int n = snapshots.size();
        String[] ids = new String[n];
        String[] features = new String[n];
        Integer[] shippedScores = new Integer[n];
        Boolean[] churned = new Boolean[n];
        for (int i = 0; i < n; i++) {
            Snapshot snapshot = snapshots.get(i);
            ids[i] = snapshot.customerId();
            // an array literal per row: unnest would flatten a two-dimensional array
            StringBuilder literal = new StringBuilder("{");
            for (int f = 0; f < snapshot.features().length; f++) {
                literal.append(f == 0 ? "" : ",").append(snapshot.features()[f]);
            }
            features[i] = literal.append('}').toString();
            shippedScores[i] = snapshot.shippedScore();
            churned[i] = snapshot.churned();
        }
        // one statement for the whole page; a customer erased meanwhile is not snapshotted again (their snapshots went
        // with the erasure)
        return client.preparedQuery(
                        "insert into churn_snapshot (cut_off, customer_id, features, shipped_score, churned) "
                                + "select $1::date, u.customer_id, u.features::float8[], u.shipped_score, u.churned "
                                + "from unnest($2::varchar[], $3::text[], $4::int[], $5::boolean[]) "
                                + "as u(customer_id, features, shipped_score, churned) where "
                                + ErasedCustomers.NOT_ERASED.formatted("u.customer_id")
                                + " on conflict (cut_off, customer_id) do update set features = excluded.features, "
                                + "shipped_score = excluded.shipped_score, churned = excluded.churned "
                                // a past day's snapshot is the same each round unless late events changed it: a row
                                // rewritten unchanged would cost a new row version, its index entry and WAL every day
                                + "where (churn_snapshot.features, churn_snapshot.shipped_score, churn_snapshot.churned) "
                                + "is distinct from (excluded.features, excluded.shipped_score, excluded.churned)")
                .execute(Tuple.tuple()
                        .addLocalDate(cutOff)
                        .addArrayOfString(ids)
                        .addArrayOfString(features)
                        .addArrayOfInteger(shippedScores)
                        .addArrayOfBoolean(churned))
                .replaceWithVoid();
    }

    /** Forgets the snapshot days that left the grid. */
    public Uni<Void> keepOnly(SqlClient client, List<LocalDate> days) {
        return client.preparedQuery("delete from churn_snapshot where cut_off <> all($1)")
                .execute(Tuple.tuple().addArrayOfLocalDate(days.toArray(LocalDate[]::new)))
                .replaceWithVoid();
    }

    /** The labelled snapshots of a day. */
    public Uni<List<Snapshot>> labelled(SqlClient client, LocalDate cutOff) {
        return client.preparedQuery("select customer_id, features, shipped_score, churned from churn_snapshot "
                        + "where cut_off = $1 and churned is not null order by customer_id")
                .execute(Tuple.of(cutOff))
                .map(rows -> {
                    List<Snapshot> snapshots = new ArrayList<>();
                    for (Row row : rows) {
                        Double[] stored = row.getArrayOfDoubles("features");
                        double[] features = new double[stored.length];
                        for (int i = 0; i < stored.length; i++) {
                            features[i] = stored[i];
                        }
                        snapshots.add(new Snapshot(
                                row.getString("customer_id"),
                                features,
                                row.getInteger("shipped_score"),
                                row.getBoolean("churned")));
                    }
                    return snapshots;
                });
    }

    /** Forgets erased customers' snapshots. */
    public Uni<Void> forget(SqlClient client, Collection<String> customerIds) {
        return client.preparedQuery("delete from churn_snapshot where customer_id = any($1)")
                .execute(Tuple.tuple().addArrayOfString(customerIds.toArray(String[]::new)))
                .replaceWithVoid();
    }

    /** Keeps the latest validation report (JSON), and the take of the snapshots it was judged on. */
    public Uni<Void> saveValidation(SqlClient client, Instant at, String report, SnapshotTake take) {
        return client.preparedQuery("insert into churn_validation (id, computed_at, report, snapshots_taken_at, "
                        + "snapshots_of) values (1, $1, $2::text::jsonb, $3, $4) on conflict (id) do update set "
                        + "computed_at = excluded.computed_at, report = excluded.report, "
                        + "snapshots_taken_at = excluded.snapshots_taken_at, snapshots_of = excluded.snapshots_of")
                .execute(Tuple.of(
                        at.atOffset(ZoneOffset.UTC), report, take.at().atOffset(ZoneOffset.UTC), take.inputs()))
                .replaceWithVoid();
    }

    /**
     * Confirms the latest validation for the round after the fit made at {@code at}: it judged the snapshots that are
     * still there, so judging them again would tell the same.
     */
    public Uni<Void> confirmValidation(SqlClient client, Instant at) {
        return client.preparedQuery("update churn_validation set computed_at = greatest(computed_at, $1) where id = 1")
                .execute(Tuple.of(at.atOffset(ZoneOffset.UTC)))
                .replaceWithVoid();
    }

    /** The take of the snapshots the latest validation judged; empty before the first, or after an older version. */
    public Uni<Optional<SnapshotTake>> lastTake(SqlClient client) {
        return client.query("select snapshots_taken_at, snapshots_of from churn_validation where id = 1")
                .execute()
                .map(rows -> {
                    if (rows.size() == 0) {
                        return Optional.empty();
                    }
                    Row row = rows.iterator().next();
                    OffsetDateTime takenAt = row.getOffsetDateTime("snapshots_taken_at");
                    return takenAt == null
                            ? Optional.empty()
                            : Optional.of(new SnapshotTake(takenAt.toInstant(), row.getString("snapshots_of")));
                });
    }

    /** When the latest validation was computed (the time of the fit it followed), or null before the first. */
    public Uni<Instant> validatedAt(SqlClient client) {
        return client.query("select computed_at from churn_validation where id = 1")
                .execute()
                .map(rows -> rows.size() == 0
                        ? null
                        : rows.iterator()
                                .next()
                                .getOffsetDateTime("computed_at")
                                .toInstant());
    }

    /** The latest validation report (JSON), or null before the first. */
    public Uni<String> validation(SqlClient client) {
        return client.query("select report::text as report from churn_validation where id = 1")
                .execute()
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getString("report"));
    }
}
