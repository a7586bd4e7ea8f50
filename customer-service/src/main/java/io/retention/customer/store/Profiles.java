package io.retention.customer.store;

import io.retention.contract.CloudEvent;
import io.retention.contract.EventType;
import io.retention.contract.events.CustomerProfile;
import io.retention.customer.config.CustomerConfig;
import io.retention.kit.messaging.EventSource;
import io.retention.kit.store.Outbox;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Profile snapshots as {@code retention.customer.registered} and {@code .updated} carry them: the registry's profile
 * with the consents in force, read and announced through the outbox inside the caller's transaction.
 */
@ApplicationScoped
public class Profiles {

    private final EventSource source;
    private final CustomerConfig config;
    private final Outbox outbox;
    private final Customers customers;
    private final ConsentStore consentStore;

    public Profiles(
            CustomerConfig config, Outbox outbox, EventSource source, Customers customers, ConsentStore consentStore) {
        this.customers = customers;
        this.consentStore = consentStore;
        this.source = source;
        this.config = config;
        this.outbox = outbox;
    }

    public String defaultTimeZone() {
        return config.defaultTimeZone();
    }

    /** Announces the current snapshots of these customers, through the outbox, with {@code retention.customer.updated}. */
    public Uni<Void> announceUpdates(SqlConnection connection, Collection<String> customerIds, Instant now) {
        return announce(connection, customerIds, Set.of(), Map.of(), now);
    }

    /**
     * Announces the current snapshots of these customers through the outbox: {@code retention.customer.registered} for
     * those in {@code registered}, {@code retention.customer.updated} for the others.
     *
     * @param fromHistory registered customers first seen in history, by when they were first seen: their registration
     *                    happened then and is history too (contract 1.2), so that it triggers nothing by itself
     */
    public Uni<Void> announce(
            SqlConnection connection,
            Collection<String> customerIds,
            Set<String> registered,
            Map<String, Instant> fromHistory,
            Instant now) {
        return snapshots(connection, customerIds)
                .chain(profiles -> outbox.addAll(
                        connection,
                        profiles.stream()
                                .map(profile -> {
                                    String id = profile.customerId();
                                    if (!registered.contains(id)) {
                                        return CloudEvent.create(
                                                source.uri(), EventType.CUSTOMER_UPDATED, id, now, profile);
                                    }
                                    Instant firstSeen = fromHistory.get(id);
                                    return firstSeen == null
                                            ? CloudEvent.create(
                                                    source.uri(), EventType.CUSTOMER_REGISTERED, id, now, profile)
                                            : CloudEvent.create(
                                                            source.uri(),
                                                            EventType.CUSTOMER_REGISTERED,
                                                            id,
                                                            firstSeen,
                                                            profile)
                                                    .asBackfill();
                                })
                                .toList()));
    }

    /** The current snapshots of these customers, consents included, in id order. */
    public Uni<List<CustomerProfile>> snapshots(SqlClient client, Collection<String> customerIds) {
        return consentStore
                .inForce(client, customerIds)
                .chain(consents -> customers
                        .findAll(client, customerIds)
                        .map(found -> found.stream()
                                .map(customer ->
                                        customer.profile(consents.getOrDefault(customer.customerId(), List.of())))
                                .toList()));
    }
}
