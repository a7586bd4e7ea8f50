package io.retention.risk.engine;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.scheduler.Scheduled;
import io.retention.contract.Topics;
import io.retention.kit.messaging.InboundLag;
import io.retention.kit.messaging.OutboxRelay;
import io.retention.risk.config.RiskConfig;
import io.retention.risk.store.HeldEvents;
import io.retention.risk.store.InboundReads;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Applies held live events once the inbound partitions have been read past their time: woken after every inbound
 * batch (which may have moved the watermark) and polled for events whose time has come. One round at a time per
 * instance; instances that release the same customer take turns on its row.
 */
@ApplicationScoped
public class HeldEventRelease {
    private static final Logger LOG = Logger.getLogger(HeldEventRelease.class);

    private final Pool pool;
    private final RiskEngine engine;
    private final HeldEvents heldEvents;
    private final InboundReads inboundReads;
    private final InboundLag lag;
    private final OutboxRelay relay;
    private final RiskConfig config;
    private final Clock clock;
    /** How long each live event was held before it was applied: the watermark's share of an event's latency. */
    private final Timer heldFor;

    private final AtomicBoolean releasing = new AtomicBoolean();
    private final AtomicBoolean wokenWhileReleasing = new AtomicBoolean();

    public HeldEventRelease(
            Pool pool,
            RiskEngine engine,
            HeldEvents heldEvents,
            InboundReads inboundReads,
            InboundLag lag,
            OutboxRelay relay,
            RiskConfig config,
            Clock clock,
            MeterRegistry meters) {
        this.pool = pool;
        this.engine = engine;
        this.heldEvents = heldEvents;
        this.inboundReads = inboundReads;
        this.lag = lag;
        this.relay = relay;
        this.config = config;
        this.clock = clock;
        this.heldFor = meters.timer("retention.risk.held");
    }

    @Scheduled(
            skipExecutionIf = Scheduled.ApplicationNotRunning.class,
            every = "${retention.risk.release-poll:1s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> poll() {
        return release();
    }

    /** Looks at once: a batch was just committed. */
    public void wakeUp() {
        release().subscribe().with(done -> {}, failure -> {});
    }

    /** Applies what can be applied now; a failure leaves the events held for the next round. */
    public Uni<Void> release() {
        if (!releasing.compareAndSet(false, true)) {
            wokenWhileReleasing.set(true);
            return Uni.createFrom().voidItem();
        }
        wokenWhileReleasing.set(false);
        // events this instance held since its last look are there (or were just taken by another): no need to ask
        Uni<Boolean> held = heldEvents.takeHeldHere() ? Uni.createFrom().item(true) : heldEvents.any(pool);
        return held.chain(any -> !any
                        ? Uni.createFrom().item(0)
                        : releaseAt(clock.instant()).chain(this::releaseAll))
                .onFailure()
                .recoverWithItem(failure -> {
                    LOG.warnf("held live events stay held until the next round: %s", failure.getMessage());
                    return 0;
                })
                .onTermination()
                .invoke(() -> releasing.set(false))
                .chain(released ->
                        wokenWhileReleasing.get() ? release() : Uni.createFrom().voidItem());
    }

    /** What may be applied now; the present is read before the positions, so a record published later is never read. */
    private Uni<HeldEvents.Release> releaseAt(Instant now) {
        Instant recently = now.minus(config.inFlightWithin());
        // the records' timestamps are the producers' wall clocks, not the service's clock (which tests move)
        // the broker and the database asked at once: both are on every release's path
        return Uni.combine()
                .all()
                .unis(
                        lag.positions(Topics.INBOUND, Instant.now().minus(config.inFlightWithin())),
                        inboundReads.all(pool))
                .asTuple()
                .map(both -> new HeldEvents.Release(
                        Watermark.of(both.getItem1(), both.getItem2(), recently, now),
                        now.minus(config.holdLimit()),
                        now));
    }

    private Uni<Integer> releaseAll(HeldEvents.Release release) {
        return pool.withTransaction(connection -> engine.release(connection, release, config.recheckBatch()))
                .chain(released -> {
                    // each part's signals go out as soon as it is committed, the earliest events' first
                    if (released.customers() > 0) {
                        relay.wakeUp();
                    }
                    released.held().forEach(heldFor::record);
                    return released.more()
                            ? releaseAll(release).map(more -> released.customers() + more)
                            : Uni.createFrom().item(released.customers());
                });
    }
}
