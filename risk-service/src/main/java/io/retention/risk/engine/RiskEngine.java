package io.retention.risk.engine;

import io.retention.contract.CloudEvent;
import io.retention.contract.EventType;
import io.retention.contract.Topics;
import io.retention.contract.events.ChurnReason;
import io.retention.contract.events.CustomerChurned;
import io.retention.contract.events.RiskCleared;
import io.retention.contract.events.RiskLevel;
import io.retention.contract.events.RiskRaised;
import io.retention.kit.messaging.EventSource;
import io.retention.kit.messaging.PartitionRead;
import io.retention.kit.store.CustomerOwners;
import io.retention.kit.store.ErasedCustomers;
import io.retention.kit.store.HistoryIntake;
import io.retention.kit.store.Outbox;
import io.retention.kit.store.ProcessedEvents;
import io.retention.kit.time.EventTiming;
import io.retention.kit.tracing.EventTracing;
import io.retention.risk.config.RiskConfig;
import io.retention.risk.features.Features;
import io.retention.risk.learning.ChurnFeatures;
import io.retention.risk.learning.ScoreModels;
import io.retention.risk.model.PurchaseHistory;
import io.retention.risk.model.PurchaseModels;
import io.retention.risk.model.PurchaseOutlook;
import io.retention.risk.scoring.Assessment;
import io.retention.risk.scoring.RiskScorer;
import io.retention.risk.store.ChurnSnapshots;
import io.retention.risk.store.HeldEvents;
import io.retention.risk.store.HeldRisk;
import io.retention.risk.store.InboundReads;
import io.retention.risk.store.Reassessed;
import io.retention.risk.store.RescoreSweeps;
import io.retention.risk.store.RiskStore;
import io.retention.risk.store.StoredRisk;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Applies a batch of inbound events in one transaction: records their ids (a redelivered event changes nothing) and how
 * far each partition was read, writes the states back and the signals to the outbox. Also re-assesses customers whose
 * check is due without any new event.
 *
 * <p>A live event is applied in event-time order: it is held until every inbound partition has been read past its time
 * ({@link Watermark}), then applied with the customer's other events up to then, in time order, the customer judged
 * after each moment. So a customer's signals are the same whatever order the topics were read in (a consumer that lags,
 * restarts or sits on another pod). An event a little in the future is held until its time comes.
 *
 * <p>History (contract 1.2: an event older than the grace period, or marked {@code backfill}) updates the state at once
 * and triggers nothing by itself: a customer whose batch held only history is left unjudged, due once their history has
 * settled ({@link Rechecks}), and then judged at the present on all of it.
 */
@ApplicationScoped
public class RiskEngine {

    private final EventSource source;
    private final RiskStore store;
    private final ProcessedEvents processedEvents;
    private final Outbox outbox;
    private final PurchaseModels models;
    private final RiskScorer scorer;
    private final RiskConfig config;
    private final ErasedCustomers erasedCustomers;
    private final CustomerOwners owners;
    private final EventTiming timing;
    private final HistoryIntake historyIntake;
    private final HeldEvents heldEvents;
    private final InboundReads inboundReads;
    private final EventTracing tracing;
    private final ChurnSnapshots churnSnapshots;
    private final ScoreModels scoreModels;
    private final RescoreSweeps sweeps;

    public RiskEngine(
            RiskStore store,
            ProcessedEvents processedEvents,
            Outbox outbox,
            PurchaseModels models,
            RiskConfig config,
            ErasedCustomers erasedCustomers,
            EventTiming timing,
            HistoryIntake historyIntake,
            CustomerOwners owners,
            EventSource source,
            HeldEvents heldEvents,
            InboundReads inboundReads,
            EventTracing tracing,
            ChurnSnapshots churnSnapshots,
            ScoreModels scoreModels,
            RescoreSweeps sweeps) {
        this.scoreModels = scoreModels;
        this.sweeps = sweeps;
        this.tracing = tracing;
        this.churnSnapshots = churnSnapshots;
        this.heldEvents = heldEvents;
        this.inboundReads = inboundReads;
        this.source = source;
        this.owners = owners;
        this.store = store;
        this.timing = timing;
        this.historyIntake = historyIntake;
        this.erasedCustomers = erasedCustomers;
        this.processedEvents = processedEvents;
        this.outbox = outbox;
        this.models = models;
        this.scorer = new RiskScorer(config.scoringPolicy());
        this.config = config;
    }

