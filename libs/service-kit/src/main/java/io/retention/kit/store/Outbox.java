package io.retention.kit.store;

import io.retention.contract.CloudEvent;
import io.retention.contract.EventCodec;
import io.retention.kit.tracing.EventTracing;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * The transactional outbox: an event to emit is written in the same transaction as the change it announces, and the
 * {@link io.retention.kit.messaging.OutboxRelay} publishes it after commit. So the database and the topic agree. Each
 * row keeps the trace context it was written in, so that the trace goes on when the row is published.
 */
@ApplicationScoped
public class Outbox {
    /** The row, in the reactive SQL client's parameter style. */
    private static final String INSERT = insert("$1", "$2", "$3", "$4", "$5", "$6");
    /** The same row in Hibernate's: a session does not lend its SQL connection. */
    private static final String INSERT_IN_SESSION =
            insert(":id", ":type", ":topic", ":key", ":payload", ":traceparent");

    private final EventTracing tracing;

    public Outbox(EventTracing tracing) {
        this.tracing = tracing;
    }

    /** Adds an event in a Hibernate session's transaction (a REST request's, whose trace it continues). */
    public Uni<Void> add(Mutiny.Session session, CloudEvent event) {
        return session.createNativeQuery(INSERT_IN_SESSION)
                .setParameter("id", event.id())
                .setParameter("type", event.type().typeName())
                .setParameter("topic", event.type().topic())
                .setParameter("key", event.subject())
                .setParameter("payload", new String(EventCodec.write(event), StandardCharsets.UTF_8))
                .setParameter("traceparent", EventTracing.currentTraceparent())
                .executeUpdate()
                .replaceWithVoid();
    }

    /**
     * The same for services that write with the reactive SQL client: all the events in one pipelined batch. In an
     * inbound batch's transaction, an event about a customer continues the trace of the latest inbound event about them.
     */
    public Uni<Void> addAll(SqlConnection connection, List<CloudEvent> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
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

    private static String insert(
            String eventId, String type, String topic, String key, String payload, String traceparent) {
        return "insert into outbox (event_id, type, topic, message_key, payload, traceparent, created_at) values ("
                + String.join(", ", eventId, type, topic, key, payload, traceparent) + ", now())";
    }
}
