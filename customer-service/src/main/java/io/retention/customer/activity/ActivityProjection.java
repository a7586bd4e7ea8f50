package io.retention.customer.activity;

import io.retention.contract.CloudEvent;
import io.retention.contract.Json;
import io.retention.contract.Topics;
import io.retention.contract.events.PurchaseCompleted;
import io.retention.contract.events.PurchaseRefunded;
import io.retention.contract.events.UsageRecorded;
import io.retention.customer.lifecycle.Lifecycle;
import io.retention.customer.registry.LifecycleStage;
import io.retention.customer.store.Profiles;
import io.retention.customer.store.StageFacts;
import io.retention.customer.store.StageHistory;
import io.retention.customer.timeline.Timeline;
import io.retention.customer.timeline.TimelineEntries;
import io.retention.kit.store.ErasedCustomers;
import io.retention.kit.store.HistoryIntake;
import io.retention.kit.store.ProcessedEvents;
import io.retention.kit.time.EventTiming;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What customer-service learns from every other topic, a batch in one transaction: a customer first seen in an event is
 * created, and announced as registered with their own first event (a purchase, ticket, feedback or use; not another
 * service's signal about them), as history if that event is; each event becomes a timeline entry (usage a line per
 * day), purchases and refunds add to the revenue that ranks tiers, and the lifecycle stage follows the events; a changed
 * stage is recorded and announced.
 */
@ApplicationScoped
public class ActivityProjection {
    private final ProcessedEvents processedEvents;
    private final Profiles profiles;
    private final Lifecycle lifecycle;
    private final ErasedCustomers erasedCustomers;
    private final EventTiming timing;
    private final HistoryIntake historyIntake;

    public ActivityProjection(
            ProcessedEvents processedEvents,
            Profiles profiles,
            Lifecycle lifecycle,
            ErasedCustomers erasedCustomers,
            EventTiming timing,
            HistoryIntake historyIntake) {
        this.historyIntake = historyIntake;
        this.erasedCustomers = erasedCustomers;
        this.timing = timing;
        this.processedEvents = processedEvents;
        this.profiles = profiles;
        this.lifecycle = lifecycle;
    }

    /** Applies the events; answers how many were new. */
    public Uni<Integer> apply(SqlConnection connection, List<CloudEvent> events, Instant now) {
        return processedEvents
                .keepNew(connection, events)
                .call(fresh -> fresh.stream().anyMatch(event -> timing.isHistory(event, now))
                        ? historyIntake.seen(now)
                        : Uni.createFrom().voidItem())
                .chain(fresh -> {
                    Map<String, List<CloudEvent>> byCustomer = new TreeMap<>();
                    fresh.forEach(event -> byCustomer
                            .computeIfAbsent(event.subject(), id -> new ArrayList<>())
                            .add(event));
                    if (byCustomer.isEmpty()) {
                        return Uni.createFrom().item(0);
                    }
                    // lock the customers' rows first: an erasure running now either waits for this batch (and then
                    // deletes
                    // what it wrote) or has committed before the tombstone check below (and the batch skips the
                    // customer)
                    return connection
                            .preparedQuery(
                                    "select customer_id from customer where customer_id = any($1) order by customer_id for update")
                            .execute(Tuple.of(byCustomer.keySet().toArray(String[]::new)))
                            .chain(() -> erasedCustomers.among(connection, byCustomer.keySet()))
                            .chain(erased -> {
                                byCustomer.keySet().removeAll(erased);
                                return byCustomer.isEmpty()
                                        ? Uni.createFrom().voidItem()
                                        : project(connection, byCustomer, now);
                            })
                            .replaceWith(fresh.size());
                });
    }

    private Uni<Void> project(SqlConnection connection, Map<String, List<CloudEvent>> byCustomer, Instant now) {
        String[] ids = byCustomer.keySet().toArray(String[]::new);
        OffsetDateTime[] firstSeen = byCustomer.values().stream()
                .map(customerEvents -> earliest(customerEvents, now).atOffset(ZoneOffset.UTC))
                .toArray(OffsetDateTime[]::new);
        return connection
                .preparedQuery("insert into customer (customer_id, lifecycle_stage, time_zone, created_at, updated_at, "
                        + "first_seen_at, stage_since, registered_announced) select id, 'NEW', $3, $2, $2, seen, seen, false "
                        + "from unnest($1::varchar[], $4::timestamptz[]) as u(id, seen) order by id "
                        + "on conflict do nothing returning customer_id")
                .execute(Tuple.of(ids, now.atOffset(ZoneOffset.UTC), profiles.defaultTimeZone(), firstSeen))
                .chain(createdRows -> {
                    Set<String> created = new HashSet<>();
                    createdRows.forEach(row -> created.add(row.getString("customer_id")));
                    return connection
                            .preparedQuery("select customer_id, lifecycle_stage, stage_since, " + StageFacts.COLUMNS
                                    + ", registered_announced from customer "
                                    + "where customer_id = any($1) order by customer_id for update")
                            .execute(Tuple.tuple().addArrayOfString(ids))
                            .chain(rows -> write(connection, byCustomer, rows, created, now));
                });
    }

