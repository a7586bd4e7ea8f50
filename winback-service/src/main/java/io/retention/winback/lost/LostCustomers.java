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
import io.retention.winback.store.CustomerFlags;
import io.retention.winback.store.LostCustomerStore;
import io.retention.winback.store.Offers;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
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
    private final LostCustomerStore queue;
    private final CustomerFlags flags;
    private final Offers offers;

    public LostCustomers(
            ProcessedEvents processedEvents,
            Redemptions redemptions,
            Priority priority,
            ErasedCustomers erasedCustomers,
            CustomerOwners owners,
            LostCustomerStore queue,
            CustomerFlags flags,
            Offers offers) {
        this.queue = queue;
        this.flags = flags;
        this.offers = offers;
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
                // an erasure read on the customers topic and events read on another never interleave
                .chain(fresh -> erasedCustomers
                        .lock(connection, concerned(fresh))
                        // a churn computes the priority from the flags while a referral or complaint read on another
                        // topic re-prioritises the waiting episode: one at a time per customer, or the later misses
                        // the earlier
                        .call(() -> flags.lockPriorities(connection, prioritised(fresh)))
                        .chain(erasedBefore -> relevant(connection, fresh).chain(lost -> {
                            // and those the batch erases, for its events after the erasure
                            Set<String> erased = new HashSet<>(erasedBefore);
                            Uni<Void> chain = Uni.createFrom().voidItem();
                            for (CloudEvent event : fresh) {
                                chain = chain.chain(() -> apply(connection, event, lost, erased, now));
                            }
                            return chain.replaceWith(fresh.size());
                        })));
    }

    /** The customers the events are about, and the referrers they name. */
    private static Set<String> concerned(List<CloudEvent> events) {
        Set<String> customers = prioritised(events);
        events.forEach(event -> customers.add(event.subject()));
        return customers;
    }

    /** The customers whose priority the events may set or change: the churned, the complaining, the referrers. */
    private static Set<String> prioritised(List<CloudEvent> events) {
        Set<String> customers = new TreeSet<>();
        for (CloudEvent event : events) {
            switch (event.type()) {
                case CUSTOMER_CHURNED, TICKET_OPENED -> customers.add(event.subject());
                case CUSTOMER_REGISTERED, CUSTOMER_UPDATED -> {
                    String referrer = event.dataAs(CustomerProfile.class).referredBy();
                    if (referrer != null) {
                        customers.add(referrer);
                    }
                }
                default -> {}
            }
        }
        return customers;
    }

    /** Customers of the batch's purchases who have an open episode: most purchases concern nobody lost. */
    private Uni<Set<String>> relevant(SqlConnection connection, List<CloudEvent> events) {
        String[] buyers = events.stream()
                .filter(e -> e.type() == EventType.PURCHASE_COMPLETED)
                .map(CloudEvent::subject)
                .distinct()
                .toArray(String[]::new);
        return buyers.length == 0 ? Uni.createFrom().item(Set.of()) : queue.openAmong(connection, buyers);
    }

    /** Applies one event; nothing is written about a customer in {@code erased}, to which an erasure adds. */
    private Uni<Void> apply(
            SqlConnection connection, CloudEvent event, Set<String> lost, Set<String> erased, Instant now) {
        String customer = event.subject();
        if (event.type() == EventType.CUSTOMER_ERASED) {
            erased.add(customer);
            return erase(connection, customer)
                    .chain(() -> erasedCustomers.remember(connection, List.of(customer), now));
        }
        if (erased.contains(customer)) {
            return Uni.createFrom().voidItem();
        }
        return switch (event.type()) {
            case CUSTOMER_CHURNED -> churned(connection, customer, event.dataAs(CustomerChurned.class), event.time());
            case TICKET_OPENED ->
                event.dataAs(TicketOpened.class).category() == TicketOpened.Category.COMPLAINT
                        ? complained(connection, customer)
                        : Uni.createFrom().voidItem();
            case PURCHASE_COMPLETED -> purchased(connection, event, lost.contains(customer));
            case CUSTOMER_REGISTERED, CUSTOMER_UPDATED -> {
                String referrer = event.dataAs(CustomerProfile.class).referredBy();
                yield erased.contains(referrer)
                        ? Uni.createFrom().voidItem()
                        : referred(connection, customer, referrer);
            }
            default -> Uni.createFrom().voidItem();
        };
    }

    private Uni<Void> churned(SqlConnection connection, String customer, CustomerChurned churned, Instant at) {
        ChurnReason reason = churned.churnReason();
        BigDecimal value = churned.lifetimeValue() == null ? BigDecimal.ZERO : churned.lifetimeValue();
        return flags.of(connection, customer)
                .chain(known -> queue.open(
                        connection,
                        customer,
                        at,
                        reason,
                        value,
                        priority.score(value, known.referrals(), known.complained())));
    }

    private Uni<Void> complained(SqlConnection connection, String customer) {
        return flags.complained(connection, customer).chain(() -> reprioritise(connection, customer));
    }

    /** The first referrer named for a customer counts one referral for them (a later snapshot counts nothing again). */
    private Uni<Void> referred(SqlConnection connection, String customer, String referrer) {
        if (referrer == null || referrer.equals(customer)) {
            return Uni.createFrom().voidItem();
        }
        return flags.referredBy(connection, customer, referrer)
                .chain(first -> !first
                        ? Uni.createFrom().voidItem()
                        : flags.countReferral(connection, referrer).chain(() -> reprioritise(connection, referrer)));
    }

    /** The waiting episode's priority from its value and the customer's current flags. */
    private Uni<Void> reprioritise(SqlConnection connection, String customer) {
        return queue.waiting(connection, customer)
                .chain(waiting -> waiting.isEmpty()
                        ? Uni.createFrom().voidItem()
                        : queue.prioritise(
                                connection,
                                waiting.get().id(),
                                priority.score(
                                        waiting.get().lifetimeValue(),
                                        waiting.get().referrals(),
                                        waiting.get().complained())));
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

    private Uni<Void> erase(SqlConnection connection, String customer) {
        return offers.delete(connection, customer)
                .chain(() -> queue.delete(connection, customer))
                .chain(() -> flags.delete(connection, customer));
    }
}
