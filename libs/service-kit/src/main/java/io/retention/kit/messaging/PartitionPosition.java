package io.retention.kit.messaging;

/**
 * Where a consumer group stands on one partition: the offset the next record published will take, and the offset the
 * group has committed (0 when it has committed none).
 */
public record PartitionPosition(String topic, int partition, long end, long committed) {}