    private Uni<Void> write(
            SqlConnection connection,
            Map<String, List<CloudEvent>> byCustomer,
            Iterable<Row> rows,
            Set<String> created,
            Instant now) {
        List<Tuple> timeline = new ArrayList<>();
        Map<List<Object>, UsageDay> usage = new LinkedHashMap<>();
        Map<List<Object>, BigDecimal> revenue = new LinkedHashMap<>();
        Map<String, Stored> stored = new TreeMap<>();
        Map<String, Lifecycle.Facts> facts = new HashMap<>();
        Map<String, Instant> churnMoved = new HashMap<>();
        Set<String> registering = new HashSet<>();
        Set<String> announced = new HashSet<>();
        Map<String, Instant> registeringFromHistory = new HashMap<>();
        for (Row row : rows) {
            String customerId = row.getString("customer_id");
            List<CloudEvent> customerEvents = byCustomer.get(customerId);
            Lifecycle.Facts before = StageFacts.read(row);
            Lifecycle.Facts after = before;
            for (CloudEvent event : customerEvents) {
                after = after.with(event.type(), event.time());
                record(event, timeline, usage, revenue);
            }
            if (after.churnMovedFrom(before)) {
                churnMoved.put(customerId, after.churnedAt());
            }
            facts.put(customerId, after);
            stored.put(
                    customerId,
                    new Stored(
                            new Lifecycle.Position(
                                    LifecycleStage.valueOf(row.getString("lifecycle_stage")),
                                    row.getOffsetDateTime("stage_since").toInstant()),
                            before,
                            created.contains(customerId)));
            // registered with the customer's own first event (not another service's signal about them): history or live
            // as it is
            List<CloudEvent> own = customerEvents.stream()
                    .filter(event -> Topics.INBOUND.contains(event.type().topic()))
                    .toList();
            if (row.getBoolean("registered_announced")) {
                announced.add(customerId);
            } else if (!own.isEmpty()) {
                registering.add(customerId);
                if (own.stream().allMatch(event -> timing.isHistory(event, now))) {
                    registeringFromHistory.put(customerId, after.firstSeen());
                }
            }
        }
        Set<String> stageChanged = new HashSet<>();
        Uni<Void> written = Timeline.add(connection, timeline)
                .chain(() -> addUsage(connection, usage))
                .chain(() -> addRevenue(connection, revenue))
                // after a later churn, the first return after it may be among events read before: looked up once
                // written
                .chain(() -> StageFacts.returnsAfter(connection, churnMoved))
                .chain(returns -> {
                    List<StageFacts.Judged> judged = new ArrayList<>();
                    List<StageHistory.StageChange> changes = new ArrayList<>();
                    stored.forEach((customerId, was) -> {
                        Lifecycle.Facts known = facts.get(customerId);
                        if (churnMoved.containsKey(customerId)) {
                            known = known.returnedAt(returns.get(customerId));
                        }
                        // judged at the present: an earlier first event read now can end an onboarding period at once
                        Lifecycle.Position position = lifecycle.stageAt(known, now);
                        if (position.stage() != was.position().stage()) {
                            stageChanged.add(customerId);
                            changes.add(new StageHistory.StageChange(
                                    customerId,
                                    position.stage(),
                                    position.since(),
                                    cause(was.position(), position, byCustomer.get(customerId))));
                        }
                        if (!position.equals(was.position()) || !known.equals(was.facts()) || was.created()) {
                            judged.add(new StageFacts.Judged(customerId, known, position, now));
                        }
                    });
                    return StageFacts.write(connection, judged).chain(() -> StageHistory.record(connection, changes));
                })
                .chain(() -> registering.isEmpty()
                        ? Uni.createFrom().voidItem()
                        : connection
                                .preparedQuery(
                                        "update customer set registered_announced = true where customer_id = any($1)")
                                .execute(Tuple.tuple().addArrayOfString(registering.toArray(String[]::new)))
                                .replaceWithVoid());
        // a stage change of a customer not registered yet goes out with their registration
        return written.chain(() -> {
            Set<String> announce = new HashSet<>(registering);
            stageChanged.stream().filter(announced::contains).forEach(announce::add);
            return announce.isEmpty()
                    ? Uni.createFrom().voidItem()
                    : profiles.announce(connection, announce, registering, registeringFromHistory, now);
        });
    }

