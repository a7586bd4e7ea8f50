package io.retention.risk.engine;

import io.retention.kit.messaging.PartitionPosition;
import io.retention.kit.messaging.PartitionRead;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * The event time up to which every inbound partition has been read: a live event at or before it can be applied, since
 * no event of an earlier time waits unread on another topic.
 *
 * <p>A partition with nothing left unread counts as read up to the present: what is published to it from then on with
 * an earlier time is late. One whose unread records were all published since a recent moment (under steady traffic a
 * record is always in flight) counts as read up to that moment, or to the latest event time read from it if later. One
 * with older records unread (a backlog: a consumer that restarted, lagged or sat on a pod that died) counts up to the
 * latest event time read from it, so that its unread events are applied in their time order with the others. Pure: the
 * positions come from the broker, the reads from the service's own table.
 */
public final class Watermark {
    private Watermark() {}

    /**
     * @param positions where the consumer group stands on each partition of the inbound topics (the broker's view),
     *                  with the first offset of each published since {@code recently}
     * @param reads     how far the service has read each partition, as recorded with the events (may be ahead of the
     *                  group's committed offsets, which are committed after)
     * @param recently  the moment from which records still unread count as in flight rather than as a backlog
     * @param now       the present, read before the positions
     * @return the watermark, at most {@code now}; null while a partition behind has not been read at all
     */
    public static Instant of(
            Collection<PartitionPosition> positions, Collection<PartitionRead> reads, Instant recently, Instant now) {
        Map<String, PartitionRead> readByPartition = new HashMap<>();
        reads.forEach(read -> readByPartition.put(read.topic() + "/" + read.partition(), read));
        Instant watermark = now;
        boolean unknown = false;
        for (PartitionPosition position : positions) {
            PartitionRead read = readByPartition.get(position.topic() + "/" + position.partition());
            long readTo = Math.max(position.committed(), read == null ? 0 : read.nextOffset());
            if (readTo >= position.end()) {
                continue;
            }
            Instant readUntil = read == null ? null : read.latestEventTime();
            if (readTo >= position.firstPublishedSince() && (readUntil == null || recently.isAfter(readUntil))) {
                readUntil = recently;
            }
            if (readUntil == null) {
                unknown = true;
            } else if (readUntil.isBefore(watermark)) {
                watermark = readUntil;
            }
        }
        return unknown ? null : watermark;
    }
}
