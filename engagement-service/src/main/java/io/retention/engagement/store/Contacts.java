package io.retention.engagement.store;

import io.retention.contract.events.CustomerProfile;
import io.retention.engagement.contact.Contact;
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
    private static final String COLUMNS =
            "customer_id, name, email, phone, owner, tier, stage, time_zone, consents::text as consents";

    /**
     * Keeps the snapshot unless a newer one is already kept (snapshots may arrive late after a replay). A snapshot that
     * changes the tier or the stage (or the first one) leaves the tier's cadence to be decided once it has held: see
     * {@link #lockSettled}.
     */
    public Uni<Void> save(SqlConnection connection, CustomerProfile profile, Instant snapshotTime, Instant now) {
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
                        insert into customer_contact (customer_id, name, email, phone, owner, tier, stage, time_zone, consents, updated_at,
                                                      cadence_pending_since)
                        values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
                        on conflict (customer_id) do update set name = excluded.name, email = excluded.email,
                            phone = excluded.phone, owner = excluded.owner, tier = excluded.tier, stage = excluded.stage,
                            time_zone = excluded.time_zone, consents = excluded.consents, updated_at = excluded.updated_at,
                            cadence_pending_since = case
                                when customer_contact.tier is distinct from excluded.tier
                                  or customer_contact.stage is distinct from excluded.stage then excluded.cadence_pending_since
                                else customer_contact.cadence_pending_since end
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
                        FollowUpStore.utc(snapshotTime),
                        FollowUpStore.utc(now))))
                .replaceWithVoid();
    }

    /** A customer whose tier's cadence is to be decided, as the registry last described them, and since when. */
    public record PendingCadence(Contact contact, Instant since) {}

    /**
     * Up to {@code limit} customers whose snapshot changed the tier or the stage at or before {@code settledBefore} and
     * has held since, locked in id order as the dispatcher locks them (rows another instance holds are skipped).
     */
    public Uni<List<PendingCadence>> lockSettled(SqlConnection connection, Instant settledBefore, int limit) {
        return connection
                .preparedQuery("select " + COLUMNS + ", cadence_pending_since from customer_contact "
                        + "where cadence_pending_since <= $1 order by customer_id limit $2 for update skip locked")
                .execute(Tuple.of(FollowUpStore.utc(settledBefore), limit))
                .map(rows -> {
                    List<PendingCadence> pending = new ArrayList<>();
                    for (Row row : rows) {
                        pending.add(new PendingCadence(
                                contact(row),
                                row.getOffsetDateTime("cadence_pending_since").toInstant()));
                    }
                    return pending;
                });
    }

    /** The cadence of these customers is decided. */
    public Uni<Void> cadenceDecided(SqlConnection connection, List<String> customerIds) {
        return connection
                .preparedQuery("update customer_contact set cadence_pending_since = null where customer_id = any($1)")
                .execute(Tuple.of(customerIds.toArray(String[]::new)))
                .replaceWithVoid();
    }

    /** Forgets an erased customer. */
    public Uni<Void> delete(SqlConnection connection, String customerId) {
        return connection
                .preparedQuery("delete from customer_contact where customer_id = $1")
                .execute(Tuple.of(customerId))
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
                        "select " + COLUMNS + " from customer_contact where customer_id = any($1) order by customer_id"
                                + (lock ? " for update" : ""))
                .execute(Tuple.of(customerIds.toArray(String[]::new)))
                .map(rows -> {
                    Map<String, Contact> contacts = new HashMap<>();
                    for (Row row : rows) {
                        contacts.put(row.getString("customer_id"), contact(row));
                    }
                    return contacts;
                });
    }

    private static Contact contact(Row row) {
        List<Contact.Consent> consents = new ArrayList<>();
        for (Object consent : new JsonArray(row.getString("consents"))) {
            JsonObject c = (JsonObject) consent;
            consents.add(new Contact.Consent(c.getString("channel"), c.getString("purpose"), c.getBoolean("granted")));
        }
        return new Contact(
                row.getString("customer_id"),
                row.getString("name"),
                row.getString("email"),
                row.getString("phone"),
                row.getString("owner"),
                row.getString("tier"),
                row.getString("stage"),
                row.getString("time_zone"),
                consents);
    }
}
