package io.retention.risk.engine;

import io.retention.kit.messaging.PartitionPosition;
import io.retention.kit.messaging.PartitionRead;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * The event time up to which every inbound partition has been read: a live event at or before it can be applied, since
 * no event of an earlier time waits unread on another topic. A partition with nothing left unread counts as read up to
 * the present (what is published to it from now on is late); one with records unread, up to the latest event time read
 * from it. Pure: the positions come from the broker, the reads from the service's own table.
 */
public final class Watermark {
    private Watermark() {}

    /**
     * @param positions where the consumer group stands on each partition of the inbound topics (the broker's view)
     * @param reads     how far the service has read each partition, as recorded with the events (may be ahead of the
     *                  group's committed offsets, which are committed after)
     * @param now       the present
     * @return the watermark, at most {@code now}; null while a partition with records unread has not been read at all
     */
    public static Instant of(Collection<PartitionPosition> positions, Collection<PartitionRead> reads, Instant now) {
        Map<String, PartitionRead> readByPartition = new HashMap<>();
        reads.forEach(read -> readByPartition.put(read.topic() + "/" + read.partition(), read));
        Instant watermark = now;
        for (PartitionPosition position : positions) {
            PartitionRead read = readByPartition.get(position.topic() + "/" + position.partition());
            long readTo = Math.max(position.committed(), read == null ? 0 : read.nextOffset());
            if (readTo >= position.end()) {
                continue;
            }
            Instant readUntil = read == null ? null : read.latestEventTime();
            if (readUntil == null) {
                return null;
            }
            if (readUntil.isBefore(watermark)) {
                watermark = readUntil;
            }
        }
        return watermark;
    }
}
