package io.retention.winback.lost;

import io.retention.contract.CloudEvent;
import io.retention.contract.EventType;
import io.retention.contract.events.ChurnReason;
import io.retention.contract.events.CustomerChurned;
import io.retention.contract.events.CustomerProfile;
import io.retention.contract.events.PurchaseCompleted;
import io.retention.contract.events.TicketOpened;
import io.retention.kit.rest.ProblemException;
import io.retention.kit.store.CustomerOwners;
import io.retention.kit.store.ErasedCustomers;
import io.retention.kit.store.ProcessedEvents;
import io.retention.winback.offers.Redemptions;
import io.retention.winback.priority.Priority;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * What winback-service does with the events it reads: a churned customer joins the queue of lost customers with a
 * priority; a complaint lowers it; a purchase redeems the offer code it carries and wins a lost customer back; an
 * erasure forgets the customer.
 */
@ApplicationScoped
public class LostCustomers {
    private static final Logger LOG = Logger.getLogger(LostCustomers.class);

    private final ProcessedEvents processedEvents;
    private final Redemptions redemptions;
    private final Priority priority;
    private final ErasedCustomers erasedCustomers;
    private final CustomerOwners owners;

    public LostCustomers(
            ProcessedEvents processedEvents,
            Redemptions redemptions,
            Priority priority,
            ErasedCustomers erasedCustomers,
            CustomerOwners owners) {
        this.erasedCustomers = erasedCustomers;
        this.owners = owners;
        this.processedEvents = processedEvents;
        this.redemptions = redemptions;
        this.priority = priority;
    }

    /** Applies a batch in order, inside the transaction that records the events as processed. */
    public Uni<Integer> apply(SqlConnection connection, List<CloudEvent> events, Instant now) {
        return processedEvents
                .keepNew(connection, events)
                .call(fresh -> owners.remember(connection, fresh))
                .chain(fresh -> relevant(connection, fresh).chain(lost -> {
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (CloudEvent event : fresh) {
                        chain = chain.chain(() -> apply(connection, event, lost, now));
                    }
                    return chain.replaceWith(fresh.size());
                }));
    }

    /** Customers of the batch's purchases who have an open episode: most purchases concern nobody lost. */
    private static Uni<Set<String>> relevant(SqlConnection connection, List<CloudEvent> events) {
        String[] buyers = events.stream()
                .filter(e -> e.type() == EventType.PURCHASE_COMPLETED)
                .map(CloudEvent::subject)
                .distinct()
                .toArray(String[]::new);
        if (buyers.length == 0) {
            return Uni.createFrom().item(Set.of());
        }
        return connection
                .preparedQuery("select customer_id from lost_customer where customer_id = any($1) "
                        + "and status in ('WAITING', 'OFFERED', 'HOLDOUT')")
                .execute(Tuple.of(buyers))
                .map(rows -> {
                    Set<String> lost = new HashSet<>();
                    rows.forEach(row -> lost.add(row.getString("customer_id")));
                    return lost;
                });
    }

    private Uni<Void> apply(SqlConnection connection, CloudEvent event, Set<String> lost, Instant now) {
        String customer = event.subject();
        return switch (event.type()) {
            case CUSTOMER_CHURNED -> churned(connection, customer, event.dataAs(CustomerChurned.class), event.time());
            case TICKET_OPENED ->
                event.dataAs(TicketOpened.class).category() == TicketOpened.Category.COMPLAINT
                        ? complained(connection, customer)
                        : Uni.createFrom().voidItem();
            case PURCHASE_COMPLETED -> purchased(connection, event, lost.contains(customer));
            case CUSTOMER_ERASED ->
                erase(connection, customer).chain(() -> erasedCustomers.remember(connection, List.of(customer), now));
            case CUSTOMER_REGISTERED, CUSTOMER_UPDATED ->
                referred(
                        connection,
                        customer,
                        event.dataAs(CustomerProfile.class).referredBy());
            default -> Uni.createFrom().voidItem();
        };
    }

    private Uni<Void> churned(SqlConnection connection, String customer, CustomerChurned churned, Instant at) {
        ChurnReason reason = churned.churnReason();
        BigDecimal value = churned.lifetimeValue() == null ? BigDecimal.ZERO : churned.lifetimeValue();
        return erasedCustomers
                .isErased(connection, customer)
                .chain(erased -> erased
                        ? Uni.createFrom().voidItem()
                        : connection
                                .preparedQuery("""
                        select coalesce(f.complained, false) as complained, coalesce(f.referrals, 0) as referrals
                        from (select 1) one left join customer_flags f on f.customer_id = $1""")
                                .execute(Tuple.of(customer))
                                .chain(rows -> {
                                    Row row = rows.iterator().next();
                                    double score = priority.score(
                                            value, row.getInteger("referrals"), row.getBoolean("complained"));
                                    // one open episode per customer: a second churn signal while one is open changes
                                    // nothing
                                    return connection
                                            .preparedQuery("""
                                    insert into lost_customer (customer_id, churned_at, churn_reason, lifetime_value, priority, status)
                                    values ($1, $2, $3, $4, $5, 'WAITING')
                                    on conflict (customer_id) where status in ('WAITING', 'OFFERED', 'HOLDOUT') do nothing""")
                                            .execute(Tuple.of(
                                                    customer, at.atOffset(ZoneOffset.UTC), reason.name(), value, score))
                                            .replaceWithVoid();
                                }));
    }

