package io.retention.engagement.contact;

import io.retention.contract.events.CustomerProfile;
import io.retention.engagement.store.FollowUpStore;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The registry's latest snapshot of each customer, as engagement-service needs it to reach them. */
@ApplicationScoped
public class Contacts {

    /** Keeps the snapshot unless a newer one is already kept (snapshots may arrive late after a replay). */
    public Uni<Void> save(SqlConnection connection, CustomerProfile profile, Instant snapshotTime) {
        JsonArray consents = new JsonArray();
        if (profile.consents() != null) {
            profile.consents()
                    .forEach(c -> consents.add(new JsonObject()
                            .put("channel", c.channel())
                            .put("purpose", c.purpose())
                            .put("granted", c.granted())));
        }
        return connection
                .preparedQuery("""
                        insert into customer_contact (customer_id, name, email, phone, owner, tier, stage, time_zone, consents, updated_at)
                        values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
                        on conflict (customer_id) do update set name = excluded.name, email = excluded.email,
                            phone = excluded.phone, owner = excluded.owner, tier = excluded.tier, stage = excluded.stage,
                            time_zone = excluded.time_zone, consents = excluded.consents, updated_at = excluded.updated_at
                        where customer_contact.updated_at <= excluded.updated_at""")
                .execute(Tuple.tuple(Arrays.asList(
                        profile.customerId(),
                        profile.name(),
                        profile.email(),
                        profile.phone(),
                        profile.owner(),
                        profile.tier(),
                        profile.lifecycleStage(),
                        profile.timeZone(),
                        consents,
                        FollowUpStore.utc(snapshotTime))))
                .replaceWithVoid();
    }

    public Uni<Optional<Contact>> find(SqlConnection connection, String customerId) {
        return load(connection, List.of(customerId), false).map(found -> Optional.ofNullable(found.get(customerId)));
    }

    /**
     * The contacts of several customers.
     *
     * @param lock whether to lock their rows until the transaction ends, so that two dispatchers apply the frequency
     *             cap to one customer one after the other (rows locked in id order: no deadlock)
     */
    public Uni<Map<String, Contact>> load(SqlConnection connection, List<String> customerIds, boolean lock) {
        if (customerIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return connection
                .preparedQuery(
                        "select customer_id, name, email, phone, owner, tier, stage, time_zone, consents::text as consents "
                                + "from customer_contact where customer_id = any($1) order by customer_id"
                                + (lock ? " for update" : ""))
                .execute(Tuple.of(customerIds.toArray(String[]::new)))
                .map(rows -> {
                    Map<String, Contact> contacts = new HashMap<>();
                    for (Row row : rows) {
                        List<Contact.Consent> consents = new ArrayList<>();
                        for (Object consent : new JsonArray(row.getString("consents"))) {
                            JsonObject c = (JsonObject) consent;
                            consents.add(new Contact.Consent(
                                    c.getString("channel"), c.getString("purpose"), c.getBoolean("granted")));
                        }
                        contacts.put(
                                row.getString("customer_id"),
                                new Contact(
                                        row.getString("customer_id"),
                                        row.getString("name"),
                                        row.getString("email"),
                                        row.getString("phone"),
                                        row.getString("owner"),
                                        row.getString("tier"),
                                        row.getString("stage"),
                                        row.getString("time_zone"),
                                        consents));
                    }
                    return contacts;
                });
    }
}
