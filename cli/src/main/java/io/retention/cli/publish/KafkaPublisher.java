package io.retention.cli.publish;

import io.retention.contract.CloudEvent;
import io.retention.contract.EventCodec;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes to the contract's topics as any outside system does: keyed by customer, structured mode, every write
 * acknowledged by all in-sync replicas, idempotent (a retried send is not written twice), batched for throughput.
 */
public final class KafkaPublisher implements Publisher {
    private final KafkaProducer<String, byte[]> producer;

    /** @param settings further client settings ({@code security.protocol}, {@code sasl.*}, ...) */
    public KafkaPublisher(String bootstrapServers, Map<String, String> settings) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        // an unreachable broker fails the import within a minute rather than hanging it
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "retention-import");
        config.putAll(settings);
        this.producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }

    @Override
    public void send(CloudEvent event, Outcome outcome) {
        ProducerRecord<String, byte[]> record =
                new ProducerRecord<>(event.type().topic(), event.subject(), EventCodec.write(event));
        record.headers().add("content-type", EventCodec.STRUCTURED_CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
        producer.send(record, (metadata, failure) -> {
            if (failure == null) {
                outcome.published(event);
            } else {
                outcome.failed(event, failure.getClass().getSimpleName() + ": " + failure.getMessage());
            }
        });
    }

    @Override
    public void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        producer.close();
    }
}