    private Uni<Void> complained(SqlConnection connection, String customer) {
        return connection
                .preparedQuery("insert into customer_flags (customer_id, complained) select $1::varchar, true "
                        + "where not exists (select 1 from erased_customer where customer_id = $1::varchar) "
                        + "on conflict (customer_id) do update set complained = true")
                .execute(Tuple.of(customer))
                .chain(() -> reprioritise(connection, customer));
    }

    /** The first referrer named for a customer counts one referral for them (a later snapshot counts nothing again). */
    private Uni<Void> referred(SqlConnection connection, String customer, String referrer) {
        if (referrer == null || referrer.equals(customer)) {
            return Uni.createFrom().voidItem();
        }
        return connection
                .preparedQuery("""
                        insert into customer_flags (customer_id, referred_by)
                        select $1::varchar, $2::varchar
                        where not exists (select 1 from erased_customer where customer_id in ($1::varchar, $2::varchar))
                        on conflict (customer_id) do update set referred_by = excluded.referred_by
                        where customer_flags.referred_by is null
                        returning customer_id""")
                .execute(Tuple.of(customer, referrer))
                .chain(rows -> rows.size() == 0
                        ? Uni.createFrom().voidItem()
                        : connection
                                .preparedQuery(
                                        "insert into customer_flags (customer_id, referrals) values ($1, 1) "
                                                + "on conflict (customer_id) do update set referrals = customer_flags.referrals + 1")
                                .execute(Tuple.of(referrer))
                                .chain(() -> reprioritise(connection, referrer)));
    }

    /** The waiting episode's priority from its value and the customer's current flags. */
    Uni<Void> reprioritise(SqlConnection connection, String customer) {
        return connection.preparedQuery("""
                        select l.id, l.lifetime_value, coalesce(f.complained, false) as complained,
                               coalesce(f.referrals, 0) as referrals
                        from lost_customer l left join customer_flags f on f.customer_id = l.customer_id
                        where l.customer_id = $1 and l.status = 'WAITING'""").execute(Tuple.of(customer)).chain(rows -> {
            if (rows.size() == 0) {
                return Uni.createFrom().voidItem();
            }
            Row row = rows.iterator().next();
            double score = priority.score(
                    row.getBigDecimal("lifetime_value"), row.getInteger("referrals"), row.getBoolean("complained"));
            return connection
                    .preparedQuery("update lost_customer set priority = $2 where id = $1")
                    .execute(Tuple.of(row.getLong("id"), score))
                    .replaceWithVoid();
        });
    }

    private Uni<Void> purchased(SqlConnection connection, CloudEvent event, boolean isLost) {
        PurchaseCompleted purchase = event.dataAs(PurchaseCompleted.class);
        Uni<Void> redeemed = Uni.createFrom().voidItem();
        if (purchase.offerCode() != null && !purchase.offerCode().isBlank()) {
            redeemed = redemptions
                    .redeem(connection, purchase.offerCode(), event.subject(), purchase.orderId(), event.time())
                    .replaceWithVoid()
                    .onFailure(ProblemException.class)
                    .recoverWithUni(refused -> {
                        // the order stands; the code did not apply, and the customer may still count as won back below
                        LOG.warnf(
                                "purchase %s of %s carried offer code %s that does not apply: %s",
                                purchase.orderId(), event.subject(), purchase.offerCode(), refused.getMessage());
                        return Uni.createFrom().voidItem();
                    });
        }
        return isLost
                ? redeemed.chain(
                        () -> redemptions.wonBack(connection, event.subject(), event.time(), purchase.orderId(), null))
                : redeemed;
    }

    private static Uni<Void> erase(SqlConnection connection, String customer) {
        return connection
                .preparedQuery("delete from offer where customer_id = $1")
                .execute(Tuple.of(customer))
                .chain(() -> connection
                        .preparedQuery("delete from lost_customer where customer_id = $1")
                        .execute(Tuple.of(customer)))
                .chain(() -> connection
                        .preparedQuery("delete from customer_flags where customer_id = $1")
                        .execute(Tuple.of(customer)))
                .replaceWithVoid();
    }
}
