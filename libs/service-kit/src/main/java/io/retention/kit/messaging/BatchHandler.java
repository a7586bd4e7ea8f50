package io.retention.kit.messaging;

import io.retention.contract.CloudEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import java.time.Instant;
import java.util.List;

/**
 * Applies a batch of valid inbound events inside the transaction it is given, as of {@code now} (the service's clock,
 * read once per attempt); answers how many were new.
 */
@FunctionalInterface
public interface BatchHandler {
    Uni<Integer> handle(SqlConnection connection, List<CloudEvent> events, Instant now);
}
