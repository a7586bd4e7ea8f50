package io.retention.kit.messaging;

import java.time.Instant;

/**
 * How far a batch read one partition of an inbound topic: the offset after its last record, and the latest event time
 * among its valid events (null when it held none).
 */
public record PartitionRead(String topic, int partition, long nextOffset, Instant latestEventTime) {

    /** The later of two reads of the same partition. */
    PartitionRead merge(long offset, Instant eventTime) {
        Instant latest = latestEventTime == null || (eventTime != null && eventTime.isAfter(latestEventTime))
                ? eventTime
                : latestEventTime;
        return new PartitionRead(topic, partition, Math.max(nextOffset, offset + 1), latest);
    }
}