    /** What moved a customer to a new stage: the event of the batch at the moment it began, or the end of a period. */
    private static String cause(Lifecycle.Position was, Lifecycle.Position now, List<CloudEvent> events) {
        return events.stream()
                .filter(event -> event.time().equals(now.since()))
                .map(event -> event.type().typeName())
                .max(Comparator.naturalOrder())
                .orElse(
                        switch (was.stage()) {
                            case ONBOARDING -> "onboarding-ended";
                            case WON_BACK -> "won-back-period-ended";
                            default -> "judged-from-history";
                        });
    }

    /** What a customer's row held before the batch. */
    private record Stored(Lifecycle.Position position, Lifecycle.Facts facts, boolean created) {}

    private static void record(
            CloudEvent event,
            List<Tuple> timeline,
            Map<List<Object>, UsageDay> usage,
            Map<List<Object>, BigDecimal> revenue) {
        LocalDate day = LocalDate.ofInstant(event.time(), ZoneOffset.UTC);
        switch (event.type()) {
            case USAGE_RECORDED -> {
                UsageRecorded used = event.dataAs(UsageRecorded.class);
                usage.computeIfAbsent(List.of(event.subject(), day), key -> new UsageDay())
                        .add(used.feature(), used.countOrOne(), event.time());
                return;
            }
            case PURCHASE_COMPLETED ->
                revenue.merge(
                        List.of(event.subject(), day),
                        event.dataAs(PurchaseCompleted.class).amount(),
                        BigDecimal::add);
            case PURCHASE_REFUNDED ->
                revenue.merge(
                        List.of(event.subject(), day),
                        event.dataAs(PurchaseRefunded.class).amount().negate(),
                        BigDecimal::add);
            default -> {}
        }
        TimelineEntries.Entry entry = TimelineEntries.of(event);
        if (entry != null) {
            timeline.add(Timeline.row(
                    event.id(),
                    event.subject(),
                    event.time(),
                    entry,
                    event.type().typeName(),
                    event.data().toString()));
        }
    }

    private static Uni<Void> addUsage(SqlConnection connection, Map<List<Object>, UsageDay> usage) {
        if (usage.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> rows = new ArrayList<>();
        usage.forEach((key, day) -> rows.add(Tuple.from(List.of(
                key.get(0),
                key.get(1),
                day.events,
                day.total,
                day.featuresJson(),
                day.firstAt.atOffset(ZoneOffset.UTC),
                day.lastAt.atOffset(ZoneOffset.UTC)))));
        // feature counts add up key by key
        return connection
                .preparedQuery("insert into usage_day (customer_id, day, events, total, features, first_at, last_at) "
                        + "values ($1, $2, $3, $4, $5::text::jsonb, $6, $7) on conflict (customer_id, day) do update set "
                        + "events = usage_day.events + excluded.events, total = usage_day.total + excluded.total, "
                        + "first_at = least(usage_day.first_at, excluded.first_at), "
                        + "last_at = greatest(usage_day.last_at, excluded.last_at), "
                        + "features = (select jsonb_object_agg(k, coalesce((usage_day.features ->> k)::bigint, 0) "
                        + "+ coalesce((excluded.features ->> k)::bigint, 0)) from (select jsonb_object_keys(usage_day.features) "
                        + "union select jsonb_object_keys(excluded.features)) as keys(k))")
                .executeBatch(rows)
                .replaceWithVoid();
    }

    private static Uni<Void> addRevenue(SqlConnection connection, Map<List<Object>, BigDecimal> revenue) {
        if (revenue.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> rows = new ArrayList<>();
        revenue.forEach((key, amount) -> rows.add(Tuple.of(key.get(0), key.get(1), amount)));
        return connection
                .preparedQuery("insert into revenue_day (customer_id, day, amount) values ($1, $2, $3) "
                        + "on conflict (customer_id, day) do update set amount = revenue_day.amount + excluded.amount")
                .executeBatch(rows)
                .replaceWithVoid();
    }

    private static Instant earliest(List<CloudEvent> events, Instant now) {
        Instant earliest = now;
        for (CloudEvent event : events) {
            if (event.time().isBefore(earliest)) {
                earliest = event.time();
            }
        }
        return earliest;
    }

    /** One customer's usage on one day, as a batch adds it up. */
    private static final class UsageDay {
        int events;
        long total;
        Instant firstAt;
        Instant lastAt;
        final Map<String, Long> features = new TreeMap<>();

        void add(String feature, long count, Instant at) {
            events++;
            total += count;
            firstAt = firstAt == null || at.isBefore(firstAt) ? at : firstAt;
            lastAt = lastAt == null || at.isAfter(lastAt) ? at : lastAt;
            features.merge(feature == null ? "unnamed" : feature, count, Long::sum);
        }

        String featuresJson() {
            return Json.MAPPER.valueToTree(features).toString();
        }
    }
}