    /**
     * Takes in a batch: history is applied, live events are held (see {@link #release}); answers how many events were
     * new. {@code reads} is how far the batch read each partition.
     */
    public Uni<Integer> apply(
            SqlConnection connection, List<CloudEvent> events, List<PartitionRead> reads, Instant now) {
        // nothing is judged here (live events wait for the release, history for its settling): no model is needed
        return processedEvents
                .keepNew(connection, events)
                .call(fresh -> owners.remember(connection, fresh))
                .call(() -> inboundReads.record(
                        connection,
                        reads.stream()
                                .filter(read -> Topics.INBOUND.contains(read.topic()))
                                .toList()))
                .chain(fresh -> applyNew(connection, fresh, now).replaceWith(fresh.size()));
    }

    /**
     * Applies the held events of the customers of up to {@code limit} events that the release allows, each customer's in
     * event-time order, judging them after each moment; answers how many customers, and whether more may be left.
     */
    public Uni<Released> release(SqlConnection connection, HeldEvents.Release release, int limit) {
        Instant now = release.now();
        return Uni.combine()
                .all()
                .unis(newestModels(connection), heldEvents.releasable(connection, release, limit))
                .with((models, releasable) -> releasable)
                .chain(releasable -> {
                    List<String> ids = releasable.customerIds();
                    return ids.isEmpty()
                            ? Uni.createFrom().item(new Released(0, releasable.more(), List.of()))
                            // locked before the events are taken: an instance that releases the same customers
                            // waits, then finds only what came after
                            : lockNotErased(connection, ids, now)
                                    .chain(risks -> heldEvents
                                            .take(connection, risks.keySet(), release)
                                            .chain(taken -> {
                                                // the signals continue the trace of the latest event that called
                                                // for them
                                                tracing.bind(connection, taken.traceparentBySubject());
                                                return judgeInOrder(connection, taken.byCustomer(), risks, now)
                                                        .onTermination()
                                                        .invoke(() -> tracing.unbind(connection))
                                                        .replaceWith(new Released(
                                                                ids.size(),
                                                                releasable.more(),
                                                                taken.heldAt().stream()
                                                                        .map(at -> Duration.between(at, now))
                                                                        .toList()));
                                            }));
                });
    }

    /**
     * Locks the customers' rows (creating those missing) and answers them without the customers erased meanwhile. An
     * erasure locks the same rows before it deletes them, so the two never interleave and a row that exists holds a
     * customer not erased; a row created here may be one an erasure deleted while this waited: the tombstone check
     * after the lock (a new statement sees that erasure) finds it, and it goes again, with what was held for the
     * customer by a batch that raced the erasure.
     */
    private Uni<Map<String, HeldRisk>> lockNotErased(SqlConnection connection, Collection<String> ids, Instant now) {
        return store.lock(connection, ids, now)
                .chain(locked -> locked.created().isEmpty()
                        ? Uni.createFrom().item(locked.rows())
                        : erasedCustomers.among(connection, locked.created()).chain(gone -> {
                            if (gone.isEmpty()) {
                                return Uni.createFrom().item(locked.rows());
                            }
                            Map<String, HeldRisk> kept = new LinkedHashMap<>(locked.rows());
                            kept.keySet().removeAll(gone);
                            return store.delete(connection, gone)
                                    .chain(() -> heldEvents.forget(connection, gone))
                                    .replaceWith(kept);
                        }));
    }

    /**
     * What a part of a release applied: how many customers, whether more may be releasable, and how long each event it
     * applied was held.
     */
    public record Released(int customers, boolean more, List<Duration> held) {}

    private Uni<Void> judgeInOrder(
            SqlConnection connection,
            Map<String, List<CloudEvent>> byCustomer,
            Map<String, HeldRisk> risks,
            Instant now) {
        List<Reassessed> reassessed = new ArrayList<>(byCustomer.size());
        List<CloudEvent> signals = new ArrayList<>();
        byCustomer.forEach((id, events) -> {
            HeldRisk risk = risks.get(id);
            Reassessed latest = null;
            // each judgement a microsecond after the one before: readers that order a customer's signals by time
            // (the latest risk signal decides the lifecycle stage) see them in the order they were decided
            Instant at = now.truncatedTo(ChronoUnit.MICROS);
            for (int i = 0; i < events.size(); i++) {
                risk.state().apply(events.get(i), now);
                // one judgement per moment: events of the same time count together, as they would in any order
                if (i == events.size() - 1
                        || !events.get(i + 1).time().equals(events.get(i).time())) {
                    latest = reassess(risk, at, signals);
                    at = at.plus(1, ChronoUnit.MICROS);
                    StoredRisk stored = latest.risk();
                    risk = new HeldRisk(id, risk.state(), stored.level(), stored.churn(), stored.nextCheckAt());
                }
            }
            if (latest != null) {
                reassessed.add(latest);
            }
        });
        return Uni.combine()
                .all()
                .unis(store.save(connection, reassessed), outbox.addAll(connection, signals))
                .discardItems();
    }

