package io.retention.customer.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.retention.contract.Json;
import io.retention.customer.timeline.TimelineEntries;
import io.retention.kit.rest.Page;
import io.retention.kit.rest.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A customer's timeline (table {@code timeline_entry}): every interaction, newest first, read with usage as one line
 * per day (at its latest use, from {@code usage_day}).
 */
@ApplicationScoped
public class Timeline {
    private static final String ENTRIES =
            "select occurred_at, kind, type, channel, summary, data::text as data, null::integer as events, "
                    + "null::bigint as total, id from timeline_entry where customer_id = $1 "
                    + "union all select last_at, 'USAGE', 'retention.usage.recorded', null, null, features::text, "
                    + "events, total, null from usage_day where customer_id = $1";
    private static final String FILTER =
            " where ($2::varchar is null or kind = $2) and ($3::timestamptz is null or occurred_at >= $3) "
                    + "and ($4::timestamptz is null or occurred_at < $4)";

    private final Pool pool;

    public Timeline(Pool pool) {
        this.pool = pool;
    }

    /** A timeline row to write: the entry of the event (or consent change) {@code eventId}, with its data as JSON. */
    public static Tuple row(
            String eventId, String customerId, Instant at, TimelineEntries.Entry entry, String type, String dataJson) {
        return Tuple.from(Arrays.asList(
                eventId,
                customerId,
                at.atOffset(ZoneOffset.UTC),
                entry.kind().name(),
                type,
                entry.channel(),
                entry.summary(),
                dataJson));
    }

    /** Writes timeline rows; a row whose event is already on the timeline is left as it is. */
    public static Uni<Void> add(SqlClient client, List<Tuple> rows) {
        return rows.isEmpty()
                ? Uni.createFrom().voidItem()
                : client.preparedQuery(
                                "insert into timeline_entry (event_id, customer_id, occurred_at, kind, type, channel, summary, data) "
                                        + "values ($1, $2, $3, $4, $5, $6, $7, $8::text::jsonb) on conflict (event_id) do nothing")
                        .executeBatch(rows)
                        .replaceWithVoid();
    }

    /** Deletes an erased customer's entries. */
    public Uni<Void> delete(SqlConnection connection, String customerId) {
        return connection
                .preparedQuery("delete from timeline_entry where customer_id = $1")
                .execute(Tuple.of(customerId))
                .replaceWithVoid();
    }

    /** One item on the timeline; {@code data} is the event's data (for usage, the count per feature). */
    public record Item(
            Instant at, TimelineEntries.Kind kind, String type, String channel, String summary, JsonNode data) {}

    public Uni<Page<Item>> page(
            String customerId, TimelineEntries.Kind kind, Instant from, Instant to, int page, int size) {
        Tuple filter = Tuple.of(customerId, kind == null ? null : kind.name(), at(from), at(to));
        return pool.preparedQuery("select exists (select 1 from customer where customer_id = $1) as known")
                .execute(Tuple.of(customerId))
                .chain(known -> {
                    if (!known.iterator().next().getBoolean("known")) {
                        return Uni.createFrom()
                                .failure(ProblemException.notFound("no customer has id '" + customerId + "'"));
                    }
                    return pool.preparedQuery("select count(*) as total from (" + ENTRIES + ") as entries" + FILTER)
                            .execute(filter)
                            .chain(count -> pool.preparedQuery("select * from (" + ENTRIES + ") as entries" + FILTER
                                            + " order by occurred_at desc, id desc nulls last limit $5 offset $6")
                                    .execute(Tuple.of(
                                            customerId,
                                            filter.getValue(1),
                                            filter.getValue(2),
                                            filter.getValue(3),
                                            size,
                                            (long) page * size))
                                    .map(rows -> {
                                        List<Item> items = new ArrayList<>();
                                        rows.forEach(row -> items.add(item(row)));
                                        Iterator<Row> total = count.iterator();
                                        return new Page<>(
                                                items, page, size, total.next().getLong("total"));
                                    }));
                });
    }

    private static Item item(Row row) {
        JsonNode data = json(row.getString("data"));
        TimelineEntries.Kind kind = TimelineEntries.Kind.valueOf(row.getString("kind"));
        String summary = row.getString("summary");
        if (kind == TimelineEntries.Kind.USAGE) {
            summary = usageSummary(row.getInteger("events"), row.getLong("total"), data);
            ObjectNode usage = Json.MAPPER.createObjectNode();
            usage.put("events", row.getInteger("events"));
            usage.put("total", row.getLong("total"));
            usage.set("features", data);
            data = usage;
        }
        return new Item(
                row.getOffsetDateTime("occurred_at").toInstant(),
                kind,
                row.getString("type"),
                row.getString("channel"),
                summary,
                data);
    }

    private static String usageSummary(int events, long total, JsonNode features) {
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, JsonNode> feature : features.properties()) {
            parts.add(feature.getKey() + " " + feature.getValue().asLong());
        }
        return "Used the product " + total + (total == 1 ? " time" : " times") + " (" + events
                + (events == 1 ? " event" : " events") + "): " + String.join(", ", parts);
    }

    private static JsonNode json(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static OffsetDateTime at(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
