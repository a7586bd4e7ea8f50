package io.retention.kit.store;

import io.retention.contract.CloudEvent;
import io.retention.contract.EventCodec;
import io.retention.kit.tracing.EventTracing;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The transactional outbox: an event to emit is written in the same transaction as the change it announces, and the
 * {@link io.retention.kit.messaging.OutboxRelay} publishes it after commit. So the database and the topic agree. Each
 * row keeps the trace context it was written in, so that the trace goes on when the row is published.
 */
@ApplicationScoped
public class Outbox {
    /** The advisory lock key of the relay (any constant: each service has a database of its own). */
    private static final long RELAY_LOCK = 0x7265_6c61_7900L;

    private static final String INSERT =
            "insert into outbox (event_id, type, topic, message_key, payload, traceparent, created_at) "
                    + "values ($1, $2, $3, $4, $5, $6, now())";

    private final EventTracing tracing;
    /** The transactions whose caller asked whether they add rows, by connection ({@link #watch}). */
    private final Map<SqlConnection, AtomicBoolean> watched = new ConcurrentHashMap<>();

    public Outbox(EventTracing tracing) {
        this.tracing = tracing;
    }

    /**
     * Adds events in the caller's transaction, all in one pipelined batch. In an inbound batch's transaction, an event
     * about a customer continues the trace of the latest inbound event about them; in a REST request's, the request's.
     */
    public Uni<Void> addAll(SqlConnection connection, List<CloudEvent> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        AtomicBoolean added = watched.get(connection);
        if (added != null) {
            added.set(true);
        }
        List<Tuple> rows = events.stream()
                .map(event -> Tuple.of(
                        event.id(),
                        event.type().typeName(),
                        event.type().topic(),
                        event.subject(),
                        new String(EventCodec.write(event), StandardCharsets.UTF_8),
                        tracing.traceparentFor(connection, event.subject())))
                .toList();
        return connection.preparedQuery(INSERT).executeBatch(rows).replaceWithVoid();
    }

    /**
     * Notes from now on whether the connection's transaction adds rows, so that its caller wakes the relay only then (a
     * batch that emits nothing spares the relay a round); {@link #unwatch} answers it.
     */
    public void watch(SqlConnection connection) {
        watched.put(connection, new AtomicBoolean());
    }

    /** Whether rows were added on the connection since {@link #watch}; stops noting. */
    public boolean unwatch(SqlConnection connection) {
        AtomicBoolean added = watched.remove(connection);
        return added != null && added.get();
    }

    /** A row waiting to be published, and how long it had waited when read. */
    public record Pending(
            long id,
            String type,
            String topic,
            String messageKey,
            String payload,
            String eventId,
            String traceparent,
            Duration waited) {}

    /**
     * Whether this transaction may relay: one relay at a time over the whole outbox, so that rows go out in id order
     * (see {@link io.retention.kit.messaging.OutboxRelay}).
     */
    public Uni<Boolean> tryLockRelay(SqlConnection connection) {
        return connection
                .preparedQuery("select pg_try_advisory_xact_lock($1) as relaying")
                .execute(Tuple.of(RELAY_LOCK))
                .map(rows -> rows.iterator().next().getBoolean("relaying"));
    }

    /**
     * The oldest rows, up to {@code limit}, in the order they were written, each with how long ago (by the database's
     * clock) the transaction that wrote it began.
     */
    public Uni<List<Pending>> oldest(SqlConnection connection, int limit) {
        return connection
                .preparedQuery("select id, type, topic, message_key, payload, event_id, traceparent, "
                        + "(extract(epoch from clock_timestamp() - created_at) * 1000000)::bigint as waited_micros "
                        + "from outbox order by id limit $1")
                .execute(Tuple.of(limit))
                .map(rows -> {
                    List<Pending> pending = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        pending.add(new Pending(
                                row.getLong("id"),
                                row.getString("type"),
                                row.getString("topic"),
                                row.getString("message_key"),
                                row.getString("payload"),
                                row.getString("event_id"),
                                row.getString("traceparent"),
                                Duration.of(Math.max(0, row.getLong("waited_micros")), ChronoUnit.MICROS)));
                    }
                    return pending;
                });
    }

    /** Removes rows that were published. */
    public Uni<Void> remove(SqlConnection connection, List<Pending> published) {
        return connection
                .preparedQuery("delete from outbox where id = any($1)")
                .execute(Tuple.tuple()
                        .addArrayOfLong(published.stream().map(Pending::id).toArray(Long[]::new)))
                .replaceWithVoid();
    }
}
