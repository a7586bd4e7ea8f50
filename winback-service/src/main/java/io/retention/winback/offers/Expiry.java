package io.retention.winback.offers;

import io.quarkus.scheduler.Scheduled;
import io.retention.contract.CloudEvent;
import io.retention.contract.EventType;
import io.retention.contract.events.OfferExpired;
import io.retention.kit.messaging.EventSource;
import io.retention.kit.messaging.OutboxRelay;
import io.retention.kit.store.Outbox;
import io.retention.winback.store.LostCustomerStore;
import io.retention.winback.store.Offers;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * Expires offers when their validity ends, without waiting for any event (emitting {@code retention.offer.expired}), and
 * settles lost customers whose window closed without a purchase as LOST. Batches with SKIP LOCKED: instances share it.
 */
@ApplicationScoped
public class Expiry {
    private static final Logger LOG = Logger.getLogger(Expiry.class);
    private static final int BATCH = 500;

    private final EventSource source;
    private final Pool pool;
    private final Outbox outbox;
    private final OutboxRelay relay;
    private final Clock clock;

    private final Offers offers;
    private final LostCustomerStore queue;

    public Expiry(
            Pool pool,
            Outbox outbox,
            OutboxRelay relay,
            Clock clock,
            EventSource source,
            Offers offers,
            LostCustomerStore queue) {
        this.offers = offers;
        this.queue = queue;
        this.source = source;
        this.pool = pool;
        this.outbox = outbox;
        this.relay = relay;
        this.clock = clock;
    }

    @Scheduled(
            skipExecutionIf = Scheduled.ApplicationNotRunning.class,
            identity = "offer-expiry",
            every = "${retention.winback.expiry-every:10s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> tick() {
        return run().onFailure().recoverWithItem(failure -> {
            LOG.warnf(failure, "expiring offers failed; the next round retries");
            return null;
        });
    }

    public Uni<Void> run() {
        Instant now = clock.instant();
        return Uni.createFrom()
                .deferred(() -> expireBatch(now))
                .repeat()
                .whilst(expired -> expired == BATCH)
                .collect()
                .last()
                .chain(() -> queue.settleClosed(pool, now));
    }

    private Uni<Integer> expireBatch(Instant now) {
        return pool.withTransaction(connection -> offers.expireDue(connection, now, BATCH)
                        .chain(expired -> outbox.addAll(
                                        connection,
                                        expired.stream()
                                                .map(offer -> CloudEvent.create(
                                                        source.uri(),
                                                        EventType.OFFER_EXPIRED,
                                                        offer.customerId(),
                                                        offer.validUntil(),
                                                        new OfferExpired(offer.code())))
                                                .toList())
                                .replaceWith(expired.size())))
                .invoke(expired -> {
                    if (expired > 0) {
                        relay.wakeUp();
                    }
                });
    }
}
