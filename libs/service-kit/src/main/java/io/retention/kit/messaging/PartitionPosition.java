package io.retention.kit.messaging;

/**
 * Where a consumer group stands on one partition: the offset the next record published will take, the offset the group
 * has committed (0 when it has committed none), and the first offset of the records published since a given moment
 * ({@code end} when none was, or when no moment was asked about).
 */
public record PartitionPosition(String topic, int partition, long end, long committed, long firstPublishedSince) {}
