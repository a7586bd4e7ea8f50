package io.retention.customer.activity;

import io.retention.contract.CloudEvent;
import io.retention.contract.Json;
import io.retention.contract.Topics;
import io.retention.contract.events.PurchaseCompleted;
import io.retention.contract.events.PurchaseRefunded;
import io.retention.contract.events.UsageRecorded;
import io.retention.customer.lifecycle.Lifecycle;
import io.retention.customer.store.ActivityDays;
import io.retention.customer.store.Customers;
import io.retention.customer.store.Profiles;
import io.retention.customer.store.StageHistory;
import io.retention.customer.store.Timeline;
import io.retention.customer.timeline.TimelineEntries;
import io.retention.kit.store.ErasedCustomers;
import io.retention.kit.store.HistoryIntake;
import io.retention.kit.store.ProcessedEvents;
import io.retention.kit.time.EventTiming;
import io.smallrye.mutiny.Uni;
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
    private final Customers customers;
    private final ActivityDays activityDays;
    private final StageHistory stageHistory;

    public ActivityProjection(
            ProcessedEvents processedEvents,
            Profiles profiles,
            Lifecycle lifecycle,
            ErasedCustomers erasedCustomers,
            EventTiming timing,
            HistoryIntake historyIntake,
            Customers customers,
            ActivityDays activityDays,
            StageHistory stageHistory) {
        this.historyIntake = historyIntake;
        this.customers = customers;
        this.activityDays = activityDays;
        this.stageHistory = stageHistory;
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
                    // an erasure and these events never interleave: the erasure either waits for this batch (and
                    // then deletes what it wrote) or has committed before (and the batch skips the customer)
                    return erasedCustomers
                            .lock(connection, byCustomer.keySet())
                            // then the rows, in id order, as every writer of them does
                            .call(() -> customers.lockAll(connection, byCustomer.keySet()))
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
        return customers
                .createSeen(connection, ids, firstSeen, profiles.defaultTimeZone(), now)
                .chain(created -> customers
                        .lockStages(connection, ids)
                        .chain(staged -> write(connection, byCustomer, staged, created, now)));
    }

    private Uni<Void> write(
            SqlConnection connection,
            Map<String, List<CloudEvent>> byCustomer,
            List<Customers.Staged> staged,
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
        for (Customers.Staged row : staged) {
            String customerId = row.customerId();
            List<CloudEvent> customerEvents = byCustomer.get(customerId);
            Lifecycle.Facts before = row.facts();
            Lifecycle.Facts after = before;
            for (CloudEvent event : customerEvents) {
                after = after.with(event.type(), event.time());
                record(event, timeline, usage, revenue);
            }
            if (after.churnMovedFrom(before)) {
                churnMoved.put(customerId, after.churnedAt());
            }
            facts.put(customerId, after);
            stored.put(customerId, new Stored(row.position(), before, created.contains(customerId)));
            // registered with the customer's own first event (not another service's signal about them): history or live
            // as it is
            List<CloudEvent> own = customerEvents.stream()
                    .filter(event -> Topics.INBOUND.contains(event.type().topic()))
                    .toList();
            if (row.registeredAnnounced()) {
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
                .chain(() -> activityDays.addUsage(
                        connection,
                        usage.entrySet().stream()
                                .map(day -> day.getValue()
                                        .row((String) day.getKey().get(0), (LocalDate)
                                                day.getKey().get(1)))
                                .toList()))
                .chain(() -> activityDays.addRevenue(
                        connection,
                        revenue.entrySet().stream()
                                .map(day -> new ActivityDays.Revenue(
                                        (String) day.getKey().get(0),
                                        (LocalDate) day.getKey().get(1),
                                        day.getValue()))
                                .toList()))
                // after a later churn, the first return after it may be among events read before: looked up once
                // written
                .chain(() -> customers.returnsAfter(connection, churnMoved))
                .chain(returns -> {
                    List<Customers.Judged> judged = new ArrayList<>();
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
                            judged.add(new Customers.Judged(customerId, known, position, now));
                        }
                    });
                    return customers
                            .writeStages(connection, judged)
                            .chain(() -> stageHistory.record(connection, changes));
                })
                .chain(() -> customers.registeredAnnounced(connection, registering));
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

        ActivityDays.Usage row(String customerId, LocalDate day) {
            return new ActivityDays.Usage(
                    customerId,
                    day,
                    events,
                    total,
                    Json.MAPPER.valueToTree(features).toString(),
                    firstAt,
                    lastAt);
        }
    }
}
