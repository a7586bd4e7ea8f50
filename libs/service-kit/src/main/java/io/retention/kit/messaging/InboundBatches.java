package io.retention.kit.messaging;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.trace.Span;
import io.retention.contract.CloudEvent;
import io.retention.contract.EventCodec;
import io.retention.contract.InvalidEventException;
import io.retention.kit.store.Outbox;
import io.retention.kit.time.EventTiming;
import io.retention.kit.tracing.EventTracing;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.common.header.Header;
import org.jboss.logging.Logger;

/**
 * Processes a polled batch of Kafka records in one transaction, for services whose throughput needs it: records that
 * break the contract are nacked one by one (to the dead-letter topic, with the reason), the valid events are applied
 * by the handler together with their processed-event ids, and the batch is acknowledged after commit. A dependency that
 * is down (the database, say) is waited for, however long: the batch stays unacknowledged and the channel asks for no
 * more meanwhile, so valid events are never dead-lettered for it. When the whole batch keeps failing in another way,
 * its events are applied one by one so that only the event that fails is dead-lettered.
 */
@ApplicationScoped
public class InboundBatches {
    private static final Logger LOG = Logger.getLogger(InboundBatches.class);

    private final Pool pool;
    private final OutboxRelay relay;
    private final Outbox outbox;
    private final InboundConfig config;
    private final MeterRegistry meters;
    private final Clock clock;
    private final EventTracing tracing;
    private final EventTiming timing;
    private final DependencyWaits waits;

    public InboundBatches(
            Pool pool,
            OutboxRelay relay,
            Outbox outbox,
            InboundConfig config,
            MeterRegistry meters,
            Clock clock,
            EventTracing tracing,
            EventTiming timing,
            DependencyWaits waits) {
        this.waits = waits;
        this.clock = clock;
        this.timing = timing;
        this.tracing = tracing;
        this.pool = pool;
        this.relay = relay;
        this.outbox = outbox;
        this.config = config;
        this.meters = meters;
    }

    private record Decoded(KafkaRecord<String, byte[]> record, CloudEvent event, Map<String, String> headers) {}

    public Uni<Void> process(KafkaRecordBatch<String, byte[]> batch, BatchHandler handler) {
        return process(batch, (connection, events, reads, now) -> handler.handle(connection, events, now));
    }

    /** The same, telling the handler how far the batch read each partition. */
    public Uni<Void> process(KafkaRecordBatch<String, byte[]> batch, TrackedBatchHandler handler) {
        List<Decoded> valid = new ArrayList<>();
        Map<String, PartitionRead> reads = new LinkedHashMap<>();
        Uni<Void> rejections = Uni.createFrom().voidItem();
        Instant now = clock.instant();
        for (KafkaRecord<String, byte[]> record : batch.getRecords()) {
            CloudEvent event = null;
            try {
                Map<String, String> headers = headersOf(record.getHeaders());
                event = EventCodec.read(record.getTopic(), record.getKey(), headers, record.getPayload());
                timing.checkPlausible(event, now);
                valid.add(new Decoded(record, event, headers));
            } catch (InvalidEventException e) {
                event = null; // a refused event's time (far ahead, say) says nothing of how far the partition was read
                LOG.warnf(
                        "dead-lettering a record of %s (partition %d): %s",
                        record.getTopic(), record.getPartition(), e.getMessage());
                meters.counter("retention.events.rejected", "topic", record.getTopic())
                        .increment();
                rejections = rejections.chain(() -> Uni.createFrom().completionStage(record.nack(e)));
            }
            Instant eventTime = event == null ? null : event.time();
            reads.compute(
                    record.getTopic() + "/" + record.getPartition(),
                    (key, read) -> (read == null
                                    ? new PartitionRead(record.getTopic(), record.getPartition(), 0, null)
                                    : read)
                            .merge(offsetOf(record), eventTime));
        }
        List<PartitionRead> partitionReads = List.copyOf(reads.values());
        return rejections
                .chain(() ->
                        valid.isEmpty() ? Uni.createFrom().voidItem() : applyTogether(valid, partitionReads, handler))
                .chain(() -> Uni.createFrom().completionStage(batch.ack()))
                .invoke(() -> recordLag(batch));
    }

    private static long offsetOf(KafkaRecord<String, byte[]> record) {
        return record.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(IncomingKafkaRecordMetadata::getOffset)
                .orElseThrow(() -> new IllegalStateException("a batch record without its Kafka metadata"));
    }

    /**
     * How old each record was when its batch was done: the consumer's processing lag. Wall-clock time on purpose (not the
     * injectable clock): the records' timestamps are the broker's.
     */
    private void recordLag(KafkaRecordBatch<String, byte[]> batch) {
        Instant now = Instant.now();
        // a channel reads one topic: one timer lookup per batch, not per record, on this hot path
        Map<String, Timer> lag = new HashMap<>(2);
        for (KafkaRecord<String, byte[]> record : batch.getRecords()) {
            if (record.getTimestamp() != null) {
                lag.computeIfAbsent(record.getTopic(), topic -> meters.timer("retention.events.lag", "topic", topic))
                        .record(Duration.between(record.getTimestamp(), now));
            }
        }
    }

