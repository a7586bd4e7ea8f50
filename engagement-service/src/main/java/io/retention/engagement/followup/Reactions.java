package io.retention.engagement.followup;

import io.retention.contract.CloudEvent;
import io.retention.contract.EventType;
import io.retention.contract.events.CustomerProfile;
import io.retention.contract.events.FollowUpScheduled;
import io.retention.contract.events.OfferExpired;
import io.retention.contract.events.OfferIssued;
import io.retention.contract.events.OfferRedeemed;
import io.retention.contract.events.RiskRaised;
import io.retention.contract.events.RiskReason;
import io.retention.engagement.contact.Contact;
import io.retention.engagement.playbook.Planner;
import io.retention.engagement.playbook.Playbook;
import io.retention.engagement.playbook.PlaybookCatalog;
import io.retention.engagement.playbook.Trigger;
import io.retention.engagement.store.Contacts;
import io.retention.engagement.store.FollowUpStore;
import io.retention.kit.messaging.EventSource;
import io.retention.kit.store.ErasedCustomers;
import io.retention.kit.store.Outbox;
import io.retention.kit.store.ProcessedEvents;
import io.retention.kit.time.EventTiming;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What engagement-service does on each event it reads: keeps the customer's contact snapshot, starts playbooks
 * (onboarding on registration, at-risk by reason, win-back offer delivery) and cancels the steps that no longer make
 * sense (risk cleared, customer churned, offer redeemed or expired, customer erased).
 *
 * <p>History (contract 1.2) starts nothing by itself: a registration that happened long ago, or is marked
 * {@code backfill}, onboards no one, and an old signal starts no playbook; what it cancels or records still holds.
 * The tier's cadence follows the registry's snapshot once it has held ({@link TierCadences}), whatever its time.
 */
@ApplicationScoped
public class Reactions {
    /**
     * Stages past onboarding: a customer announced in one of them is not onboarded. Not AT_RISK: a new customer can be at
     * risk before the registry announces them (risk-service read their first events sooner).
     */
    private static final Set<String> NOT_ONBOARDING = Set.of("ACTIVE", "CHURNED", "WON_BACK");

    private final EventSource source;
    private final ProcessedEvents processedEvents;
    private final FollowUpStore store;
    private final Contacts contacts;
    private final Outbox outbox;
    private final PlaybookCatalog catalog;
    private final Planner planner;
    private final ErasedCustomers erasedCustomers;
    private final EventTiming timing;

    public Reactions(
            ProcessedEvents processedEvents,
            FollowUpStore store,
            Contacts contacts,
            Outbox outbox,
            PlaybookCatalog catalog,
            Planner planner,
            ErasedCustomers erasedCustomers,
            EventTiming timing,
            EventSource source) {
        this.source = source;
        this.erasedCustomers = erasedCustomers;
        this.timing = timing;
        this.processedEvents = processedEvents;
        this.store = store;
        this.contacts = contacts;
        this.outbox = outbox;
        this.catalog = catalog;
        this.planner = planner;
    }

    /** Applies a batch of events in order, inside the transaction that records them as processed. */
    public Uni<Integer> apply(SqlConnection connection, List<CloudEvent> events, Instant now) {
        return processedEvents
                .keepNew(connection, events)
                // an erasure read on the customers topic and events read on another never interleave
                .chain(fresh -> erasedCustomers
                        .lock(
                                connection,
                                fresh.stream().map(CloudEvent::subject).toList())
                        .chain(erasedBefore -> {
                            // and those the batch erases, for its events after the erasure
                            Set<String> erased = new HashSet<>(erasedBefore);
                            Uni<Void> chain = Uni.createFrom().voidItem();
                            for (CloudEvent event : fresh) {
                                chain = chain.chain(() -> apply(connection, event, erased, now));
                            }
                            return chain.replaceWith(fresh.size());
                        }));
    }

    private Uni<Void> apply(SqlConnection connection, CloudEvent event, Set<String> erased, Instant now) {
        String customer = event.subject();
        if (event.type() == EventType.CUSTOMER_ERASED) {
            erased.add(customer);
            return store.delete(connection, customer)
                    .chain(() -> contacts.delete(connection, customer))
                    .chain(() -> erasedCustomers.remember(connection, List.of(customer), now));
        }
        return erased.contains(customer) ? Uni.createFrom().voidItem() : react(connection, event, now);
    }

