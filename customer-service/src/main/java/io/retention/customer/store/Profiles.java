package io.retention.customer.store;

import io.retention.contract.CloudEvent;
import io.retention.contract.EventType;
import io.retention.contract.events.CustomerProfile;
import io.retention.customer.config.CustomerConfig;
import io.retention.kit.messaging.EventSource;
import io.retention.kit.store.Outbox;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Profile snapshots as {@code retention.customer.registered} and {@code .updated} carry them (with consents), and the
 * erasure tombstones, read with the reactive SQL client inside the caller's transaction.
 */
@ApplicationScoped
public class Profiles {

    private final EventSource source;
    private final CustomerConfig config;
    private final Outbox outbox;

    public Profiles(CustomerConfig config, Outbox outbox, EventSource source) {
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
        String[] ids = customerIds.stream().sorted().toArray(String[]::new);
        return client.preparedQuery(
                        "select customer_id, channel, purpose, granted from consent where customer_id = any($1) "
                                + "order by customer_id, channel, purpose")
                .execute(Tuple.tuple().addArrayOfString(ids))
                .chain(consentRows -> {
                    Map<String, List<CustomerProfile.Consent>> consents = new LinkedHashMap<>();
                    for (Row row : consentRows) {
                        consents.computeIfAbsent(row.getString("customer_id"), id -> new ArrayList<>())
                                .add(new CustomerProfile.Consent(
                                        row.getString("channel"), row.getString("purpose"), row.getBoolean("granted")));
                    }
                    return client.preparedQuery(
                                    "select customer_id, name, email, phone, tier, lifecycle_stage, owner, time_zone, referred_by "
                                            + "from customer where customer_id = any($1) order by customer_id")
                            .execute(Tuple.tuple().addArrayOfString(ids))
                            .map(rows -> {
                                List<CustomerProfile> profiles = new ArrayList<>();
                                for (Row row : rows) {
                                    String id = row.getString("customer_id");
                                    profiles.add(new CustomerProfile(
                                            id,
                                            row.getString("name"),
                                            row.getString("email"),
                                            row.getString("phone"),
                                            row.getString("tier"),
                                            row.getString("lifecycle_stage"),
                                            row.getString("owner"),
                                            row.getString("time_zone"),
                                            consents.getOrDefault(id, List.of()),
                                            row.getString("referred_by")));
                                }
                                return profiles;
                            });
                });
    }
}
