package io.retention.customer.registry;

import com.fasterxml.jackson.databind.JsonNode;
import io.retention.contract.CloudEvent;
import io.retention.contract.EventType;
import io.retention.contract.events.CustomerErased;
import io.retention.customer.config.CustomerConfig;
import io.retention.customer.store.ActivityDays;
import io.retention.customer.store.ConsentStore;
import io.retention.customer.store.Customer;
import io.retention.customer.store.Customers;
import io.retention.customer.store.Profiles;
import io.retention.customer.store.StageHistory;
import io.retention.customer.store.Timeline;
import io.retention.kit.auth.Caller;
import io.retention.kit.messaging.EventSource;
import io.retention.kit.messaging.OutboxRelay;
import io.retention.kit.rest.Page;
import io.retention.kit.rest.ProblemException;
import io.retention.kit.store.ErasedCustomers;
import io.retention.kit.store.Filter;
import io.retention.kit.store.Outbox;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** Registers customers and announces each registration on the customers topic through the outbox. */
@ApplicationScoped
public class Registry {
    /** Stage of a customer just registered. */
    static final String NEW = LifecycleStage.NEW.name();

    private final EventSource source;
    private final Pool pool;
    private final Customers customers;
    private final Profiles profiles;
    private final ActivityDays activityDays;
    private final Timeline timeline;
    private final StageHistory stageHistory;
    private final ConsentStore consentStore;
    private final Outbox outbox;
    private final OutboxRelay relay;
    private final Clock clock;
    private final CustomerConfig config;
    private final ErasedCustomers erasedCustomers;

    public Registry(
            Pool pool,
            Customers customers,
            Profiles profiles,
            ActivityDays activityDays,
            Timeline timeline,
            StageHistory stageHistory,
            ConsentStore consentStore,
            Outbox outbox,
            OutboxRelay relay,
            Clock clock,
            CustomerConfig config,
            EventSource source,
            ErasedCustomers erasedCustomers) {
        this.pool = pool;
        this.customers = customers;
        this.profiles = profiles;
        this.activityDays = activityDays;
        this.timeline = timeline;
        this.stageHistory = stageHistory;
        this.consentStore = consentStore;
        this.erasedCustomers = erasedCustomers;
        this.source = source;
        this.outbox = outbox;
        this.relay = relay;
        this.clock = clock;
        this.config = config;
    }

    public Uni<Customer> register(NewCustomer request) {
        String timeZone = request.timeZone() == null ? config.defaultTimeZone() : request.timeZone();
        if (!ProfilePatch.isTimeZone(timeZone)) {
            return Uni.createFrom()
                    .failure(ProblemException.badRequest("timeZone '" + timeZone + "' is not an IANA time zone"));
        }
        if (request.referredBy() != null && request.referredBy().equals(request.customerId())) {
            return Uni.createFrom().failure(ProblemException.badRequest("a customer cannot refer themselves"));
        }
        Instant now = clock.instant();
        Customer customer = new Customer(
                request.customerId() != null ? request.customerId() : "c-" + UUID.randomUUID(),
                request.name(),
                request.email(),
                request.phone(),
                null,
                NEW,
                request.owner(),
                timeZone,
                request.referredBy(),
                now,
                now);
        String id = customer.customerId();
        return pool.withTransaction(connection -> erasedCustomers
                        .isErased(connection, id)
                        .chain(erased -> erased
                                ? Uni.createFrom()
                                        .failure(ProblemException.conflict(
                                                "customer '" + id + "' was erased; register them under a new id"))
                                : customers.register(connection, customer, now))
                        .chain(registered -> registered
                                ? Uni.createFrom().voidItem()
                                : customers
                                        .find(connection, id)
                                        .chain(existing -> Uni.createFrom()
                                                .failure(ProblemException.conflict(
                                                        existing.map(Customer::name)
                                                                        .isEmpty()
                                                                ? "customer '" + id + "' is already known from their "
                                                                        + "events; PATCH /customers/" + id
                                                                        + " to give the profile"
                                                                : "customer '" + id + "' is already registered"))))
                        .chain(() -> outbox.addAll(
                                connection,
                                List.of(CloudEvent.create(
                                        source.uri(),
                                        EventType.CUSTOMER_REGISTERED,
                                        id,
                                        now,
                                        customer.profile(List.of())))))
                        .replaceWith(customer))
                .invoke(relay::wakeUp);
    }

