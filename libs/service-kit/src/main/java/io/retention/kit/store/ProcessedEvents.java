package io.retention.kit.store;

import io.retention.contract.CloudEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The idempotency record: ids of the events a service has processed. Written in the transaction of the event's effect,
 * so an event is either processed and recorded, or neither.
 */
@ApplicationScoped
public class ProcessedEvents {

    /**
     * Records the ids of a batch of events at once (reactive SQL client) and answers the events that were not recorded
     * before, in the order given and each id once: the ones the batch must apply.
     */
    public Uni<List<CloudEvent>> keepNew(SqlConnection connection, List<CloudEvent> events) {
        Map<String, CloudEvent> byId = new LinkedHashMap<>();
        events.forEach(event -> byId.putIfAbsent(event.id(), event));
        return connection
                .preparedQuery("insert into processed_event (event_id, processed_at) "
                        + "select unnest($1::varchar[]), now() on conflict do nothing returning event_id")
                .execute(Tuple.tuple().addArrayOfString(byId.keySet().toArray(String[]::new)))
                .map(rows -> {
                    Set<String> inserted = new HashSet<>();
                    for (Row row : rows) {
                        inserted.add(row.getString("event_id"));
                    }
                    return byId.values().stream()
                            .filter(event -> inserted.contains(event.id()))
                            .toList();
                });
    }
}
