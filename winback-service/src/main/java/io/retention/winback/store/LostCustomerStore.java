package io.retention.winback.store;

import static io.retention.winback.store.Offers.instant;
import static io.retention.winback.store.Offers.utc;

import io.retention.contract.events.ChurnReason;
import io.retention.kit.rest.Page;
import io.retention.kit.store.CustomerOwners;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The win-back queue (table {@code lost_customer}): one episode per churn of a customer, WAITING until a round decides
 * it (OFFERED, HOLDOUT or NO_OFFER), then WON_BACK, RETURNED or LOST. At most one open episode per customer.
 */
@ApplicationScoped
public class LostCustomerStore {
    private static final String OPEN = "('WAITING', 'OFFERED', 'HOLDOUT')";

    /** A waiting episode a round may decide. */
    public record Candidate(long id, String customerId, ChurnReason reason, BigDecimal lifetimeValue) {}

    /** A waiting episode with what its priority is computed from. */
    public record Waiting(long id, BigDecimal lifetimeValue, int referrals, boolean complained) {}

    /** When the newest and the oldest waiting customers joined the queue (null: nobody waits). */
    public record QueueSpan(Instant newest, Instant oldest) {}

    /** Counted decisions of one churn reason and arm (with the offers' kind). */
    public record ArmCounts(
            String churnReason, String arm, String kind, long customers, long issued, long redeemed, long wonBack) {}

    /** Which of these customers have an open episode. */
    public Uni<Set<String>> openAmong(SqlConnection connection, String[] customerIds) {
        return connection
                .preparedQuery(
                        "select customer_id from lost_customer where customer_id = any($1) and status in " + OPEN)
                .execute(Tuple.of(customerIds))
                .map(rows -> {
                    Set<String> lost = new HashSet<>();
                    rows.forEach(row -> lost.add(row.getString("customer_id")));
                    return lost;
                });
    }

    /** Opens an episode, WAITING; a customer with one open already keeps it (a second churn signal changes nothing). */
    public Uni<Void> open(
            SqlConnection connection,
            String customerId,
            Instant churnedAt,
            ChurnReason reason,
            BigDecimal lifetimeValue,
            double priority) {
        return connection
                .preparedQuery("insert into lost_customer (customer_id, churned_at, churn_reason, lifetime_value, "
                        + "priority, status) values ($1, $2, $3, $4, $5, 'WAITING') "
                        + "on conflict (customer_id) where status in " + OPEN + " do nothing")
                .execute(Tuple.of(customerId, utc(churnedAt), reason.name(), lifetimeValue, priority))
                .replaceWithVoid();
    }

