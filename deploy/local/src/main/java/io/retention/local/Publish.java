package io.retention.local;

import io.retention.contract.CloudEvent;
import io.retention.contract.EventCodec;
import io.retention.contract.EventType;
import io.retention.contract.InvalidEventException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes one structured-mode CloudEvent read from standard input to the topic of its type, keyed by its subject,
 * after checking it against the contract. For trying the platform from a shell:
 * {@code echo '{...}' | java -cp deploy/local/target/retention-local.jar io.retention.local.Publish}.
 * {@code KAFKA_BOOTSTRAP_SERVERS} names the broker (default localhost:9092).
 */
public final class Publish {
    private Publish() {}

    public static void main(String[] args) throws IOException {
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
        byte[] value = System.in.readAllBytes();
        CloudEvent event;
        try {
            event = EventCodec.read(null, null, Map.of(), value);
        } catch (InvalidEventException e) {
            System.err.println("not published, the event breaks the contract: " + e.getMessage());
            System.exit(2);
            return;
        }
        EventType type = event.type();
        String bootstrap = System.getenv().getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(),
                new ByteArraySerializer())) {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(type.topic(), event.subject(), value);
            record.headers().add("content-type", EventCodec.STRUCTURED_CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
            var metadata = producer.send(record).get();
            System.out.printf(
                    "published %s %s to %s-%d@%d%n",
                    type.typeName(), event.id(), metadata.topic(), metadata.partition(), metadata.offset());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException e) {
            System.err.println("not published: " + e.getCause().getMessage());
            System.exit(1);
        }
    }
}
