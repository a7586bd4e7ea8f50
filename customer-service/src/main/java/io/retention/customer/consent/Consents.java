package io.retention.customer.consent;

import io.retention.contract.Json;
import io.retention.customer.store.Profiles;
import io.retention.customer.timeline.Timeline;
import io.retention.customer.timeline.TimelineEntries;
import io.retention.kit.messaging.OutboxRelay;
import io.retention.kit.rest.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Consents per customer, channel and purpose: every change is kept with when and how it was given or revoked; the one
 * in force is the latest by the time it was given (a change recorded late does not override a newer one). A change is
 * on the timeline and announced in the profile snapshot, which engagement-service's communication policy reads.
 */
@ApplicationScoped
public class Consents {
    private final Pool pool;
    private final Profiles profiles;
    private final OutboxRelay relay;
    private final Clock clock;

    public Consents(Pool pool, Profiles profiles, OutboxRelay relay, Clock clock) {
        this.pool = pool;
        this.profiles = profiles;
        this.relay = relay;
        this.clock = clock;
    }

    /** Records a change; answers the customer's consents after it. */
    public Uni<ConsentView> record(String customerId, ConsentChange change) {
        Instant now = clock.instant();
        Instant at = change.at() == null ? now : change.at();
        if (at.isAfter(now)) {
            return Uni.createFrom()
                    .failure(ProblemException.badRequest("at: a consent cannot be given or revoked in the future"));
        }
        String channel = change.channel().name();
        String purpose = change.purpose();
        return pool.withTransaction(connection -> connection
                        .preparedQuery("select 1 from customer where customer_id = $1 for update")
                        .execute(Tuple.of(customerId))
                        .chain(found -> {
                            if (found.size() == 0) {
                                return Uni.createFrom()
                                        .failure(ProblemException.notFound("no customer has id '" + customerId + "'"));
                            }
                            Tuple values = Tuple.of(
                                            customerId,
                                            channel,
                                            purpose,
                                            change.granted(),
                                            at.atOffset(ZoneOffset.UTC),
                                            change.method())
                                    .addString(change.evidence())
                                    .addOffsetDateTime(now.atOffset(ZoneOffset.UTC));
                            TimelineEntries.Entry entry = new TimelineEntries.Entry(
                                    TimelineEntries.Kind.CONSENT,
                                    channel.toLowerCase(Locale.ROOT),
                                    (change.granted() ? "Consent given" : "Consent revoked") + ": " + channel + " for "
                                            + purpose + " (" + change.method() + ")");
                            String data = Json.MAPPER
                                    .valueToTree(Map.of(
                                            "channel",
                                            channel,
                                            "purpose",
                                            purpose,
                                            "granted",
                                            change.granted(),
                                            "method",
                                            change.method()))
                                    .toString();
                            return connection
                                    .preparedQuery(
                                            "insert into consent_change (customer_id, channel, purpose, granted, changed_at, "
                                                    + "method, evidence, recorded_at) values ($1, $2, $3, $4, $5, $6, $7, $8) returning id")
                                    .execute(values)
                                    .map(inserted -> inserted.iterator().next().getLong("id"))
                                    // the change comes in force unless a newer one already is
                                    .call(changeId -> connection
                                            .preparedQuery(
                                                    "insert into consent (customer_id, channel, purpose, granted, "
                                                            + "changed_at, method, evidence) select customer_id, channel, purpose, granted, changed_at, "
                                                            + "method, evidence from consent_change where id = $1 "
                                                            + "on conflict (customer_id, channel, purpose) do update set granted = excluded.granted, "
                                                            + "changed_at = excluded.changed_at, method = excluded.method, evidence = excluded.evidence "
                                                            + "where consent.changed_at <= excluded.changed_at")
                                            .execute(Tuple.of(changeId)))
                                    .chain(changeId -> Timeline.add(
                                            connection,
                                            List.of(Timeline.row(
                                                    "consent-" + changeId, customerId, at, entry, "consent", data))))
                                    .chain(() -> profiles.announceUpdates(connection, List.of(customerId), now))
                                    .chain(() -> read(connection, customerId));
                        }))
                .invoke(relay::wakeUp);
    }

    /** The consents in force and the history of changes, newest first. */
    public Uni<ConsentView> find(String customerId) {
        return pool.preparedQuery("select 1 from customer where customer_id = $1")
                .execute(Tuple.of(customerId))
                .chain(found -> found.size() == 0
                        ? Uni.createFrom().failure(ProblemException.notFound("no customer has id '" + customerId + "'"))
                        : read(pool, customerId));
    }

    private static Uni<ConsentView> read(SqlClient client, String customerId) {
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
