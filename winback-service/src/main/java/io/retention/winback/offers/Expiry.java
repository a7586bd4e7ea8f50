package io.retention.winback.offers;

import io.quarkus.scheduler.Scheduled;
import io.retention.contract.CloudEvent;
import io.retention.contract.EventType;
import io.retention.contract.events.OfferExpired;
import io.retention.kit.messaging.EventSource;
import io.retention.kit.messaging.OutboxRelay;
import io.retention.kit.store.Outbox;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
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

    public Expiry(Pool pool, Outbox outbox, OutboxRelay relay, Clock clock, EventSource source) {
        this.source = source;
        this.pool = pool;
        this.outbox = outbox;
        this.relay = relay;
        this.clock = clock;
    }

    @Scheduled(
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
                .chain(() -> pool.preparedQuery("update lost_customer set status = 'LOST' "
                                + "where status in ('OFFERED', 'HOLDOUT') and window_until < $1")
                        .execute(Tuple.of(now.atOffset(ZoneOffset.UTC))))
                .replaceWithVoid();
    }

    private Uni<Integer> expireBatch(Instant now) {
        return pool.withTransaction(connection -> connection
                        .preparedQuery("""
                                update offer set status = 'EXPIRED'
                                where code in (select code from offer where status = 'ISSUED' and valid_until <= $1
                                               order by valid_until limit $2 for update skip locked)
                                returning code, customer_id, valid_until""")
                        .execute(Tuple.of(now.atOffset(ZoneOffset.UTC), BATCH))
                        .chain(rows -> {
                            List<CloudEvent> events = new ArrayList<>();
                            for (Row row : rows) {
                                events.add(CloudEvent.create(
                                        source.uri(),
                                        EventType.OFFER_EXPIRED,
                                        row.getString("customer_id"),
                                        row.getOffsetDateTime("valid_until").toInstant(),
                                        new OfferExpired(row.getString("code"))));
                            }
                            return outbox.addAll(connection, events).replaceWith(events.size());
                        }))
                .invoke(expired -> {
                    if (expired > 0) {
                        relay.wakeUp();
                    }
                });
    }
}
