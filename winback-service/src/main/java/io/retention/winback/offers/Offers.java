package io.retention.winback.offers;

import io.retention.contract.CloudEvent;
import io.retention.contract.EventType;
import io.retention.contract.events.CustomerChurned;
import io.retention.contract.events.OfferIssued;
import io.retention.contract.events.OfferRedeemed;
import io.retention.kit.rest.ProblemException;
import io.retention.kit.messaging.OutboxRelay;
import io.retention.kit.store.Outbox;
import io.retention.winback.store.Offer;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import org.hibernate.LockMode;
import org.hibernate.reactive.mutiny.Mutiny;

/** Issues win-back offers to churned customers and redeems them, announcing each change through the outbox. */
@ApplicationScoped
public class Offers {
    static final String SOURCE = "/winback-service";

    private final Mutiny.SessionFactory sessions;
    private final Outbox outbox;
    private final OutboxRelay relay;
    private final Clock clock;
    private final WinbackConfig config;
    private final OfferRouting routing;
    private final OfferCodes codes = new OfferCodes(new SecureRandom());

    public Offers(Mutiny.SessionFactory sessions, Outbox outbox, OutboxRelay relay, Clock clock, WinbackConfig config) {
        this.sessions = sessions;
        this.outbox = outbox;
        this.relay = relay;
        this.clock = clock;
        this.config = config;
        this.routing = new OfferRouting(config.priceDiscountPercent(), config.bundleDiscountPercent());
    }

    /** Applies a signal or registry event inside the transaction that records it as processed. */
    public Uni<Void> apply(Mutiny.Session session, CloudEvent event) {
        return switch (event.type()) {
            case CUSTOMER_CHURNED -> issue(session, event.subject(), event.dataAs(CustomerChurned.class));
            case CUSTOMER_ERASED -> session.createMutationQuery("delete from Offer where customerId = :customer")
                    .setParameter("customer", event.subject()).executeUpdate().replaceWithVoid();
            default -> Uni.createFrom().voidItem();
        };
    }

    private Uni<Void> issue(Mutiny.Session session, String customerId, CustomerChurned churned) {
        Instant now = clock.instant();
        return session.createSelectionQuery(
                        "select count(*) from Offer where customerId = :customer and status = :issued and validUntil > :now", Long.class)
                .setParameter("customer", customerId)
                .setParameter("issued", Offer.Status.ISSUED)
                .setParameter("now", now)
                .getSingleResult()
                .chain(open -> {
                    if (open > 0) {
                        // one live offer per customer: a second churn signal does not stack offers
                        return Uni.createFrom().voidItem();
                    }
                    OfferChoice choice = routing.choose(churned.churnReason());
                    Offer offer = new Offer(codes.next(), customerId, churned.churnReason(), choice, now, now.plus(config.validity()));
                    return session.persist(offer).chain(() -> outbox.add(session, CloudEvent.create(SOURCE,
                            EventType.OFFER_ISSUED, customerId, now, new OfferIssued(offer.code, offer.kind,
                                    offer.discountPercent, offer.validUntil, offer.arm, offer.churnReason.name()))));
                });
    }

    /**
     * Redeems an offer once.
     *
     * @param customerId the customer redeeming, checked against the offer's owner when given
     */
    public Uni<Offer> redeem(String typedCode, String customerId, String orderId) {
        String code = OfferCodes.normalise(typedCode);
        Instant now = clock.instant();
        return sessions.withTransaction(session -> session.find(Offer.class, code, LockMode.PESSIMISTIC_WRITE)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("no offer has code '" + typedCode + "'"))
                .chain(offer -> {
                    if (customerId != null && !customerId.equals(offer.customerId)) {
                        return Uni.createFrom().failure(ProblemException.forbidden("offer '" + code + "' belongs to another customer"));
                    }
                    if (offer.status == Offer.Status.REDEEMED) {
                        return Uni.createFrom().failure(ProblemException.conflict("offer '" + code + "' was already redeemed at " + offer.redeemedAt));
                    }
                    if (offer.status == Offer.Status.EXPIRED || !now.isBefore(offer.validUntil)) {
                        return Uni.createFrom().failure(ProblemException.conflict("offer '" + code + "' expired at " + offer.validUntil));
                    }
                    offer.status = Offer.Status.REDEEMED;
                    offer.redeemedAt = now;
                    offer.orderId = orderId;
                    return outbox.add(session, CloudEvent.create(SOURCE, EventType.OFFER_REDEEMED, offer.customerId, now,
                            new OfferRedeemed(offer.code, offer.kind, orderId))).replaceWith(offer);
                }))
                .invoke(relay::wakeUp);
    }
}