    /** The customer's waiting episode, with their flags. */
    public Uni<Optional<Waiting>> waiting(SqlConnection connection, String customerId) {
        return connection
                .preparedQuery("select l.id, l.lifetime_value, coalesce(f.complained, false) as complained, "
                        + "coalesce(f.referrals, 0) as referrals "
                        + "from lost_customer l left join customer_flags f on f.customer_id = l.customer_id "
                        + "where l.customer_id = $1 and l.status = 'WAITING'")
                .execute(Tuple.of(customerId))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return Optional.empty();
                    }
                    Row row = rows.iterator().next();
                    return Optional.of(new Waiting(
                            row.getLong("id"),
                            row.getBigDecimal("lifetime_value"),
                            row.getInteger("referrals"),
                            row.getBoolean("complained")));
                });
    }

    public Uni<Void> prioritise(SqlConnection connection, long id, double priority) {
        return connection
                .preparedQuery("update lost_customer set priority = $2 where id = $1")
                .execute(Tuple.of(id, priority))
                .replaceWithVoid();
    }

    /** When the newest and oldest waiting customers joined. */
    public Uni<QueueSpan> waitingSpan(SqlConnection connection) {
        return connection
                .query("select max(churned_at) as newest, min(churned_at) as oldest from lost_customer "
                        + "where status = 'WAITING'")
                .execute()
                .map(rows -> {
                    Row row = rows.iterator().next();
                    return new QueueSpan(
                            instant(row.getOffsetDateTime("newest")), instant(row.getOffsetDateTime("oldest")));
                });
    }

    /** Up to {@code limit} waiting episodes by priority, locked (those another instance holds are skipped). */
    public Uni<List<Candidate>> lockWaiting(SqlConnection connection, int limit) {
        return connection
                .preparedQuery(
                        "select id, customer_id, churn_reason, lifetime_value from lost_customer "
                                + "where status = 'WAITING' order by priority desc, churned_at, id limit $1 for update skip locked")
                .execute(Tuple.of(limit))
                .map(rows -> {
                    List<Candidate> candidates = new ArrayList<>();
                    for (Row row : rows) {
                        candidates.add(new Candidate(
                                row.getLong("id"),
                                row.getString("customer_id"),
                                ChurnReason.valueOf(row.getString("churn_reason")),
                                row.getBigDecimal("lifetime_value")));
                    }
                    return candidates;
                });
    }

    /** The episode is held out: no offer, counted against the arms when its window closes. */
    public Uni<Void> heldOut(SqlConnection connection, long id, String arm, Instant now, Instant windowUntil) {
        return connection
                .preparedQuery("update lost_customer set status = 'HOLDOUT', arm = $2, decided_at = $3, "
                        + "window_until = $4 where id = $1")
                .execute(Tuple.of(id, arm, utc(now), utc(windowUntil)))
                .replaceWithVoid();
    }

    /** No template fits the episode. */
    public Uni<Void> noOffer(SqlConnection connection, long id, Instant now) {
        return connection
                .preparedQuery("update lost_customer set status = 'NO_OFFER', decided_at = $2 where id = $1")
                .execute(Tuple.of(id, utc(now)))
                .replaceWithVoid();
    }

    public Uni<Void> offered(
            SqlConnection connection, long id, String arm, String offerCode, Instant now, Instant windowUntil) {
        return connection
                .preparedQuery("update lost_customer set status = 'OFFERED', arm = $2, offer_code = $3, "
                        + "decided_at = $4, window_until = $5 where id = $1")
                .execute(Tuple.of(id, arm, offerCode, utc(now), utc(windowUntil)))
                .replaceWithVoid();
    }

    /** The episode's offer was redeemed. */
    public Uni<Void> redeemed(SqlConnection connection, String offerCode, Instant at) {
        return connection
                .preparedQuery("update lost_customer set redeemed_at = $2 where offer_code = $1")
                .execute(Tuple.of(offerCode, utc(at)))
                .replaceWithVoid();
    }

    /**
     * A purchase at {@code at} ends the customer's open episode as won back when it falls within their window (or
     * before any decision: RETURNED); answers whether it did.
     */
    public Uni<Boolean> wonBack(SqlConnection connection, String customerId, Instant at, String orderId) {
        return connection
                .preparedQuery("""
                        update lost_customer set status = case when status = 'WAITING' then 'RETURNED' else 'WON_BACK' end,
                                                 won_back_at = $2, won_back_order = $3
                        where customer_id = $1 and churned_at <= $2
                          and (status = 'WAITING' or status in ('OFFERED', 'HOLDOUT') and window_until >= $2)
                        returning id""")
                .execute(Tuple.tuple(Arrays.asList(customerId, utc(at), orderId)))
                .map(rows -> rows.size() > 0);
    }

    /** Episodes whose window closed by {@code now} without a purchase are LOST. */
    public Uni<Void> settleClosed(SqlClient client, Instant now) {
        return client.preparedQuery("update lost_customer set status = 'LOST' "
                        + "where status in ('OFFERED', 'HOLDOUT') and window_until < $1")
                .execute(Tuple.of(utc(now)))
                .replaceWithVoid();
    }

    /** Deletes an erased customer's episodes. */
    public Uni<Void> delete(SqlConnection connection, String customerId) {
        return connection
                .preparedQuery("delete from lost_customer where customer_id = $1")
                .execute(Tuple.of(customerId))
                .replaceWithVoid();
    }

    /** One page of the queue by priority, filtered (a null filter is not applied; {@code owner} scopes). */
    public Uni<Page<LostCustomer>> page(
            SqlClient client, String status, String customerId, String owner, int page, int size) {
        String where = " where ($1::varchar is null or status = $1) and ($2::varchar is null or customer_id = $2) "
                + "and ($3::varchar is null or " + CustomerOwners.OWNED_BY.formatted("$3") + ")";
        return client.preparedQuery("select count(*) as total from lost_customer" + where)
                .execute(Tuple.tuple(Arrays.asList(status, customerId, owner)))
                .chain(total -> client.preparedQuery("select customer_id, status, churn_reason, lifetime_value, "
                                + "priority, churned_at, arm, offer_code, decided_at, window_until, won_back_at "
                                + "from lost_customer" + where
                                + " order by priority desc, churned_at, id limit $4 offset $5")
                        .execute(Tuple.tuple(Arrays.asList(status, customerId, owner, size, page * size)))
                        .map(rows -> {
                            List<LostCustomer> items = new ArrayList<>();
                            for (Row row : rows) {
                                items.add(new LostCustomer(
                                        row.getString("customer_id"),
                                        row.getString("status"),
                                        row.getString("churn_reason"),
                                        row.getBigDecimal("lifetime_value"),
                                        row.getDouble("priority"),
                                        instant(row.getOffsetDateTime("churned_at")),
                                        row.getString("arm"),
                                        row.getString("offer_code"),
                                        instant(row.getOffsetDateTime("decided_at")),
                                        instant(row.getOffsetDateTime("window_until")),
                                        instant(row.getOffsetDateTime("won_back_at"))));
                            }
                            return new Page<>(
                                    items, page, size, total.iterator().next().getLong("total"));
                        }));
    }

    /** Decisions taken in {@code [from, to)}, counted by churn reason and arm. */
    public Uni<List<ArmCounts>> decided(SqlClient client, Instant from, Instant to) {
        return client.preparedQuery("""
                        select l.churn_reason, l.arm, max(o.kind) as kind, count(*) as customers, count(l.offer_code) as issued,
                               count(l.redeemed_at) as redeemed, count(l.won_back_at) as won_back
                        from lost_customer l left join offer o on o.code = l.offer_code
                        where l.arm is not null and l.decided_at >= $1 and l.decided_at < $2
                        group by l.churn_reason, l.arm""").execute(Tuple.of(utc(from), utc(to))).map(rows -> {
            List<ArmCounts> counted = new ArrayList<>();
            for (Row row : rows) {
                counted.add(new ArmCounts(
                        row.getString("churn_reason"),
                        row.getString("arm"),
                        row.getString("kind"),
                        row.getLong("customers"),
                        row.getLong("issued"),
                        row.getLong("redeemed"),
                        row.getLong("won_back")));
            }
            return counted;
        });
    }
}
