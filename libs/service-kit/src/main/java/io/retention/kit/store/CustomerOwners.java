package io.retention.kit.store;

import io.retention.contract.CloudEvent;
import io.retention.contract.EventType;
import io.retention.contract.events.CustomerProfile;
import io.retention.kit.auth.Caller;
import io.retention.kit.rest.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Who owns each customer and their tier, as the registry's profile snapshots on {@code retention.customers} say, in the
 * service's own {@code customer_ownership} table (customer_id, owner, tier, as_of): what an account manager's token may
 * see is decided here.
 * The newest snapshot wins whatever order they are read in.
 */
@ApplicationScoped
public class CustomerOwners {
    /**
     * A condition for a query over a table with a {@code customer_id} column: the customer is owned by the owner in
     * the parameter {@code %s} (for example {@code $3}).
     */
    public static final String OWNED_BY =
            "customer_id in (select o.customer_id from customer_ownership o where o.owner = %s)";

    /** A condition like {@link #OWNED_BY}: the customer's tier (A, B or C) is the one in parameter {@code %s}. */
    public static final String IN_TIER =
            "customer_id in (select o.customer_id from customer_ownership o where o.tier = %s)";

    /** Remembers the owners and tiers the profile snapshots among {@code events} name, and forgets erased customers. */
    public Uni<Void> remember(SqlClient client, List<CloudEvent> events) {
        List<Tuple> owners = new ArrayList<>();
        List<String> erased = new ArrayList<>();
        events.stream().sorted(Comparator.comparing(CloudEvent::time)).forEach(event -> {
            if (event.type() == EventType.CUSTOMER_REGISTERED || event.type() == EventType.CUSTOMER_UPDATED) {
                CustomerProfile profile = event.dataAs(CustomerProfile.class);
                owners.add(Tuple.from(Arrays.asList(
                        event.subject(),
                        profile.owner(),
                        profile.tier(),
                        event.time().atOffset(ZoneOffset.UTC))));
            } else if (event.type() == EventType.CUSTOMER_ERASED) {
                erased.add(event.subject());
            }
        });
        Uni<Void> remembered = owners.isEmpty()
                ? Uni.createFrom().voidItem()
                : client.preparedQuery(
                                "insert into customer_ownership (customer_id, owner, tier, as_of) values ($1, $2, $3, $4) "
                                        + "on conflict (customer_id) do update set owner = excluded.owner, tier = excluded.tier, "
                                        + "as_of = excluded.as_of "
                                        + "where customer_ownership.as_of <= excluded.as_of")
                        .executeBatch(owners)
                        .replaceWithVoid();
        return erased.isEmpty()
                ? remembered
                : remembered.chain(
                        () -> client.preparedQuery("delete from customer_ownership where customer_id = any($1)")
                                .execute(Tuple.tuple().addArrayOfString(erased.toArray(String[]::new)))
                                .replaceWithVoid());
    }

    /** The customer's owner; empty when nobody owns them or the registry has not said. */
    public Uni<Optional<String>> ownerOf(SqlClient client, String customerId) {
        return client.preparedQuery("select owner from customer_ownership where customer_id = $1")
                .execute(Tuple.of(customerId))
                .map(rows -> rows.size() == 0
                        ? Optional.<String>empty()
                        : Optional.ofNullable(rows.iterator().next().getString("owner")));
    }

    /**
     * Refuses a call about the customer when the caller's {@code scope} (see {@link Caller#readsFor}) is not their owner,
     * with the service's answer for an unknown customer (see {@link Caller#requireOwner}).
     */
    public Uni<Void> requireInScope(
            SqlClient client, String customerId, Optional<String> scope, Supplier<ProblemException> notFound) {
        return scope.isEmpty()
                ? Uni.createFrom().voidItem()
                : ownerOf(client, customerId)
                        .invoke(owner -> Caller.requireOwner(scope, owner.orElse(null), notFound))
                        .replaceWithVoid();
    }

    /** The customers this owner owns. */
    public Uni<List<String>> ownedBy(SqlClient client, String owner) {
        return client.preparedQuery("select customer_id from customer_ownership where owner = $1 order by customer_id")
                .execute(Tuple.of(owner))
                .map(rows -> {
                    List<String> owned = new ArrayList<>();
                    rows.forEach(row -> owned.add(row.getString("customer_id")));
                    return owned;
                });
    }
}