    /** A record's headers as text, as {@link EventCodec#read} takes them (binary mode reads {@code ce_*} from them). */
    static Map<String, String> headersOf(Iterable<Header> recordHeaders) {
        Map<String, String> headers = new HashMap<>();
        for (Header header : recordHeaders) {
            if (header.value() != null) {
                headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
            }
        }
        return headers;
    }

    /**
     * Applies the batch in one transaction. Each record gets a span that continues its producer's trace, and what the
     * transaction emits about a customer continues the trace of the latest record about them.
     */
    private Uni<Void> applyTogether(List<Decoded> valid, List<PartitionRead> reads, TrackedBatchHandler handler) {
        List<Span> spans = new ArrayList<>(valid.size());
        Map<String, String> traceBySubject = new HashMap<>();
        for (Decoded decoded : valid) {
            Span span = tracing.startProcessing(decoded.record().getTopic(), decoded.headers());
            spans.add(span);
            String traceparent = EventTracing.traceparentOf(span);
            if (traceparent != null) {
                traceBySubject.put(decoded.event().subject(), traceparent);
            }
        }
        return apply(valid.stream().map(Decoded::event).toList(), reads, handler, traceBySubject)
                .onFailure()
                .recoverWithUni(failure -> {
                    LOG.warnf(failure, "a batch of %d events failed; applying them one by one", valid.size());
                    return applyOneByOne(valid, reads, handler, traceBySubject);
                })
                .onTermination()
                .invoke(() -> spans.forEach(Span::end));
    }

    private Uni<Void> applyOneByOne(
            List<Decoded> valid,
            List<PartitionRead> reads,
            TrackedBatchHandler handler,
            Map<String, String> traceBySubject) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Decoded decoded : valid) {
            // each transaction records the batch's reads: recording them again changes nothing
            chain = chain.chain(() -> apply(List.of(decoded.event()), reads, handler, traceBySubject)
                    .onFailure()
                    .recoverWithUni(failure -> {
                        LOG.errorf(
                                failure,
                                "dead-lettering event %s (%s) after processing failed",
                                decoded.event().id(),
                                decoded.event().type().typeName());
                        meters.counter(
                                        "retention.events.failed",
                                        "topic",
                                        decoded.record().getTopic())
                                .increment();
                        return Uni.createFrom().completionStage(decoded.record().nack(failure));
                    }));
        }
        return chain;
    }

    /**
     * One transaction over the events. A transient failure (the database unreachable or restarting, a deadlock) is
     * retried with capped back-off for as long as it lasts, the channel waiting meanwhile and readiness DOWN; any other
     * failure is retried {@code retries} times and then given back to the caller to isolate the event that fails.
     */
    private Uni<Void> apply(
            List<CloudEvent> events,
            List<PartitionRead> reads,
            TrackedBatchHandler handler,
            Map<String, String> traceBySubject) {
        AtomicBoolean waitingForDependency = new AtomicBoolean();
        AtomicBoolean emitted = new AtomicBoolean();
        return pool.withTransaction(connection -> {
                    tracing.bind(connection, traceBySubject);
                    outbox.watch(connection);
                    return handler.handle(connection, events, reads, clock.instant())
                            .onTermination()
                            .invoke(() -> {
                                tracing.unbind(connection);
                                emitted.set(outbox.unwatch(connection));
                            });
                })
                .onItemOrFailure()
                .invoke((applied, failure) -> {
                    if (failure != null && TransientFailures.isTransient(failure)) {
                        if (waitingForDependency.compareAndSet(false, true)) {
                            LOG.warnf(
                                    "%d events of %s wait for a dependency (%s); retrying until it is back",
                                    events.size(), events.get(0).type().topic(), failure);
                            waits.started(failure);
                        } else {
                            waits.failedAgain(failure);
                        }
                    } else if (waitingForDependency.compareAndSet(true, false)) {
                        LOG.infof(
                                "%d events of %s go on: the dependency is back",
                                events.size(), events.get(0).type().topic());
                        waits.ended();
                    }
                })
                .onFailure(TransientFailures::isTransient)
                .retry()
                .withBackOff(config.retryBackoff(), config.retryBackoffMax())
                .indefinitely()
                .onFailure()
                .retry()
                .withBackOff(config.retryBackoff())
                .atMost(config.retries())
                .onCancellation()
                .invoke(() -> {
                    if (waitingForDependency.compareAndSet(true, false)) {
                        waits.ended();
                    }
                })
                .invoke(applied -> {
                    String topic = events.get(0).type().topic();
                    meters.counter("retention.events.consumed", "topic", topic, "outcome", "applied")
                            .increment(applied);
                    meters.counter("retention.events.consumed", "topic", topic, "outcome", "duplicate")
                            .increment(events.size() - applied);
                    if (emitted.get()) {
                        relay.wakeUp();
                    }
                })
                .replaceWithVoid();
    }
}
