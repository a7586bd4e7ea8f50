package io.retention.risk.store;

import io.retention.contract.CloudEvent;
import io.retention.contract.EventCodec;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * Live events waiting to be applied in event-time order (table {@code held_event}): each is held until every inbound
 * partition has been read past its time, so that a customer is judged on exactly what happened up to then.
 */
@ApplicationScoped
public class HeldEvents {
    /** The order events are applied in: by time, and by id between events of the same time. */
    private static final Comparator<CloudEvent> EVENT_TIME_ORDER =
            Comparator.comparing(CloudEvent::time).thenComparing(CloudEvent::id);

    /** Whether this instance held events since {@link #takeHeldHere} last asked. */
    private final AtomicBoolean heldHere = new AtomicBoolean();

    /** Holds the events, each with the trace it came in (an event held already stays as it is). */
    public Uni<Void> hold(
            SqlConnection connection, List<CloudEvent> events, Function<CloudEvent, String> traceparent, Instant now) {
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        heldHere.set(true);
        int n = events.size();
        String[] ids = new String[n];
        String[] customers = new String[n];
        OffsetDateTime[] times = new OffsetDateTime[n];
        Buffer[] payloads = new Buffer[n];
        String[] traceparents = new String[n];
        for (int i = 0; i < n; i++) {
            CloudEvent event = events.get(i);
            ids[i] = event.id();
            customers[i] = event.subject();
            times[i] = event.time().atOffset(ZoneOffset.UTC);
            payloads[i] = Buffer.buffer(EventCodec.write(event));
            traceparents[i] = traceparent.apply(event);
        }
        return connection
                .preparedQuery(
                        "insert into held_event (event_id, customer_id, event_time, held_at, event, traceparent) "
                                + "select u.event_id, u.customer_id, u.event_time, $5, u.event, u.traceparent "
                                + "from unnest($1::varchar[], $2::varchar[], $3::timestamptz[], $4::bytea[], $6::varchar[]) "
                                + "as u(event_id, customer_id, event_time, event, traceparent) on conflict do nothing")
                .execute(Tuple.tuple()
                        .addArrayOfString(ids)
                        .addArrayOfString(customers)
                        .addArrayOfOffsetDateTime(times)
                        .addValue(payloads)
                        .addOffsetDateTime(now.atOffset(ZoneOffset.UTC))
                        .addArrayOfString(traceparents))
                .replaceWithVoid();
    }

    /** Whether this instance held events since the last call (in transactions committed or not). */
    public boolean takeHeldHere() {
        return heldHere.getAndSet(false);
    }

    /**
     * Whether any event is held. Asked of the time index, not the table: once a backlog has drained, the table's pages
     * are dead rows until vacuumed, and a scan for any row read all of them at every poll (0.1-0.2 s on a million).
     */
    public Uni<Boolean> any(SqlClient client) {
        return client.query("select event_time from held_event order by event_time limit 1")
                .execute()
                .map(rows -> rows.size() > 0);
    }

    /**
     * Customers with an event that can be applied (see {@link #take}), in id order: those of the earliest {@code limit}
     * events at or before the watermark, and those with an event held since before {@code heldSince}. Both read an
     * index from its start, so a long backlog of held events costs a round no more than a short one.
     */
    public Uni<Releasable> releasable(SqlClient client, Release release, int limit) {
        return client.preparedQuery(
                        "(select customer_id, true as by_time from held_event where event_time <= $1 and event_time <= $3 "
                                + "order by event_time limit $4) "
                                + "union all (select customer_id, false as by_time from held_event where held_at <= $2 "
                                + "and event_time <= $3 order by held_at limit $4)")
                .execute(Tuple.of(at(release.watermark()), at(release.heldSince()), at(release.now()), limit))
                .map(rows -> {
                    Set<String> ids = new TreeSet<>();
                    int byTime = 0;
                    int byHeld = 0;
                    for (Row row : rows) {
                        ids.add(row.getString("customer_id"));
                        if (row.getBoolean("by_time")) {
                            byTime++;
                        } else {
                            byHeld++;
                        }
                    }
                    return new Releasable(List.copyOf(ids), byTime == limit || byHeld == limit);
                });
    }

    /**
     * Removes and answers these customers' events that can be applied, in {@link #EVENT_TIME_ORDER} per customer (with
     * the trace of each customer's latest one): those
     * at or before the watermark, and, for a customer with an event held since before {@code heldSince} (a partition
     * that stays unread), everything up to that event's time; never an event still ahead of {@code now}.
     */
    public Uni<Taken> take(SqlConnection connection, Collection<String> customerIds, Release release) {
        return connection
                .preparedQuery("with bound as (select customer_id, "
                        + "greatest($2::timestamptz, max(event_time) filter (where held_at <= $3)) as until "
                        + "from held_event where customer_id = any($1) group by customer_id) "
                        + "delete from held_event h using bound b where h.customer_id = b.customer_id "
                        + "and h.event_time <= b.until and h.event_time <= $4 "
                        + "returning h.customer_id, h.event, h.traceparent, h.held_at")
                .execute(Tuple.tuple()
                        .addArrayOfString(customerIds.toArray(String[]::new))
                        .addOffsetDateTime(at(release.watermark()))
                        .addOffsetDateTime(at(release.heldSince()))
                        .addOffsetDateTime(at(release.now())))
                .map(rows -> {
                    Map<String, List<CloudEvent>> byCustomer = new TreeMap<>();
                    Map<String, CloudEvent> latest = new HashMap<>();
                    Map<String, String> traceparents = new HashMap<>();
                    List<Instant> heldAt = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        CloudEvent event = read(row);
                        heldAt.add(row.getOffsetDateTime("held_at").toInstant());
                        byCustomer
                                .computeIfAbsent(event.subject(), id -> new ArrayList<>())
                                .add(event);
                        if (row.getString("traceparent") != null
                                && (!latest.containsKey(event.subject())
                                        || EVENT_TIME_ORDER.compare(event, latest.get(event.subject())) > 0)) {
                            latest.put(event.subject(), event);
                            traceparents.put(event.subject(), row.getString("traceparent"));
                        }
                    }
                    byCustomer.values().forEach(events -> events.sort(EVENT_TIME_ORDER));
                    return new Taken(byCustomer, traceparents, heldAt);
                });
    }

    /** Forgets the events held for these customers (they were erased). */
    public Uni<Void> forget(SqlConnection connection, Collection<String> customerIds) {
        return connection
                .preparedQuery("delete from held_event where customer_id = any($1)")
                .execute(Tuple.tuple().addArrayOfString(customerIds.toArray(String[]::new)))
                .replaceWithVoid();
    }

    private static CloudEvent read(Row row) {
        return EventCodec.readWritten(row.getBuffer("event").getBytes());
    }

    private static OffsetDateTime at(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    /** Customers whose events can be applied, in id order; {@code more}: others may be beyond the limit. */
    public record Releasable(List<String> customerIds, boolean more) {}

    /**
     * Events taken to be applied, by customer in event-time order, the trace of each customer's latest, and when each
     * was held.
     */
    public record Taken(
            Map<String, List<CloudEvent>> byCustomer, Map<String, String> traceparentBySubject, List<Instant> heldAt) {}

    /**
     * What may be applied now: events at or before {@code watermark} (null: none by it), and those of a customer with an
     * event held since before {@code heldSince}; none ahead of {@code now}.
     */
    public record Release(Instant watermark, Instant heldSince, Instant now) {}
}
