package io.retention.kit.messaging;

import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.quarkus.scheduler.Scheduled;
import io.retention.kit.store.Outbox;
import io.retention.kit.tracing.EventTracing;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.DefinitionException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Publishes outbox rows in id order and deletes them in the same transaction, once the broker has acknowledged them.
 * One relay at a time per database: each batch's transaction first takes a transaction-scoped advisory lock, so with
 * several instances a customer's events still go out in the order their transactions wrote them (rows about one
 * customer are written under that customer's row lock, so their ids follow commit order). An instance that finds the
 * lock taken tries again shortly, until the holder is done. A crash after the send and before the commit publishes the
 * row again: consumers drop the duplicate by its event id.
 */
@ApplicationScoped
public class OutboxRelay {
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    /** What a batch answers when another instance is relaying. */
    private static final int LOCK_TAKEN = -1;

    private final Pool pool;
    private final Outbox outbox;
    private final Instance<OutboundChannel> channelBeans;
    /** The channels by topic, looked up at the first round that finds them wired ({@link #channels}). */
    private volatile Map<String, OutboundChannel> channels;

    private final OutboxConfig config;
    private final MeterRegistry meters;
    private final EventTracing tracing;
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicBoolean wokenWhileDraining = new AtomicBoolean();

    public OutboxRelay(
            Pool pool,
            Outbox outbox,
            Instance<OutboundChannel> channels,
            OutboxConfig config,
            MeterRegistry meters,
            EventTracing tracing) {
        this.pool = pool;
        this.outbox = outbox;
        this.channelBeans = channels;
        this.config = config;
        this.meters = meters;
        this.tracing = tracing;
    }

    /** Catches rows left by a crash, by another instance's failed send, or written before the channels connected. */
    @Scheduled(
            skipExecutionIf = Scheduled.ApplicationNotRunning.class,
            every = "${retention.outbox.poll-interval:2s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> poll() {
        // a failed round leaves its rows in the outbox for the next one
        return drain().onFailure().recoverWithItem(failure -> {
            LOG.warnf("outbox relay round failed, will retry: %s", failure.getMessage());
            return null;
        });
    }

    /** Publishes what was just committed without waiting for the next poll. */
    public void wakeUp() {
        drain().subscribe().with(done -> {}, failure -> LOG.warn("outbox relay failed", failure));
    }

    /** Publishes until the outbox is empty. */
    public Uni<Void> drain() {
        return drain(0);
    }

    private Uni<Void> drain(int lockTakenBefore) {
        Map<String, OutboundChannel> wired = channels();
        if (wired == null || !wired.values().stream().allMatch(OutboundChannel::ready)) {
            // the sinks connect shortly after start; the next poll publishes what waits
            return Uni.createFrom().voidItem();
        }
        if (!draining.compareAndSet(false, true)) {
            wokenWhileDraining.set(true);
            return Uni.createFrom().voidItem();
        }
        wokenWhileDraining.set(false);
        return publishBatch(wired)
                .repeat()
                .whilst(published -> published == config.batchSize())
                .collect()
                .last()
                .onTermination()
                .invoke(() -> draining.set(false))
                .chain(published -> {
                    if (published != null && published == LOCK_TAKEN) {
                        // the other relay may have read the outbox before this instance's rows were committed: look
                        // again shortly, and leave it to the poll if it stays busy
                        return lockTakenBefore >= config.lockAttempts()
                                ? Uni.createFrom().voidItem()
                                : Uni.createFrom()
                                        .voidItem()
                                        .onItem()
                                        .delayIt()
                                        .by(config.lockRetry())
                                        .chain(() -> drain(lockTakenBefore + 1));
                    }
                    return wokenWhileDraining.get() ? drain() : Uni.createFrom().voidItem();
                });
    }

    /**
     * The channels, or null while messaging is still being wired: the first polls run while Quarkus starts, before
     * SmallRye can hand out emitters, and creating a channel bean then fails (it is created again at the next round).
     */
    private Map<String, OutboundChannel> channels() {
        if (channels == null) {
            try {
                channels = channelBeans.stream().collect(Collectors.toMap(OutboundChannel::topic, Function.identity()));
            } catch (DefinitionException notWiredYet) {
                return null;
            }
        }
        return channels;
    }

    /** One batch in one transaction on the reactive SQL client: lock, send each row, delete what was sent. */
    private Uni<Integer> publishBatch(Map<String, OutboundChannel> wired) {
        return pool.withTransaction(connection -> outbox.tryLockRelay(connection)
                .chain(relaying -> !relaying
                        ? Uni.createFrom().item(LOCK_TAKEN)
                        : outbox.oldest(connection, config.batchSize()).chain(pending -> {
                            if (pending.isEmpty()) {
                                return Uni.createFrom().item(0);
                            }
                            return Uni.join()
                                    .all(pending.stream()
                                            .map(row -> send(wired, row))
                                            .toList())
                                    .andFailFast()
                                    .chain(() -> outbox.remove(connection, pending))
                                    .replaceWith(pending.size());
                        })));
    }

    private Uni<Void> send(Map<String, OutboundChannel> wired, Outbox.Pending row) {
        String topic = row.topic();
        OutboundChannel channel = wired.get(topic);
        if (channel == null) {
            return Uni.createFrom().failure(new IllegalStateException("no outbound channel for topic " + topic));
        }
        Span span = tracing.startPublishing(topic, row.eventId(), row.traceparent());
        long sending = System.nanoTime();
        return channel.send(
                        row.messageKey(), row.payload().getBytes(StandardCharsets.UTF_8), EventTracing.headersOf(span))
                .invoke(() -> {
                    meters.counter("retention.events.emitted", "topic", topic, "type", row.type())
                            .increment();
                    // from the transaction that wrote it to the broker's acknowledgement: what the outbox adds to an
                    // event's way out (the commit, waiting for a relay round, the send)
                    meters.timer("retention.outbox.delay", "topic", topic)
                            .record(row.waited().plusNanos(System.nanoTime() - sending));
                })
                .onFailure()
                .invoke(span::recordException)
                .onTermination()
                .invoke(span::end);
    }
}
