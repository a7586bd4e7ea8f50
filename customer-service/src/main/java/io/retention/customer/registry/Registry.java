package io.retention.customer.registry;

import com.fasterxml.jackson.databind.JsonNode;
import io.retention.contract.CloudEvent;
import io.retention.contract.EventType;
import io.retention.contract.events.CustomerErased;
import io.retention.contract.events.CustomerProfile;
import io.retention.customer.config.CustomerConfig;
import io.retention.customer.store.Customer;
import io.retention.kit.auth.Caller;
import io.retention.kit.messaging.EventSource;
import io.retention.kit.messaging.OutboxRelay;
import io.retention.kit.rest.Page;
import io.retention.kit.rest.ProblemException;
import io.retention.kit.store.ErasedCustomers;
import io.retention.kit.store.Filter;
import io.retention.kit.store.Outbox;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.Tuple;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.hibernate.LockMode;
import org.hibernate.reactive.mutiny.Mutiny;

/** Registers customers and announces each registration on the customers topic through the outbox. */
@ApplicationScoped
public class Registry {
    /** Stage of a customer just registered. */
    static final String NEW = LifecycleStage.NEW.name();
    /** What customer-service holds on a customer besides the profile, all erased with it. */
    private static final List<String> ERASED_TABLES =
            List.of("timeline_entry", "usage_day", "revenue_day", "stage_change", "consent", "consent_change");

    private final EventSource source;
    private final Mutiny.SessionFactory sessions;
    private final Outbox outbox;
    private final OutboxRelay relay;
    private final Clock clock;
    private final CustomerConfig config;
    private final ErasedCustomers erasedCustomers;

    public Registry(
            Mutiny.SessionFactory sessions,
            Outbox outbox,
            OutboxRelay relay,
            Clock clock,
            CustomerConfig config,
            EventSource source,
            ErasedCustomers erasedCustomers) {
        this.erasedCustomers = erasedCustomers;
        this.source = source;
        this.sessions = sessions;
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
        Customer customer = new Customer();
        customer.customerId = request.customerId() != null ? request.customerId() : "c-" + UUID.randomUUID();
        customer.name = request.name();
        customer.email = request.email();
        customer.phone = request.phone();
        customer.owner = request.owner();
        customer.referredBy = request.referredBy();
        customer.timeZone = timeZone;
        customer.lifecycleStage = NEW;
        customer.createdAt = now;
        customer.updatedAt = now;
        customer.firstSeenAt = now;
        customer.stageSince = now;
        return sessions.withTransaction(session -> session.find(Customer.class, customer.customerId)
                        .chain(existing -> existing != null
                                ? Uni.createFrom()
                                        .failure(ProblemException.conflict(
                                                existing.name == null
                                                        ? "customer '" + customer.customerId
                                                                + "' is already known from their events; PATCH /customers/"
                                                                + customer.customerId + " to give the profile"
                                                        : "customer '" + customer.customerId
                                                                + "' is already registered"))
                                : erasedCustomers
                                        .isErased(session, customer.customerId)
                                        .chain(erased -> !erased
                                                ? session.persist(customer)
                                                : Uni.createFrom()
                                                        .failure(ProblemException.conflict("customer '"
                                                                + customer.customerId
                                                                + "' was erased; register them under a new id"))))
                        .chain(() -> outbox.add(
                                session,
                                CloudEvent.create(
                                        source.uri(),
                                        EventType.CUSTOMER_REGISTERED,
                                        customer.customerId,
                                        now,
                                        profile(customer, List.of()))))
                        .replaceWith(customer))
                .invoke(relay::wakeUp);
    }

    /**
     * Changes a profile by merge patch and announces the new snapshot; a caller scoped to an owner changes only that
     * owner's customers, and only a caller that {@code mayChangeOwner} gives a customer another owner.
     */
    public Uni<Customer> patch(String customerId, JsonNode patch, Optional<String> scope, boolean mayChangeOwner) {
        Instant now = clock.instant();
        return sessions.withTransaction(session -> session.find(Customer.class, customerId, LockMode.PESSIMISTIC_WRITE)
                        .onItem()
                        .ifNull()
                        .failWith(() -> unknown(customerId))
                        .chain(customer -> {
                            Caller.requireOwner(scope, customer.owner, () -> unknown(customerId));
                            String owner = customer.owner;
                            ProfilePatch.apply(patch, customer);
                            if (!mayChangeOwner && !Objects.equals(owner, customer.owner)) {
                                return Uni.createFrom()
                                        .failure(ProblemException.forbidden(
                                                "changing a customer's owner needs the admin role"));
                            }
                            customer.updatedAt = now;
                            return consents(session, customerId)
                                    .chain(consents -> outbox.add(
                                            session,
                                            CloudEvent.create(
                                                    source.uri(),
                                                    EventType.CUSTOMER_UPDATED,
                                                    customerId,
                                                    now,
                                                    profile(customer, consents))))
                                    .replaceWith(customer);
                        }))
                .invoke(relay::wakeUp);
    }