    /**
     * Re-assesses up to one batch of customers whose check is due; answers how many. Customers whose history has not
     * settled are due only up to {@code unsettledUntil}.
     */
    public Uni<Integer> recheckDue(SqlConnection connection, Instant now, Instant unsettledUntil) {
        return newestModels(connection)
                .chain(() -> store.lockDue(connection, now, unsettledUntil, config.recheckBatch()))
                .chain(due -> reassess(connection, due.values(), now).replaceWith(due.size()));
    }

    /**
     * Takes the next step of the re-assessment after a new model, if one is under way and this instance gets it: the
     * customers its pace calls for by {@code now}, at most {@code limit}; answers how many were passed.
     */
    public Uni<Integer> sweepStep(SqlConnection connection, Instant now, int limit) {
        return sweeps.lock(connection).chain(sweep -> {
            int due = sweep == null ? 0 : (int) Math.min(limit, sweep.dueBy(now));
            if (due == 0) {
                return Uni.createFrom().item(0);
            }
            return newestModels(connection)
                    .chain(() -> store.lockPage(connection, sweep.afterId(), due))
                    .chain(page -> reassess(connection, page.judgedAnew(), now)
                            .chain(() -> page.passed() < due
                                    ? sweeps.finish(connection)
                                    : sweeps.advance(connection, page.passed(), page.lastId()))
                            .replaceWith(page.passed()));
        });
    }

    /** Takes up the newest purchase model and score stored by any instance: every instance judges with the newest. */
    private Uni<Void> newestModels(SqlConnection connection) {
        return models.refresh(connection)
                .chain(() -> scoreModels.refresh(connection))
                .replaceWithVoid();
    }

    private Uni<Void> applyNew(SqlConnection connection, List<CloudEvent> events, Instant now) {
        Set<String> erasures = new TreeSet<>();
        Map<String, List<CloudEvent>> byCustomer = new LinkedHashMap<>();
        for (CloudEvent event : events) {
            if (event.type() == EventType.CUSTOMER_ERASED) {
                erasures.add(event.subject());
            } else if (!event.type().topic().equals(Topics.CUSTOMERS)) {
                // registrations and profile updates carry nothing the score uses
                byCustomer
                        .computeIfAbsent(event.subject(), id -> new ArrayList<>())
                        .add(event);
            }
        }
        byCustomer.keySet().removeAll(erasures);
        Map<String, List<CloudEvent>> history = new LinkedHashMap<>();
        List<CloudEvent> live = new ArrayList<>();
        byCustomer.forEach((id, customerEvents) -> customerEvents.forEach(event -> {
            if (timing.isHistory(event, now)) {
                history.computeIfAbsent(id, key -> new ArrayList<>()).add(event);
            } else {
                live.add(event);
            }
        }));
        // the rows this batch deletes or writes are locked in id order, as a release locks the rows it writes: erasures
        // and writes never interleave. Live events are only held (the release checks for an erasure again), so live
        // batches on different topics do not wait for each other
        Set<String> locked = new TreeSet<>(erasures);
        locked.addAll(history.keySet());
        Uni<Map<String, HeldRisk>> lockedRows =
                locked.isEmpty() ? Uni.createFrom().item(Map.of()) : lockNotErased(connection, locked, now);
        return lockedRows.chain(risks -> (erasures.isEmpty()
                        ? Uni.createFrom().voidItem()
                        : store.delete(connection, erasures)
                                .chain(() -> heldEvents.forget(connection, erasures))
                                .chain(() -> churnSnapshots.forget(connection, erasures))
                                .chain(() -> erasedCustomers.remember(connection, erasures, now)))
                .chain(() -> live.isEmpty()
                        ? Uni.createFrom().voidItem()
                        : erasedCustomers
                                .among(
                                        connection,
                                        live.stream().map(CloudEvent::subject).toList())
                                .chain(gone -> heldEvents.hold(
                                        connection,
                                        live.stream()
                                                .filter(event -> !gone.contains(event.subject()))
                                                .toList(),
                                        event -> tracing.traceparentFor(connection, event.subject()),
                                        now)))
                .chain(() -> {
                    history.keySet().retainAll(risks.keySet());
                    return history.isEmpty()
                            ? Uni.createFrom().voidItem()
                            : applyHistory(connection, history, risks, now);
                }));
    }

    /** Applies each customer's history without judging them: they are judged once their history has settled. */
    private Uni<Void> applyHistory(
            SqlConnection connection,
            Map<String, List<CloudEvent>> byCustomer,
            Map<String, HeldRisk> risks,
            Instant now) {
        List<HeldRisk> unjudged = new ArrayList<>(byCustomer.size());
        byCustomer.forEach((id, customerEvents) -> {
            HeldRisk risk = risks.get(id);
            customerEvents.forEach(event -> risk.state().apply(event, now));
            unjudged.add(risk);
        });
        return historyIntake
                .seen(now)
                .chain(() -> store.saveUnjudged(connection, unjudged, now, now.plus(config.settleAfter())));
    }

