package io.retention.winback.offers;

import io.retention.contract.CloudEvent;
import io.retention.contract.EventType;
import io.retention.contract.events.CustomerWonBack;
import io.retention.contract.events.OfferRedeemed;
import io.retention.kit.messaging.EventSource;
import io.retention.kit.rest.ProblemException;
import io.retention.kit.store.Outbox;
import io.retention.winback.store.LostCustomerStore;
import io.retention.winback.store.Offer;
import io.retention.winback.store.Offers;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;

/**
 * Redeeming an offer, by REST or by a purchase that carries its code, and counting a lost customer as won back: one
 * way for both, inside the caller's transaction.
 */
@ApplicationScoped
public class Redemptions {

    private final EventSource source;
    private final Outbox outbox;
    private final Offers offers;
    private final LostCustomerStore queue;

    public Redemptions(Outbox outbox, EventSource source, Offers offers, LostCustomerStore queue) {
        this.source = source;
        this.outbox = outbox;
        this.offers = offers;
        this.queue = queue;
    }

    /**
     * Redeems an offer once, as of {@code at}; fails with a problem (404, 403, 409) that says why it cannot be.
     *
     * @param customerId who redeems, checked against the offer's owner when given
     */
    public Uni<String> redeem(
            SqlConnection connection, String typedCode, String customerId, String orderId, Instant at) {
        String code = OfferCodes.normalise(typedCode);
        return offers.lock(connection, code).chain(found -> {
            if (found.isEmpty()) {
                return Uni.createFrom().failure(ProblemException.notFound("no offer has code '" + typedCode + "'"));
            }
            Offer offer = found.get();
            String owner = offer.customerId();
            if (customerId != null && !customerId.equals(owner)) {
                return Uni.createFrom()
                        .failure(ProblemException.forbidden("offer '" + code + "' belongs to another customer"));
            }
            if (offer.status() == Offer.Status.REDEEMED) {
                return Uni.createFrom()
                        .failure(ProblemException.conflict(
                                "offer '" + code + "' was already redeemed at " + offer.redeemedAt()));
            }
            if (offer.status() == Offer.Status.EXPIRED || !at.isBefore(offer.validUntil())) {
                return Uni.createFrom()
                        .failure(ProblemException.conflict("offer '" + code + "' expired at " + offer.validUntil()));
            }
            return offers.redeemed(connection, code, at, orderId)
                    .chain(() -> queue.redeemed(connection, code, at))
                    .chain(() -> outbox.addAll(
                            connection,
                            List.of(CloudEvent.create(
                                    source.uri(),
                                    EventType.OFFER_REDEEMED,
                                    owner,
                                    at,
                                    new OfferRedeemed(code, offer.kind(), orderId)))))
                    .chain(() -> wonBack(connection, owner, at, orderId, code))
                    .replaceWith(code);
        });
    }

    /**
     * Counts a purchase as winning the customer back when they are lost and it falls within their window (or before any
     * decision was taken for them), and announces it. Nothing happens for a customer who is not lost.
     */
    public Uni<Void> wonBack(
            SqlConnection connection, String customerId, Instant at, String orderId, String offerCode) {
        return queue.wonBack(connection, customerId, at, orderId)
                .chain(won -> !won
                        ? Uni.createFrom().voidItem()
                        : outbox.addAll(
                                connection,
                                List.of(CloudEvent.create(
                                        source.uri(),
                                        EventType.CUSTOMER_WON_BACK,
                                        customerId,
                                        at,
                                        new CustomerWonBack(offerCode, orderId)))));
    }
}
