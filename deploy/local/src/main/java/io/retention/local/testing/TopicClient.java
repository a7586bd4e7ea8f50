package io.retention.local.testing;

import io.retention.contract.CloudEvent;
import io.retention.contract.EventCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Predicate;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Publishes and reads records with the plain Kafka clients, as a system outside the platform would. */
public final class TopicClient implements AutoCloseable {
    private final Map<String, Object> clientSettings;
    private final KafkaProducer<String, byte[]> producer;

    public TopicClient(String bootstrapServers) {
        this(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    /** A client with these settings (the bootstrap servers, and how to sign in where the broker asks). */
    public TopicClient(Map<String, Object> clientSettings) {
        this.clientSettings = Map.copyOf(clientSettings);
        Map<String, Object> producerSettings = new HashMap<>(clientSettings);
        producerSettings.put(ProducerConfig.ACKS_CONFIG, "all");
        this.producer = new KafkaProducer<>(producerSettings, new StringSerializer(), new ByteArraySerializer());
    }

    /** Publishes a structured-mode event (or any bytes) and waits for the broker's ack. */
    public void publish(String topic, String key, byte[] value) {
        publish(topic, key, value, Map.of());
    }

    /** The same with extra headers (a W3C traceparent, say). */
    public void publish(String topic, String key, byte[] value, Map<String, String> headers) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, value);
        record.headers().add("content-type", EventCodec.STRUCTURED_CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
        headers.forEach((name, text) -> record.headers().add(name, text.getBytes(StandardCharsets.UTF_8)));
        try {
            producer.send(record).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("publish to " + topic + " failed", e.getCause());
        }
    }

    /** Publishes many structured-mode events keyed by their subjects, all in flight at once; waits for every ack. */
    public void publishAll(String topic, List<CloudEvent> events) {
        List<Future<?>> acks = new ArrayList<>(events.size());
        for (CloudEvent event : events) {
            ProducerRecord<String, byte[]> record =
                    new ProducerRecord<>(topic, event.subject(), EventCodec.write(event));
            record.headers().add("content-type", EventCodec.STRUCTURED_CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
            acks.add(producer.send(record));
        }
        producer.flush();
        for (Future<?> ack : acks) {
            try {
                ack.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("publish to " + topic + " failed", e.getCause());
            }
        }
    }

    /**
     * Reads the topic from the beginning until a record matches, or the timeout passes.
     *
     * @return every record read, the matching one last; empty if none matched
     */
    public List<ConsumerRecord<String, byte[]>> readUntil(
            String topic, Predicate<ConsumerRecord<String, byte[]>> match, Duration timeout) {
        List<ConsumerRecord<String, byte[]>> read = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = fromBeginning(topic)) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    read.add(record);
                    if (match.test(record)) {
                        return read;
                    }
                }
            }
        }
        return List.of();
    }

    /** Every record on the topic now, read from the beginning until the topic has been quiet for a moment. */
    public List<ConsumerRecord<String, byte[]>> readAll(String topic, Duration quiet) {
        List<ConsumerRecord<String, byte[]>> read = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = fromBeginning(topic)) {
            long quietSince = System.nanoTime();
            while (System.nanoTime() - quietSince < quiet.toNanos()) {
                var records = consumer.poll(Duration.ofMillis(200));
                if (!records.isEmpty()) {
                    records.forEach(read::add);
                    quietSince = System.nanoTime();
                }
            }
        }
        return read;
    }

    /** A consumer assigned every partition of the topic at its start: no consumer group, no rebalance to wait for. */
    private KafkaConsumer<String, byte[]> fromBeginning(String topic) {
        Map<String, Object> consumerSettings = new HashMap<>(clientSettings);
        consumerSettings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(consumerSettings, new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(info -> new TopicPartition(topic, info.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return consumer;
    }

    /** A header's value as text, or null. */
    public static String header(ConsumerRecord<?, ?> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        producer.close();
    }
}
