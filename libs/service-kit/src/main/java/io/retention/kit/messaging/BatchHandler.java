package io.retention.kit.messaging;

import io.retention.contract.CloudEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import java.util.List;

/** Applies a batch of valid inbound events inside the transaction it is given; answers how many were new. */
@FunctionalInterface
public interface BatchHandler {
    Uni<Integer> handle(SqlConnection connection, List<CloudEvent> events);
}
