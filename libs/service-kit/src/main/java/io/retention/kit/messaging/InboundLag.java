package io.retention.kit.messaging;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * How many records of some topics the service's consumer group (all its instances together) has not read yet. "No
 * history read for a while" means the history is all in only when nothing is waiting unread: a consumer that was
 * stopped (a restart, a database outage, a rebalance after a pod died) reads nothing while its partitions fill.
 */
@ApplicationScoped
public class InboundLag {
    private static final long TIMEOUT_SECONDS = 10;

    private final Map<String, Object> kafka;
    private final String group;
    private static final long DESCRIBE_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);

    private Admin admin;
    private volatile Described partitionsRead;

    public InboundLag(
            @Identifier("default-kafka-broker") Map<String, Object> kafka,
            @ConfigProperty(name = "quarkus.application.name") String group) {
        this.kafka = kafka;
        this.group = group;
    }

    /** Records published to the topics and not yet committed by the consumer group; off the event loop. */
    public Uni<Long> unread(Collection<String> topics) {
        return positions(topics, null)
                .map(positions -> positions.stream()
                        .mapToLong(position -> Math.max(0, position.end() - position.committed()))
                        .sum());
    }

    /**
     * Where the consumer group stands on each partition of the topics, and the first offset of each published at or after
     * {@code publishedSince} (its end when none was; null: not asked); off the event loop.
     */
    public Uni<List<PartitionPosition>> positions(Collection<String> topics, Instant publishedSince) {
        return Uni.createFrom()
                .item(() -> read(topics, publishedSince))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private List<PartitionPosition> read(Collection<String> topics, Instant publishedSince) {
        try {
            Admin client = admin();
            List<TopicPartition> partitions = partitionsOf(client, topics);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            Map<TopicPartition, OffsetSpec> byTime = new HashMap<>();
            for (TopicPartition partition : partitions) {
                latest.put(partition, OffsetSpec.latest());
                if (publishedSince != null) {
                    byTime.put(partition, OffsetSpec.forTimestamp(publishedSince.toEpochMilli()));
                }
            }
            // the three requests at once: a round trip each would add up on every release of held events
            KafkaFuture<Map<TopicPartition, OffsetAndMetadata>> committedFuture =
                    client.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata();
            KafkaFuture<Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo>> endsFuture =
                    client.listOffsets(latest).all();
            KafkaFuture<Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo>> sinceFuture = byTime.isEmpty()
                    ? KafkaFuture.completedFuture(Map.of())
                    : client.listOffsets(byTime).all();
            Map<TopicPartition, OffsetAndMetadata> committed = committedFuture.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
                    endsFuture.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> since =
                    sinceFuture.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            List<PartitionPosition> positions = new ArrayList<>(ends.size());
            for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> end : ends.entrySet()) {
                OffsetAndMetadata read = committed.get(end.getKey());
                ListOffsetsResult.ListOffsetsResultInfo first = since.get(end.getKey());
                // no record published since: the next one will be
                long firstSince =
                        first == null || first.offset() < 0 ? end.getValue().offset() : first.offset();
                positions.add(new PartitionPosition(
                        end.getKey().topic(),
                        end.getKey().partition(),
                        end.getValue().offset(),
                        read == null ? 0 : read.offset(),
                        firstSince));
            }
            return positions;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (Exception e) {
            partitionsRead = null; // a topic may have changed: describe them again next time
            throw new IllegalStateException("could not read the consumer group's positions: " + e.getMessage(), e);
        }
    }

    /**
     * The topics' partitions, described again at most once a minute: partitions are added rarely, and a description
     * per call would be one more round trip on a hot path.
     */
    private List<TopicPartition> partitionsOf(Admin client, Collection<String> topics) throws Exception {
        Described described = partitionsRead;
        if (described != null
                && described.topics().equals(Set.copyOf(topics))
                && described.at() > System.nanoTime() - DESCRIBE_EVERY_NANOS) {
            return described.partitions();
        }
        List<TopicPartition> partitions = new ArrayList<>();
        for (TopicDescription topic : client.describeTopics(topics)
                .allTopicNames()
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                .values()) {
            topic.partitions()
                    .forEach(partition -> partitions.add(new TopicPartition(topic.name(), partition.partition())));
        }
        partitionsRead = new Described(Set.copyOf(topics), List.copyOf(partitions), System.nanoTime());
        return partitions;
    }

    private record Described(Set<String> topics, List<TopicPartition> partitions, long at) {}

    private synchronized Admin admin() {
        if (admin == null) {
            Map<String, Object> settings = new HashMap<>(kafka);
            settings.put("client.id", group + "-lag");
            admin = Admin.create(settings);
        }
        return admin;
    }

    @PreDestroy
    synchronized void close() {
        if (admin != null) {
            admin.close();
        }
    }
}