    /** Re-assesses the customers. */
    private Uni<Void> reassess(SqlConnection connection, Collection<HeldRisk> risks, Instant now) {
        if (risks.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Reassessed> reassessed = new ArrayList<>(risks.size());
        List<CloudEvent> signals = new ArrayList<>();
        for (HeldRisk risk : risks) {
            reassessed.add(reassess(risk, now, signals));
        }
        return store.save(connection, reassessed).chain(() -> outbox.addAll(connection, signals));
    }

    /** The customer's new assessment; the signals it calls for are added to {@code signals}. */
    private Reassessed reassess(HeldRisk risk, Instant now, List<CloudEvent> signals) {
        Features features = Features.of(risk.state(), now);
        PurchaseHistory history = features.purchaseHistory();
        PurchaseOutlook outlook = history == null
                ? null
                : models.current()
                        .map(model -> model.outlook(
                                history,
                                features.meanRepeatPurchaseValue() == null
                                        ? null
                                        : features.meanRepeatPurchaseValue().doubleValue()))
                        .orElse(null);
        Assessment assessment =
                scoreModels.current().assess(scorer, risk.state(), features, outlook, ChurnFeatures.day(now));
        Double pAlive = outlook == null ? null : outlook.pAlive();
        String customerId = risk.customerId();
        if (assessment.churn() != null && risk.churn() == null) {
            ChurnReason reason = assessment.churn() == CustomerChurned.Basis.CANCELLED
                    ? features.cancelReason()
                    : ChurnReason.UNKNOWN;
            signals.add(CloudEvent.create(
                    source.uri(),
                    EventType.CUSTOMER_CHURNED,
                    customerId,
                    now,
                    new CustomerChurned(
                            assessment.churn(),
                            reason,
                            features.lastPurchaseDay() == null
                                    ? null
                                    : features.lastPurchaseDay()
                                            .atStartOfDay(ZoneOffset.UTC)
                                            .toInstant(),
                            features.netRevenue().max(BigDecimal.ZERO),
                            features.currency())));
        }
        // a churned customer is the win-back programme's: no at-risk signals until they buy again
        if (assessment.churn() == null && assessment.level() != risk.level()) {
            signals.add(
                    assessment.level() == RiskLevel.LOW
                            ? CloudEvent.create(
                                    source.uri(),
                                    EventType.RISK_CLEARED,
                                    customerId,
                                    now,
                                    new RiskCleared(assessment.score(), risk.level()))
                            : CloudEvent.create(
                                    source.uri(),
                                    EventType.RISK_RAISED,
                                    customerId,
                                    now,
                                    new RiskRaised(
                                            assessment.level(),
                                            assessment.score(),
                                            pAlive,
                                            assessment.eventReasons(),
                                            risk.level(),
                                            assessment.churnProbability())));
        }
        // a churned customer's at-risk signals start over from LOW should they buy again
        RiskLevel level = assessment.churn() == null ? assessment.level() : RiskLevel.LOW;
        Instant nextCheck = nextCheck(features, assessment, risk.nextCheck(), now);
        return new Reassessed(
                new StoredRisk(
                        customerId,
                        risk.state(),
                        assessment.score(),
                        level,
                        assessment.reasons(),
                        pAlive,
                        assessment.churnProbability(),
                        outlook == null ? null : outlook.expectedPurchases(),
                        outlook == null ? null : outlook.expectedValue(),
                        assessment.churn(),
                        now,
                        nextCheck),
                features);
    }

    /**
     * When the score can change with no new event: daily while anything in it depends on time passing (a purchase
     * lapse, complaints ageing out of their window, usage windows moving, inactivity starting); never for a churned
     * customer, whose next event wakes them. A due time already set within the day stays: re-assessing sooner is
     * harmless, and an unchanged due time lets PostgreSQL rewrite the row in place.
     */
    private Instant nextCheck(Features features, Assessment assessment, Instant current, Instant now) {
        boolean timeDependent = features.purchaseDays() > 0
                || features.complaintsLast90Days() > 0
                || (features.daysSinceLastUsage() != null && features.daysSinceLastUsage() < config.inactiveDays())
                || features.usagePer14DaysBefore() > 0
                || features.usageLast14Days() > 0;
        if (assessment.churn() != null || !timeDependent) {
            return null;
        }
        Instant daily = now.plus(config.recheckEvery());
        return current != null && current.isAfter(now) && !current.isAfter(daily) ? current : daily;
    }
}