    /** One page of the registry, filtered; {@code text} matches id, name or email, ignoring case. */
    public Uni<Page<Customer>> search(String tier, String stage, String owner, String text, int page, int size) {
        Filter filter = new Filter()
                .equal("tier", tier)
                .equal("lifecycleStage", stage)
                .equal("owner", owner)
                .where(
                        "(lower(customerId) like :text or lower(name) like :text or lower(email) like :text)",
                        "text",
                        text == null || text.isBlank()
                                ? null
                                : "%"
                                        + text.trim()
                                                .toLowerCase(Locale.ROOT)
                                                .replace("%", "\\%")
                                                .replace("_", "\\_") + "%");
        return sessions.withSession(session -> filter.page(session, Customer.class, "name, customerId", page, size));
    }

    /** The customer, if the caller's {@code scope} (an owner, or empty for every customer) covers them. */
    public Uni<Customer> find(String customerId, Optional<String> scope) {
        return sessions.withSession(session -> session.find(Customer.class, customerId))
                .onItem()
                .ifNull()
                .failWith(() -> unknown(customerId))
                .invoke(customer -> Caller.requireOwner(scope, customer.owner, () -> unknown(customerId)));
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
     * Erases a customer: the profile (the personal data the registry holds) is deleted and
     * {@code retention.customer.erased} tells every other service to delete what it holds. Erasing an unknown or
     * already erased id still announces it, since other services may hold data from events the registry never saw.
     */
    public Uni<Void> erase(String customerId) {
        Instant now = clock.instant();
        return sessions.withTransaction(session -> session.createMutationQuery(
                                "delete from Customer where customerId = :id")
                        .setParameter("id", customerId)
                        .executeUpdate()
                        .chain(() -> forgetActivity(session, customerId))
                        .chain(() -> erasedCustomers.remember(session, customerId, now))
                        .chain(() -> outbox.add(
                                session,
                                CloudEvent.create(
                                        source.uri(),
                                        EventType.CUSTOMER_ERASED,
                                        customerId,
                                        now,
                                        new CustomerErased(customerId)))))
                .invoke(relay::wakeUp);
    }

    /** The customer's timeline, usage, revenue, stage history and consents go (a tombstone then keeps late events out). */
    private static Uni<Void> forgetActivity(Mutiny.Session session, String customerId) {
        Uni<Void> forgotten = Uni.createFrom().voidItem();
        for (String table : ERASED_TABLES) {
            forgotten =
                    forgotten.chain(() -> session.createNativeQuery("delete from " + table + " where customer_id = :id")
                            .setParameter("id", customerId)
                            .executeUpdate()
                            .replaceWithVoid());
        }
        return forgotten;
    }

    private static Uni<List<CustomerProfile.Consent>> consents(Mutiny.Session session, String customerId) {
        return session.createNativeQuery(
                        "select channel, purpose, granted from consent where customer_id = :id order by channel, purpose",
                        Tuple.class)
                .setParameter("id", customerId)
                .getResultList()
                .map(rows -> rows.stream()
                        .map(row -> new CustomerProfile.Consent(
                                row.get("channel", String.class),
                                row.get("purpose", String.class),
                                row.get("granted", Boolean.class)))
                        .toList());
    }

    /** The profile snapshot that registered and updated events carry. */
    static CustomerProfile profile(Customer customer, List<CustomerProfile.Consent> consents) {
        return new CustomerProfile(
                customer.customerId,
                customer.name,
                customer.email,
                customer.phone,
                customer.tier,
                customer.lifecycleStage,
                customer.owner,
                customer.timeZone,
                consents,
                customer.referredBy);
    }
}
