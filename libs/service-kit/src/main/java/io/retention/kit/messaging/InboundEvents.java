package io.retention.kit.messaging;

import io.micrometer.core.instrument.MeterRegistry;
import io.retention.contract.CloudEvent;
import io.retention.contract.EventCodec;
import io.retention.contract.InvalidEventException;
import io.retention.kit.store.ProcessedEvents;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

/**
 * Processes an inbound Kafka record exactly once in effect: it reads the event against the contract, applies the
 * handler and records the event id in one transaction, then acknowledges. A record that breaks the contract is nacked,
 * which sends it to the channel's dead-letter topic with the reason in the {@code dead-letter-reason} header, and the
 * consumer goes on. A failure of the handler is retried with back-off before it is dead-lettered the same way.
 */
@ApplicationScoped
public class InboundEvents {
    private static final Logger LOG = Logger.getLogger(InboundEvents.class);

    private final Mutiny.SessionFactory sessions;
    private final ProcessedEvents processedEvents;
    private final OutboxRelay relay;
    private final InboundConfig config;
    private final MeterRegistry meters;

    public InboundEvents(Mutiny.SessionFactory sessions, ProcessedEvents processedEvents, OutboxRelay relay,
                         InboundConfig config, MeterRegistry meters) {
        this.sessions = sessions;
        this.processedEvents = processedEvents;
        this.relay = relay;
        this.config = config;
        this.meters = meters;
    }

    public Uni<Void> process(Message<byte[]> message, EventHandler handler) {
        IncomingKafkaRecordMetadata<?, ?> record = message.getMetadata(IncomingKafkaRecordMetadata.class)
                .orElseThrow(() -> new IllegalStateException("not a Kafka message"));
        String topic = record.getTopic();
        CloudEvent event;
        try {
            event = EventCodec.read(topic, keyOf(record), headersOf(record.getHeaders()), message.getPayload());
        } catch (InvalidEventException e) {
            LOG.warnf("dead-lettering record %s-%d@%d: %s", topic, record.getPartition(), record.getOffset(), e.getMessage());
            meters.counter("retention.events.rejected", "topic", topic).increment();
            return Uni.createFrom().completionStage(message.nack(e));
        }
        return sessions.withTransaction(session -> processedEvents.markNew(session, event.id())
                        .chain(isNew -> isNew
                                ? handler.handle(session, event).replaceWith(true)
                                : Uni.createFrom().item(false)))
                .onFailure(failure -> !(failure instanceof InvalidEventException)).retry()
                .withBackOff(config.retryBackoff()).atMost(config.retries())
                .onItemOrFailure().transformToUni((applied, failure) -> {
                    if (failure != null) {
                        LOG.errorf(failure, "dead-lettering event %s (%s) after processing failed", event.id(), event.type().typeName());
                        meters.counter("retention.events.failed", "topic", topic).increment();
                        return Uni.createFrom().completionStage(message.nack(failure));
                    }
                    meters.counter("retention.events.consumed", "topic", topic, "outcome", applied ? "applied" : "duplicate")
                            .increment();
                    if (applied) {
                        relay.wakeUp();
                    }
                    return Uni.createFrom().completionStage(message.ack());
                });
    }

    private static String keyOf(IncomingKafkaRecordMetadata<?, ?> record) {
        Object key = record.getKey();
        if (key == null) {
            return null;
        }
        return key instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : key.toString();
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
}
