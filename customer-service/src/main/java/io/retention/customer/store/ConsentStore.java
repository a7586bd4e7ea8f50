package io.retention.customer.store;

import io.retention.contract.events.CustomerProfile;
import io.retention.customer.consent.ConsentView;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Consents (tables {@code consent_change}, every change as given or revoked, and {@code consent}, the one in force per
 * customer, channel and purpose: the latest by the time it was given).
 */
@ApplicationScoped
public class ConsentStore {

    /**
     * Records a change given or revoked at {@code at}, learned {@code now}; it comes in force unless a newer one already
     * is. Answers the change's id.
     */
    public Uni<Long> record(
            SqlConnection connection,
            String customerId,
            String channel,
            String purpose,
            boolean granted,
            Instant at,
            String method,
            String evidence,
            Instant now) {
        return connection
                .preparedQuery(
                        "insert into consent_change (customer_id, channel, purpose, granted, changed_at, method, "
                                + "evidence, recorded_at) values ($1, $2, $3, $4, $5, $6, $7, $8) returning id")
                .execute(Tuple.of(customerId, channel, purpose, granted, at.atOffset(ZoneOffset.UTC), method)
                        .addString(evidence)
                        .addOffsetDateTime(now.atOffset(ZoneOffset.UTC)))
                .map(inserted -> inserted.iterator().next().getLong("id"))
                .call(changeId -> connection
                        .preparedQuery(
                                "insert into consent (customer_id, channel, purpose, granted, changed_at, method, "
                                        + "evidence) select customer_id, channel, purpose, granted, changed_at, method, evidence "
                                        + "from consent_change where id = $1 on conflict (customer_id, channel, purpose) do update "
                                        + "set granted = excluded.granted, changed_at = excluded.changed_at, "
                                        + "method = excluded.method, evidence = excluded.evidence "
                                        + "where consent.changed_at <= excluded.changed_at")
                        .execute(Tuple.of(changeId)));
    }

    /** The customer's consents in force and the history of changes, newest first. */
    public Uni<ConsentView> read(SqlClient client, String customerId) {
        return client.preparedQuery("select channel, purpose, granted, changed_at, method, evidence from consent "
                        + "where customer_id = $1 order by channel, purpose")
                .execute(Tuple.of(customerId))
                .chain(current -> client.preparedQuery(
                                "select channel, purpose, granted, changed_at, method, evidence, recorded_at "
                                        + "from consent_change where customer_id = $1 order by changed_at desc, id desc")
                        .execute(Tuple.of(customerId))
                        .map(history -> {
                            List<ConsentView.Consent> inForce = new ArrayList<>();
                            current.forEach(row -> inForce.add(consent(row, null)));
                            List<ConsentView.Consent> changes = new ArrayList<>();
                            history.forEach(row -> changes.add(consent(
                                    row, row.getOffsetDateTime("recorded_at").toInstant())));
                            return new ConsentView(customerId, inForce, changes);
                        }));
    }

    /** The consents in force of these customers, as the profile snapshot carries them, by customer. */
    public Uni<Map<String, List<CustomerProfile.Consent>>> inForce(SqlClient client, Collection<String> customerIds) {
        return client.preparedQuery("select customer_id, channel, purpose, granted from consent "
                        + "where customer_id = any($1) order by customer_id, channel, purpose")
                .execute(Tuple.tuple().addArrayOfString(customerIds.toArray(String[]::new)))
                .map(rows -> {
                    Map<String, List<CustomerProfile.Consent>> consents = new HashMap<>();
                    for (Row row : rows) {
                        consents.computeIfAbsent(row.getString("customer_id"), id -> new ArrayList<>())
                                .add(new CustomerProfile.Consent(
                                        row.getString("channel"), row.getString("purpose"), row.getBoolean("granted")));
                    }
                    return consents;
                });
    }

    /** Deletes an erased customer's consents and their history. */
    public Uni<Void> delete(SqlConnection connection, String customerId) {
        return connection
                .preparedQuery("delete from consent where customer_id = $1")
                .execute(Tuple.of(customerId))
                .chain(() -> connection
                        .preparedQuery("delete from consent_change where customer_id = $1")
                        .execute(Tuple.of(customerId)))
                .replaceWithVoid();
    }

    private static ConsentView.Consent consent(Row row, Instant recordedAt) {
        return new ConsentView.Consent(
                row.getString("channel"),
                row.getString("purpose"),
                row.getBoolean("granted"),
                row.getOffsetDateTime("changed_at").toInstant(),
                row.getString("method"),
                row.getString("evidence"),
                recordedAt);
    }
}
