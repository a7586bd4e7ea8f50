package io.retention.kit.store;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The tombstones of customers erased on request, in the service's own {@code erased_customer} table (customer_id,
 * erased_at): a late event about them must not bring their data back.
 */
@ApplicationScoped
public class ErasedCustomers {
    /**
     * A condition for a query about a customer: the customer id in the parameter or column {@code %s} was not erased
     * (a row written in the same statement cannot outlive an erasure committed before it).
     */
    public static final String NOT_ERASED = "not exists (select 1 from erased_customer e where e.customer_id = %s)";

    /**
     * Locks these customers against erasure to the end of the transaction and answers which of them were already
     * erased. An erasure and the writes of an event about the same customer each call this first, so one waits for the
     * other: writes that find no tombstone here cannot be undone by an erasure committed meanwhile, and an erasure
     * deletes everything written before it. Rows are locked in id order, so two transactions never wait in a circle.
     */
    public Uni<Set<String>> lock(SqlClient client, Collection<String> customerIds) {
        if (customerIds.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        String[] ids = customerIds.stream().distinct().sorted().toArray(String[]::new);
        return lockExisting(client, ids)
                .chain(existing -> {
                    if (existing.size() == ids.length) {
                        return Uni.createFrom().voidItem();
                    }
                    String[] missing = Arrays.stream(ids)
                            .filter(id -> !existing.contains(id))
                            .toArray(String[]::new);
                    // a customer's first lock row: inserting a key another transaction is inserting waits for it
                    return client.preparedQuery("insert into erasure_lock (customer_id) "
                                    + "select id from unnest($1::varchar[]) as id order by id on conflict do nothing")
                            .execute(Tuple.tuple().addArrayOfString(missing))
                            .chain(() -> lockExisting(client, missing))
                            .replaceWithVoid();
                })
                .chain(() -> among(client, List.of(ids)));
    }

    private static Uni<Set<String>> lockExisting(SqlClient client, String[] sortedIds) {
        return client.preparedQuery("select customer_id from erasure_lock where customer_id = any($1) "
                        + "order by customer_id for update")
                .execute(Tuple.tuple().addArrayOfString(sortedIds))
                .map(rows -> {
                    Set<String> locked = new HashSet<>();
                    rows.forEach(row -> locked.add(row.getString("customer_id")));
                    return locked;
                });
    }

    /** Which of these customers were erased. */
    public Uni<Set<String>> among(SqlClient client, Collection<String> customerIds) {
        return client.preparedQuery("select customer_id from erased_customer where customer_id = any($1)")
                .execute(Tuple.tuple().addArrayOfString(customerIds.toArray(String[]::new)))
                .map(rows -> {
                    Set<String> erased = new HashSet<>();
                    rows.forEach(row -> erased.add(row.getString("customer_id")));
                    return erased;
                });
    }

    public Uni<Boolean> isErased(SqlClient client, String customerId) {
        return among(client, List.of(customerId)).map(erased -> !erased.isEmpty());
    }

    /** Remembers that these customers were erased (again is nothing new). */
    public Uni<Void> remember(SqlClient client, Collection<String> customerIds, Instant at) {
        return client.preparedQuery("insert into erased_customer (customer_id, erased_at) "
                        + "select unnest($1::varchar[]), $2 on conflict do nothing")
                .execute(Tuple.tuple()
                        .addArrayOfString(customerIds.toArray(String[]::new))
                        .addOffsetDateTime(at.atOffset(ZoneOffset.UTC)))
                .replaceWithVoid();
    }

    /** When a customer was last erased, if ever. */
    public Uni<Optional<Instant>> lastErasure(SqlClient client) {
        return client.query("select max(erased_at) as last_at from erased_customer")
                .execute()
                .map(rows -> Optional.ofNullable(rows.iterator().next().getOffsetDateTime("last_at"))
                        .map(OffsetDateTime::toInstant));
    }
}
