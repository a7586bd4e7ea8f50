package io.retention.risk.learning;

import io.retention.contract.Json;
import io.retention.kit.store.ErasedCustomers;
import io.retention.kit.store.HistoryIntake;
import io.retention.kit.time.EventTiming;
import io.retention.risk.config.RiskConfig;
import io.retention.risk.features.CustomerState;
import io.retention.risk.scoring.RiskScorer;
import io.retention.risk.store.ChurnSnapshots;
import io.retention.risk.store.RiskStore;
import io.retention.risk.store.SnapshotTake;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Learning from what happened (issue 19): after each purchase-model fit, every buyer's features are written for the
 * snapshot grid's days whose horizon has passed, as they stood then (a history import fills the past days from the
 * events' times), each with its outcome, and the score is judged on the latest such day: the shipped weights, the
 * learned model in force, and a logistic regression fitted on the days before; the best is put in force.
 */
@ApplicationScoped
public class ChurnLearning {
    private static final Logger LOG = Logger.getLogger(ChurnLearning.class);
    private static final int PAGE = 1000;

    private final Pool pool;
    private final RiskStore store;
    private final ChurnSnapshots snapshots;
    private final RiskConfig config;
    private final RiskScorer scorer;
    private final ScoreModels scoreModels;
    private final HistoryIntake historyIntake;
    private final ErasedCustomers erased;
    private final EventTiming timing;
    /** The service's version: a new one may compute snapshots otherwise. */
    private final String version;

    private final AtomicBoolean running = new AtomicBoolean();
    /** The fit whose round is to run next here; null when none waits. */
    private final AtomicReference<Instant> next = new AtomicReference<>();
    /** The fit whose round runs here now; null when none does. */
    private final AtomicReference<Instant> runningFor = new AtomicReference<>();

    public ChurnLearning(
            Pool pool,
            RiskStore store,
            ChurnSnapshots snapshots,
            RiskConfig config,
            ScoreModels scoreModels,
            HistoryIntake historyIntake,
            ErasedCustomers erased,
            EventTiming timing,
            @ConfigProperty(name = "quarkus.application.version") String version) {
        this.pool = pool;
        this.historyIntake = historyIntake;
        this.erased = erased;
        this.timing = timing;
        this.version = version;
        this.scoreModels = scoreModels;
        this.store = store;
        this.snapshots = snapshots;
        this.config = config;
        this.scorer = new RiskScorer(config.scoringPolicy());
    }

    private int horizonWeeks() {
        return (int) Math.round(config.model().horizonWeeks());
    }

    /**
     * Starts a round for the fit made at {@code fittedAt}; while one runs here, the newest fit's round follows it. A
     * failure is logged and left to the next fit.
     */
    public void afterFit(Instant fittedAt) {
        if (fittedAt.equals(runningFor.get())) {
            return;
        }
        next.accumulateAndGet(
                fittedAt, (waiting, offered) -> waiting == null || offered.isAfter(waiting) ? offered : waiting);
        if (running.compareAndSet(false, true)) {
            runNext();
        }
    }

    private void runNext() {
        Instant fittedAt = next.getAndSet(null);
        runningFor.set(fittedAt);
        if (fittedAt == null) {
            running.set(false);
            // a fit that came in between the last look and the flag going down starts its round here
            if (next.get() != null && running.compareAndSet(false, true)) {
                runNext();
            }
            return;
        }
        learn(fittedAt)
                .onTermination()
                .invoke(this::runNext)
                .subscribe()
                .with(
                        report -> {},
                        failure -> LOG.warnf(
                                "snapshots and validation wait for the next fit or re-check: %s",
                                failure.getMessage()));
    }

    /**
     * Whether the round after the fit made at {@code fittedAt} has chosen the score in force (on any instance): an
     * import's customers are judged with the score their history taught.
     */
    public Uni<Boolean> learnedSince(Instant fittedAt) {
        // the database keeps microseconds; the clock may give nanoseconds
        Instant fitted = fittedAt.truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        return snapshots.validatedAt(pool).map(at -> at != null && !at.isBefore(fitted));
    }

