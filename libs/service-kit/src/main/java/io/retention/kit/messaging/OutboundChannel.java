package io.retention.kit.messaging;

import io.retention.contract.EventCodec;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.inject.spi.DefinitionException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * A topic a service emits to. Each service declares its emitter channel (named as the topic) as a subclass, because
 * the channel name must be a constant on the injection point.
 */
public abstract class OutboundChannel {
    private final String topic;
    private final MutinyEmitter<byte[]> emitter;

    protected OutboundChannel(String topic, MutinyEmitter<byte[]> emitter) {
        this.topic = topic;
        this.emitter = emitter;
    }

    /** The topic, which is also the channel's name. */
    public String topic() {
        return topic;
    }

    /** Whether the Kafka sink behind the channel has connected and takes messages. */
    public boolean ready() {
        try {
            return emitter.hasRequests();
        } catch (DefinitionException notConnectedYet) {
            // SmallRye throws this until the sink subscribes, shortly after start-up
            return false;
        }
    }

    /**
     * Sends one structured-mode event keyed by customer id, with extra headers (the trace context); completes when the
     * broker has acknowledged it.
     */
    public Uni<Void> send(String key, byte[] structuredEvent, Map<String, String> extraHeaders) {
        List<RecordHeader> headers = new ArrayList<>(1 + extraHeaders.size());
        headers.add(
                new RecordHeader("content-type", EventCodec.STRUCTURED_CONTENT_TYPE.getBytes(StandardCharsets.UTF_8)));
        extraHeaders.forEach(
                (name, value) -> headers.add(new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8))));
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(key)
                .withHeaders(headers)
                .build();
        return emitter.sendMessage(Message.of(structuredEvent).addMetadata(metadata));
    }
}
