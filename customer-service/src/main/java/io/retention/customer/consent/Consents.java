package io.retention.customer.consent;

import io.retention.contract.Json;
import io.retention.customer.registry.Registry;
import io.retention.customer.store.ConsentStore;
import io.retention.customer.store.Customers;
import io.retention.customer.store.Profiles;
import io.retention.customer.store.Timeline;
import io.retention.customer.timeline.TimelineEntries;
import io.retention.kit.messaging.OutboxRelay;
import io.retention.kit.rest.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
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
    private final Customers customers;
    private final ConsentStore store;

    public Consents(
            Pool pool, Profiles profiles, OutboxRelay relay, Clock clock, Customers customers, ConsentStore store) {
        this.pool = pool;
        this.customers = customers;
        this.store = store;
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
        return pool.withTransaction(connection -> customers
                        .lock(connection, customerId)
                        .chain(found -> {
                            if (found.isEmpty()) {
                                return Uni.createFrom().failure(Registry.unknown(customerId));
                            }
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
                            return store.record(
                                            connection,
                                            customerId,
                                            channel,
                                            purpose,
                                            change.granted(),
                                            at,
                                            change.method(),
                                            change.evidence(),
                                            now)
                                    .chain(changeId -> Timeline.add(
                                            connection,
                                            List.of(Timeline.row(
                                                    "consent-" + changeId, customerId, at, entry, "consent", data))))
                                    .chain(() -> profiles.announceUpdates(connection, List.of(customerId), now))
                                    .chain(() -> store.read(connection, customerId));
                        }))
                .invoke(relay::wakeUp);
    }

    /** The consents in force and the history of changes, newest first. */
    public Uni<ConsentView> find(String customerId) {
        return customers
                .exists(pool, customerId)
                .chain(known ->
                        known ? store.read(pool, customerId) : Uni.createFrom().failure(Registry.unknown(customerId)));
    }
}