    /**
     * Writes the snapshots of every grid day whose horizon has passed from the customers' states now (each as it stood
     * at the day's end, so that the snapshots depend on the events, not on when they arrived), with their outcomes, and
     * judges the score. A day whose horizon has not passed gets its snapshots once it has: taken then from the same
     * events, they are what they would have been if taken now, and nothing reads them before. When nothing the last
     * round's snapshots are made of can have changed since (see {@link SnapshotTake}), they and its judgement are kept.
     */
    public Uni<Void> learn(Instant now) {
        LocalDate today = ChurnFeatures.day(now);
        return store.earliestPurchaseDay(pool).chain(earliest -> {
            if (earliest == null) {
                return Uni.createFrom().voidItem();
            }
            List<LocalDate> grid =
                    SnapshotGrid.cutOffs(today, earliest, config.learning().snapshots());
            List<LocalDate> matured = grid.stream()
                    .filter(day -> ChurnOutcome.matured(day, horizonWeeks(), today))
                    .toList();
            SnapshotTake take = new SnapshotTake(now, SnapshotTake.inputs(grid, matured, settings(), version));
            LocalDate pastEnd =
                    matured.isEmpty() ? null : ChurnOutcome.horizonEnd(matured.get(matured.size() - 1), horizonWeeks());
            return Uni.combine()
                    .all()
                    .unis(snapshots.lastTake(pool), historyIntake.lastSeen(), erased.lastErasure(pool))
                    .asTuple()
                    .chain(known -> {
                        Optional<SnapshotTake> last = known.getItem1();
                        return last.isPresent()
                                        && last.get()
                                                .stillHolds(
                                                        take.inputs(),
                                                        pastEnd,
                                                        known.getItem2(),
                                                        known.getItem3(),
                                                        config.settleAfter(),
                                                        liveFor())
                                ? keep(last.get(), now)
                                : takeAndJudge(grid, matured, take, now);
                    });
        });
    }

    /** Keeps the snapshots of the last take and their judgement for the fit made at {@code now}. */
    private Uni<Void> keep(SnapshotTake last, Instant now) {
        return snapshots
                .confirmValidation(pool, now)
                .invoke(() -> LOG.infof(
                        "learning round after the fit of %s: the snapshots taken at %s hold (no history read, no "
                                + "erasure, no day matured since), and so does their judgement",
                        now, last.at()));
    }

    private Uni<Void> takeAndJudge(List<LocalDate> grid, List<LocalDate> matured, SnapshotTake take, Instant now) {
        long started = System.nanoTime();
        return snapshots
                .keepOnly(pool, matured)
                .chain(() -> take(matured, ChurnFeatures.day(now)))
                .invoke(() -> LOG.infof(
                        "snapshots of %d matured grid days taken in %d ms",
                        matured.size(), (System.nanoTime() - started) / 1_000_000))
                .chain(() -> judge(grid, matured, take, now))
                .invoke(() -> LOG.infof(
                        "learning round after the fit of %s done in %d ms",
                        now, (System.nanoTime() - started) / 1_000_000));
    }

    /** The settings the snapshots and their judgement are computed with. */
    private String settings() {
        return List.of(
                        horizonWeeks(),
                        config.model().minCustomers(),
                        config.model().horizonWeeks(),
                        config.model().cadenceWeight(),
                        config.learning().minOutcomes(),
                        config.learning().ridge(),
                        config.learning().putInForce(),
                        config.scoringPolicy(),
                        ChurnFeatures.NAMES)
                .toString();
    }

    /** How old an event may be and still be applied live: the grace period, and as long as it may be held after. */
    private Duration liveFor() {
        return timing.historyAfter().plus(config.holdLimit()).plus(config.settleHoldLimit());
    }

