package io.retention.winback.store;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;

/**
 * What raises or lowers a lost customer's priority besides their value (table {@code customer_flags}): whether they
 * complained, who referred them and how many they referred. Nothing is kept on an erased customer.
 */
@ApplicationScoped
public class CustomerFlags {

    /** A customer's flags (none known: no complaint, no referral). */
    public record Flags(boolean complained, int referrals) {}

    public Uni<Flags> of(SqlConnection connection, String customerId) {
        return connection
                .preparedQuery("select coalesce(f.complained, false) as complained, "
                        + "coalesce(f.referrals, 0) as referrals "
                        + "from (select 1) one left join customer_flags f on f.customer_id = $1")
                .execute(Tuple.of(customerId))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    return new Flags(row.getBoolean("complained"), row.getInteger("referrals"));
                });
    }

    /**
     * Holds these customers' priorities until the transaction ends (a transaction-scoped advisory lock per customer,
     * taken in id order so that two transactions never wait on each other crosswise).
     */
    public Uni<Void> lockPriorities(SqlConnection connection, Collection<String> customerIds) {
        if (customerIds.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return connection
                .preparedQuery("select count(pg_advisory_xact_lock(hashtextextended(s.id, 0))) as locked from "
                        + "(select id from unnest($1::varchar[]) with ordinality as u(id, n) order by n) s")
                .execute(Tuple.tuple()
                        .addArrayOfString(customerIds.stream().sorted().toArray(String[]::new)))
                .replaceWithVoid();
    }

    /** The customer complained. */
    public Uni<Void> complained(SqlConnection connection, String customerId) {
        return connection
                .preparedQuery("insert into customer_flags (customer_id, complained) select $1::varchar, true "
                        + "where not exists (select 1 from erased_customer where customer_id = $1::varchar) "
                        + "on conflict (customer_id) do update set complained = true")
                .execute(Tuple.of(customerId))
                .replaceWithVoid();
    }

    /**
     * Records who referred the customer, unless someone was recorded already; answers whether this is the first
     * referrer named (who then counts one more referral: {@link #countReferral}).
     */
    public Uni<Boolean> referredBy(SqlConnection connection, String customerId, String referrer) {
        return connection
                .preparedQuery("""
                        insert into customer_flags (customer_id, referred_by)
                        select $1::varchar, $2::varchar
                        where not exists (select 1 from erased_customer where customer_id in ($1::varchar, $2::varchar))
                        on conflict (customer_id) do update set referred_by = excluded.referred_by
                        where customer_flags.referred_by is null
                        returning customer_id""")
                .execute(Tuple.of(customerId, referrer))
                .map(rows -> rows.size() > 0);
    }

    public Uni<Void> countReferral(SqlConnection connection, String referrer) {
        return connection
                .preparedQuery("insert into customer_flags (customer_id, referrals) values ($1, 1) "
                        + "on conflict (customer_id) do update set referrals = customer_flags.referrals + 1")
                .execute(Tuple.of(referrer))
                .replaceWithVoid();
    }

    /** Deletes an erased customer's flags. */
    public Uni<Void> delete(SqlConnection connection, String customerId) {
        return connection
                .preparedQuery("delete from customer_flags where customer_id = $1")
                .execute(Tuple.of(customerId))
                .replaceWithVoid();
    }
}