    /**
     * Changes a profile by merge patch and announces the new snapshot; a caller scoped to an owner changes only that
     * owner's customers, and only a caller that {@code mayChangeOwner} gives a customer another owner.
     */
    public Uni<Customer> patch(String customerId, JsonNode patch, Optional<String> scope, boolean mayChangeOwner) {
        Instant now = clock.instant();
        return pool.withTransaction(connection -> customers
                        .lock(connection, customerId)
                        .map(found -> found.orElseThrow(() -> unknown(customerId)))
                        .chain(customer -> {
                            Caller.requireOwner(scope, customer.owner(), () -> unknown(customerId));
                            Customer changed = ProfilePatch.apply(patch, customer, now);
                            if (!mayChangeOwner && !Objects.equals(customer.owner(), changed.owner())) {
                                return Uni.createFrom()
                                        .failure(ProblemException.forbidden(
                                                "changing a customer's owner needs the admin role"));
                            }
                            return customers
                                    .updateProfile(connection, changed)
                                    .chain(() -> profiles.announceUpdates(connection, List.of(customerId), now))
                                    .replaceWith(changed);
                        }))
                .invoke(relay::wakeUp);
    }

    /** One page of the registry, filtered; {@code text} matches id, name or email, ignoring case. */
    public Uni<Page<Customer>> search(String tier, String stage, String owner, String text, int page, int size) {
        Filter filter = new Filter()
                .equal("tier", tier)
                .equal("lifecycle_stage", stage)
                .equal("owner", owner)
                .where(
                        "(lower(customer_id) like :text or lower(name) like :text or lower(email) like :text)",
                        "text",
                        text == null || text.isBlank()
                                ? null
                                : "%"
                                        + text.trim()
                                                .toLowerCase(Locale.ROOT)
                                                .replace("%", "\\%")
                                                .replace("_", "\\_") + "%");
        return customers.page(pool, filter, page, size);
    }

    /** The customer, if the caller's {@code scope} (an owner, or empty for every customer) covers them. */
    public Uni<Customer> find(String customerId, Optional<String> scope) {
        return customers
                .find(pool, customerId)
                .map(found -> found.orElseThrow(() -> unknown(customerId)))
                .invoke(customer -> Caller.requireOwner(scope, customer.owner(), () -> unknown(customerId)));
    }

    /** Refuses a call about a customer outside the caller's {@code scope} as if they were unknown. */
    public Uni<Void> requireInScope(String customerId, Optional<String> scope) {
        return scope.isEmpty()
                ? Uni.createFrom().voidItem()
                : find(customerId, scope).replaceWithVoid();
    }

    /** The answer for a customer who is not in the registry (or not the caller's to see). */
    public static ProblemException unknown(String customerId) {
        return ProblemException.notFound("no customer has id '" + customerId + "'");
    }

    /**
     * Erases a customer: the profile (the personal data the registry holds) and everything held with it (timeline,
     * usage, revenue, stage history, consents) are deleted, a tombstone keeps late events out, and
     * {@code retention.customer.erased} tells every other service to delete what it holds. Erasing an unknown or
     * already erased id still announces it, since other services may hold data from events the registry never saw.
     */
    public Uni<Void> erase(String customerId) {
        Instant now = clock.instant();
        return pool.withTransaction(connection -> erasedCustomers
                        .lock(connection, List.of(customerId))
                        .chain(() -> customers.delete(connection, customerId))
                        .chain(() -> timeline.delete(connection, customerId))
                        .chain(() -> activityDays.delete(connection, customerId))
                        .chain(() -> stageHistory.delete(connection, customerId))
                        .chain(() -> consentStore.delete(connection, customerId))
                        .chain(() -> erasedCustomers.remember(connection, List.of(customerId), now))
                        .chain(() -> outbox.addAll(
                                connection,
                                List.of(CloudEvent.create(
                                        source.uri(),
                                        EventType.CUSTOMER_ERASED,
                                        customerId,
                                        now,
                                        new CustomerErased(customerId))))))
                .invoke(relay::wakeUp);
    }
}