    /**
     * Every buyer's snapshots on these grid days (see {@link SnapshotBuilder}): two reads of the buyers' states, whatever
     * the number of days.
     */
    private Uni<Void> take(List<LocalDate> grid, LocalDate today) {
        if (grid.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<SnapshotBuilder> days = grid.stream()
                .map(day -> new SnapshotBuilder(day, today, horizonWeeks(), scorer))
                .toList();
        return eachBuyerPage(page -> {
                    days.forEach(day -> page.values().forEach(day::count));
                    return Uni.createFrom().voidItem();
                })
                // the fits and the snapshots are computed on workers, the days' fits side by side: the event loop
                // serves the inbound batches
                .chain(() -> Uni.join()
                        .all(days.stream()
                                .map(day -> Uni.createFrom()
                                        .item(() -> {
                                            day.fit(
                                                    config.model().minCustomers(),
                                                    config.model().horizonWeeks(),
                                                    config.model().cadenceWeight());
                                            return day;
                                        })
                                        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool()))
                                .toList())
                        .andFailFast())
                .chain(() -> eachBuyerPage(page -> {
                    Map<SnapshotBuilder, List<ChurnSnapshots.Snapshot>> taken = new LinkedHashMap<>();
                    days.forEach(day -> {
                        List<ChurnSnapshots.Snapshot> ofDay = new ArrayList<>(page.size());
                        page.forEach((id, state) -> {
                            ChurnSnapshots.Snapshot snapshot = day.snapshot(id, state);
                            if (snapshot != null) {
                                ofDay.add(snapshot);
                            }
                        });
                        taken.put(day, ofDay);
                    });
                    return inTurn(days, day -> snapshots.put(pool, day.day(), taken.get(day)));
                }));
    }

    /**
     * Judges the score on the latest matured day and puts the best score in force (see {@link ScoreJudge}); a new score
     * in force has every buyer re-assessed, at the pace of a fit's.
     */
    private Uni<Void> judge(List<LocalDate> days, List<LocalDate> matured, SnapshotTake take, Instant now) {
        ScoreJudge judge = new ScoreJudge(
                horizonWeeks(),
                config.learning().minOutcomes(),
                config.learning().ridge(),
                config.learning().putInForce());
        Map<LocalDate, List<ChurnSnapshots.Snapshot>> labelled = new LinkedHashMap<>();
        return inTurn(
                        matured,
                        day -> snapshots
                                .labelled(pool, day)
                                .invoke(found -> labelled.put(day, found))
                                .replaceWithVoid())
                .chain(() -> scoreModels.refresh(pool))
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(inForce -> {
                    ScoreJudge.Judgement judgement = matured.isEmpty()
                            ? judge.nothingMatured(days, now)
                            : judge.judge(days, labelled, inForce, now);
                    return Map.entry(judgement, inForce);
                })
                .call(judged -> save(judged.getKey().validation(), take))
                .call(judged -> {
                    ScoreModel chosen = judged.getKey().inForce();
                    // the shipped score's calibration is fitted anew each round: the same outcomes give the same one,
                    // and no buyer needs re-assessing for it
                    return chosen.scoresAs(judged.getValue())
                            ? Uni.createFrom().voidItem()
                            : scoreModels
                                    .putInForce(
                                            pool, chosen, now, config.model().rescoreSpread())
                                    .invoke(model -> LOG.infof(
                                            "the %s score is in force: %s",
                                            model.kind().label(),
                                            judged.getKey().validation().note()))
                                    .replaceWithVoid();
                })
                .replaceWithVoid();
    }

    private Uni<Void> save(ScoreValidation validation, SnapshotTake take) {
        try {
            return snapshots.saveValidation(
                    pool, validation.computedAt(), Json.MAPPER.writeValueAsString(validation), take);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return Uni.createFrom().failure(e);
        }
    }

    /** Runs {@code action} on every page of buyers' states, off the event loop (where the store answers them). */
    private Uni<Void> eachBuyerPage(Function<Map<String, CustomerState>, Uni<Void>> action) {
        AtomicReference<String> after = new AtomicReference<>("");
        return Uni.createFrom()
                .deferred(() -> store.buyerStates(pool, after.get(), PAGE))
                .call(page -> {
                    after.set(page.lastId());
                    return action.apply(page.states());
                })
                .repeat()
                .whilst(RiskStore.BuyerPage::more)
                .collect()
                .last()
                .replaceWithVoid();
    }

    /** Runs {@code action} on each item, one after the other. */
    private static <T> Uni<Void> inTurn(List<T> items, Function<T, Uni<Void>> action) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (T item : items) {
            chain = chain.chain(() -> action.apply(item));
        }
        return chain;
    }
}