    private Uni<Void> react(SqlConnection connection, CloudEvent event, Instant now) {
        String customer = event.subject();
        boolean history = timing.isHistory(event, now);
        return switch (event.type()) {
            case CUSTOMER_REGISTERED -> {
                CustomerProfile profile = event.dataAs(CustomerProfile.class);
                yield saveContact(connection, profile, event.time(), now)
                        .chain(() -> history || NOT_ONBOARDING.contains(profile.lifecycleStage())
                                ? Uni.createFrom().voidItem()
                                : start(
                                        connection,
                                        Trigger.Event.CUSTOMER_REGISTERED,
                                        null,
                                        new Planner.Start(customer, "", event.time(), null, profile.owner(), Map.of()),
                                        FollowUpStore.Once.EVER,
                                        null,
                                        now));
            }
            case CUSTOMER_UPDATED -> saveContact(connection, event.dataAs(CustomerProfile.class), event.time(), now);
            case RISK_RAISED ->
                history
                        ? Uni.createFrom().voidItem()
                        : raised(connection, customer, event.dataAs(RiskRaised.class), now);
            case RISK_CLEARED -> cancel(connection, customer, List.of(Trigger.Event.RISK_REASON), null, now);
            case CUSTOMER_CHURNED ->
                cancel(
                        connection,
                        customer,
                        List.of(Trigger.Event.RISK_REASON, Trigger.Event.CUSTOMER_REGISTERED, Trigger.Event.TIER),
                        null,
                        now);
            case OFFER_ISSUED -> {
                if (history) {
                    yield Uni.createFrom().voidItem();
                }
                OfferIssued offer = event.dataAs(OfferIssued.class);
                yield contacts.find(connection, customer)
                        .chain(contact -> start(
                                connection,
                                Trigger.Event.OFFER_ISSUED,
                                null,
                                new Planner.Start(
                                        customer,
                                        offer.offerCode(),
                                        event.time(),
                                        offer.validUntil(),
                                        contact.map(Contact::owner).orElse(null),
                                        offerParams(offer)),
                                FollowUpStore.Once.EVER,
                                null,
                                now));
            }
            case OFFER_REDEEMED ->
                cancel(
                        connection,
                        customer,
                        List.of(Trigger.Event.OFFER_ISSUED),
                        event.dataAs(OfferRedeemed.class).offerCode(),
                        now);
            case OFFER_EXPIRED ->
                cancel(
                        connection,
                        customer,
                        List.of(Trigger.Event.OFFER_ISSUED),
                        event.dataAs(OfferExpired.class).offerCode(),
                        now);
            case CUSTOMER_WON_BACK -> cancel(connection, customer, List.of(Trigger.Event.OFFER_ISSUED), null, now);
            default -> Uni.createFrom().voidItem();
        };
    }

    /** Keeps the snapshot, and hands the customer's account manager the steps that waited for one. */
    private Uni<Void> saveContact(
            SqlConnection connection, CustomerProfile profile, Instant snapshotTime, Instant now) {
        return contacts.save(connection, profile, snapshotTime, now)
                .chain(() -> profile.owner() == null
                        ? Uni.createFrom().voidItem()
                        : store.assignToAccountManager(connection, profile.customerId(), profile.owner()));
    }

    private Uni<Void> raised(SqlConnection connection, String customer, RiskRaised raised, Instant now) {
        return contacts.find(connection, customer).chain(contact -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (RiskReason reason : raised.reasons()) {
                String code = reason.code().name();
                chain = chain.chain(() -> start(
                        connection,
                        Trigger.Event.RISK_REASON,
                        code,
                        new Planner.Start(
                                customer,
                                code,
                                now,
                                null,
                                contact.map(Contact::owner).orElse(null),
                                Map.of()),
                        FollowUpStore.Once.WHILE_OPEN,
                        code,
                        now));
            }
            return chain;
        });
    }

    /** Starts the playbook the trigger calls for, if any; announces the steps scheduled. */
    Uni<Void> start(
            SqlConnection connection,
            Trigger.Event event,
            String value,
            Planner.Start start,
            FollowUpStore.Once once,
            String reason,
            Instant now) {
        Optional<Playbook> playbook = catalog.forTrigger(event, value);
        if (playbook.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return store.schedule(connection, planner.plan(playbook.get(), start, now), once, reason, now)
                .chain(scheduled -> outbox.addAll(connection, announcements(source.uri(), scheduled, now)));
    }

    private Uni<Void> cancel(
            SqlConnection connection, String customer, List<Trigger.Event> events, String triggerRef, Instant now) {
        List<String> playbooks = new ArrayList<>();
        events.forEach(event -> playbooks.addAll(catalog.namesFor(event)));
        return store.cancel(connection, customer, playbooks, triggerRef, null, now)
                .replaceWithVoid();
    }

    /** {@code retention.followup.scheduled} for each step scheduled. */
    public static List<CloudEvent> announcements(String source, List<FollowUpStore.Scheduled> scheduled, Instant now) {
        return scheduled.stream()
                .map(s -> CloudEvent.create(
                        source,
                        EventType.FOLLOWUP_SCHEDULED,
                        s.step().customerId(),
                        now,
                        new FollowUpScheduled(
                                s.id().toString(),
                                s.step().playbook(),
                                s.step().step(),
                                s.step().channel().name(),
                                s.step().owner(),
                                s.step().dueAt(),
                                s.step().triggerRef().isEmpty()
                                        ? null
                                        : s.step().triggerRef())))
                .toList();
    }

    private static Map<String, String> offerParams(OfferIssued offer) {
        Map<String, String> params = new HashMap<>();
        params.put("offerCode", offer.offerCode());
        params.put("offerKind", offer.kind().name().replace('_', ' ').toLowerCase());
        params.put("validUntil", offer.validUntil().toString());
        if (offer.discountPercent() != null) {
            params.put("discountPercent", offer.discountPercent().toString());
        }
        return params;
    }
}
