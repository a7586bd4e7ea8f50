package io.retention.winback.offers;

import io.retention.contract.CloudEvent;
import io.retention.contract.EventType;
import io.retention.contract.events.CustomerWonBack;
import io.retention.contract.events.OfferKind;
import io.retention.contract.events.OfferRedeemed;
import io.retention.kit.messaging.EventSource;
import io.retention.kit.rest.ProblemException;
import io.retention.kit.store.Outbox;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;

/**
 * Redeeming an offer, by REST or by a purchase that carries its code, and counting a lost customer as won back: one
 * way for both, inside the caller's transaction.
 */
@ApplicationScoped
public class Redemptions {

    private final EventSource source;
    private final Outbox outbox;

    public Redemptions(Outbox outbox, EventSource source) {
        this.source = source;
        this.outbox = outbox;
    }

    /**
     * Redeems an offer once, as of {@code at}; fails with a problem (404, 403, 409) that says why it cannot be.
     *
     * @param customerId who redeems, checked against the offer's owner when given
     */
    public Uni<String> redeem(
            SqlConnection connection, String typedCode, String customerId, String orderId, Instant at) {
        String code = OfferCodes.normalise(typedCode);
        return connection
                .preparedQuery(
                        "select customer_id, kind, status, valid_until, redeemed_at from offer where code = $1 for update")
                .execute(Tuple.of(code))
                .chain(rows -> {
                    if (rows.size() == 0) {
                        return Uni.createFrom()
                                .failure(ProblemException.notFound("no offer has code '" + typedCode + "'"));
                    }
                    Row offer = rows.iterator().next();
                    String owner = offer.getString("customer_id");
                    Instant validUntil = offer.getOffsetDateTime("valid_until").toInstant();
                    if (customerId != null && !customerId.equals(owner)) {
                        return Uni.createFrom()
                                .failure(
                                        ProblemException.forbidden("offer '" + code + "' belongs to another customer"));
                    }
                    if ("REDEEMED".equals(offer.getString("status"))) {
                        return Uni.createFrom()
                                .failure(ProblemException.conflict("offer '" + code + "' was already redeemed at "
                                        + offer.getOffsetDateTime("redeemed_at").toInstant()));
                    }
                    if ("EXPIRED".equals(offer.getString("status")) || !at.isBefore(validUntil)) {
                        return Uni.createFrom()
                                .failure(ProblemException.conflict("offer '" + code + "' expired at " + validUntil));
                    }
                    OfferKind kind = OfferKind.valueOf(offer.getString("kind"));
                    return connection
                            .preparedQuery(
                                    "update offer set status = 'REDEEMED', redeemed_at = $2, order_id = $3 where code = $1")
                            .execute(Tuple.of(code, at.atOffset(ZoneOffset.UTC), orderId))
                            .chain(() -> connection
                                    .preparedQuery("update lost_customer set redeemed_at = $2 where offer_code = $1")
                                    .execute(Tuple.of(code, at.atOffset(ZoneOffset.UTC))))
                            .chain(() -> outbox.addAll(
                                    connection,
                                    List.of(CloudEvent.create(
                                            source.uri(),
                                            EventType.OFFER_REDEEMED,
                                            owner,
                                            at,
                                            new OfferRedeemed(code, kind, orderId)))))
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
        return connection
                .preparedQuery("""
                        update lost_customer set status = case when status = 'WAITING' then 'RETURNED' else 'WON_BACK' end,
                                                 won_back_at = $2, won_back_order = $3
                        where customer_id = $1 and churned_at <= $2
                          and (status = 'WAITING' or status in ('OFFERED', 'HOLDOUT') and window_until >= $2)
                        returning id""")
                .execute(Tuple.tuple(Arrays.asList(customerId, at.atOffset(ZoneOffset.UTC), orderId)))
                .chain(rows -> rows.size() == 0
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
