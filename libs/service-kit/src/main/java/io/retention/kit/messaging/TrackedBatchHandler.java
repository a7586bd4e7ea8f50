package io.retention.kit.messaging;

import io.retention.contract.CloudEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import java.time.Instant;
import java.util.List;

/**
 * A {@link BatchHandler} that also learns how far the batch read each partition, for a service that records its own
 * progress through its inbound topics in the transaction of the events (event-time watermarks).
 */
@FunctionalInterface
public interface TrackedBatchHandler {
    Uni<Integer> handle(SqlConnection connection, List<CloudEvent> events, List<PartitionRead> reads, Instant now);
}
