package io.retention.risk.learning;

import io.retention.contract.Json;
import io.retention.risk.config.RiskConfig;
import io.retention.risk.features.CustomerState;
import io.retention.risk.features.Features;
import io.retention.risk.model.ModelFitter;
import io.retention.risk.model.PurchaseHistory;
import io.retention.risk.model.PurchaseModel;
import io.retention.risk.model.PurchaseOutlook;
import io.retention.risk.scoring.RiskScorer;
import io.retention.risk.store.ChurnSnapshots;
import io.retention.risk.store.RiskStore;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Learning from what happened (issue 19): after each purchase-model fit, every buyer's features are written for the
 * snapshot grid's days as they stood then (a history import fills the past days from the events' times), each with its
 * outcome once the horizon has passed, and the score is judged on the latest day with outcomes: the shipped weights, and
 * a logistic regression fitted on the days before. The shipped weights stay in force in this version.
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
    private final AtomicBoolean running = new AtomicBoolean();

    public ChurnLearning(Pool pool, RiskStore store, ChurnSnapshots snapshots, RiskConfig config) {
        this.pool = pool;
        this.store = store;
        this.snapshots = snapshots;
        this.config = config;
        this.scorer = new RiskScorer(config.scoringPolicy());
    }

    private int horizonWeeks() {
        return (int) Math.round(config.model().horizonWeeks());
    }

    /** Starts a round unless one runs here already; a failure is logged and left to the next fit. */
    public void afterFit(Instant now) {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        learn(now)
                .onTermination()
                .invoke(() -> running.set(false))
                .subscribe()
                .with(
                        report -> {},
                        failure ->
                                LOG.warnf("snapshots and validation wait for the next fit: %s", failure.getMessage()));
    }

    /**
     * Writes every grid day's snapshots from the customers' states now (each as it stood at the day's end, so that the
     * snapshots depend on the events, not on when they arrived), with outcomes where the horizon has passed, and judges
     * the score; answers the judgement.
     */
    public Uni<ScoreValidation> learn(Instant now) {
        LocalDate today = ChurnFeatures.day(now);
        return store.earliestPurchaseDay(pool).chain(earliest -> {
            if (earliest == null) {
                return Uni.createFrom().nullItem();
            }
            List<LocalDate> grid =
                    SnapshotGrid.cutOffs(today, earliest, config.learning().snapshots());
            return snapshots
                    .keepOnly(pool, grid)
                    .chain(() -> inTurn(grid, day -> take(day, today)))
                    .chain(() -> judge(grid, today, now));
        });
    }

    /** Every buyer's snapshot as of the end of {@code day}, with a purchase model fitted on that day's histories. */
    private Uni<Void> take(LocalDate day, LocalDate today) {
        Instant end = day.atTime(23, 59).toInstant(ZoneOffset.UTC);
        boolean matured = ChurnOutcome.matured(day, horizonWeeks(), today);
        Map<PurchaseHistory, Long> histories = new HashMap<>();
        return eachBuyerPage(page -> {
                    page.values().forEach(state -> {
                        CustomerState past = state.asOf(day);
                        if (!past.purchaseDays.isEmpty()) {
                            histories.merge(Features.of(past, end).purchaseHistory(), 1L, Long::sum);
                        }
                    });
                    return Uni.createFrom().voidItem();
                })
                .map(done -> ModelFitter.observedCustomers(histories)
                                < config.model().minCustomers()
                        ? Optional.<PurchaseModel>empty()
                        : Optional.of(new PurchaseModel(
                                ModelFitter.fitBgNbd(histories),
                                null,
                                end,
                                0,
                                config.model().horizonWeeks(),
                                config.model().cadenceWeight())))
                .chain(model -> eachBuyerPage(page -> {
                    List<ChurnSnapshots.Snapshot> taken = new ArrayList<>(page.size());
                    page.forEach((id, state) -> {
                        CustomerState past = state.asOf(day);
                        if (past.purchaseDays.isEmpty()) {
                            return;
                        }
                        Features features = Features.of(past, end);
                        PurchaseOutlook outlook = model.map(m -> m.outlook(
                                        features.purchaseHistory(),
                                        features.meanRepeatPurchaseValue() == null
                                                ? null
                                                : features.meanRepeatPurchaseValue()
                                                        .doubleValue()))
                                .orElse(null);
                        taken.add(new ChurnSnapshots.Snapshot(
                                id,
                                ChurnFeatures.of(past, features, outlook, day),
                                scorer.assess(features, outlook).score(),
                                matured ? ChurnOutcome.churned(state, day, horizonWeeks()) : null));
                    });
                    return snapshots.put(pool, day, taken);
                }));
    }

    /** Judges the score on the latest matured day, the learned model fitted on the matured days before it. */
    private Uni<ScoreValidation> judge(List<LocalDate> days, LocalDate today, Instant now) {
        List<LocalDate> matured = days.stream()
                .filter(day -> ChurnOutcome.matured(day, horizonWeeks(), today))
                .toList();
        if (matured.isEmpty()) {
            return save(new ScoreValidation(
                    now,
                    horizonWeeks(),
                    days,
                    null,
                    0,
                    null,
                    List.of(),
                    0,
                    null,
                    null,
                    "shipped",
                    "no snapshot day has passed its " + horizonWeeks() + "-week horizon yet"));
        }
        LocalDate validatedOn = matured.get(matured.size() - 1);
        List<LocalDate> trainedOn = matured.subList(0, matured.size() - 1);
        Map<LocalDate, List<ChurnSnapshots.Snapshot>> labelled = new LinkedHashMap<>();
        return inTurn(
                        matured,
                        day -> snapshots
                                .labelled(pool, day)
                                .invoke(found -> labelled.put(day, found))
                                .replaceWithVoid())
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(done -> validate(days, validatedOn, trainedOn, labelled, now))
                .chain(this::save);
    }

    private ScoreValidation validate(
            List<LocalDate> days,
            LocalDate validatedOn,
            List<LocalDate> trainedOn,
            Map<LocalDate, List<ChurnSnapshots.Snapshot>> labelled,
            Instant now) {
        List<ChurnSnapshots.Snapshot> judged = labelled.get(validatedOn);
        List<ChurnSnapshots.Snapshot> training = new ArrayList<>();
        trainedOn.forEach(day -> training.addAll(labelled.get(day)));
        boolean[] churned = outcomes(judged);
        long churners = 0;
        for (boolean c : churned) {
            churners += c ? 1 : 0;
        }
        double[] shippedScores = judged.stream()
                .mapToDouble(ChurnSnapshots.Snapshot::shippedScore)
                .toArray();
        ScoreValidation.Quality shipped;
        if (training.isEmpty()) {
            shipped = new ScoreValidation.Quality(auc(shippedScores, churned), null, List.of());
        } else {
            // the shipped score as a probability: calibrated on the training days' outcomes (Platt scaling)
            LogisticModel calibration = LogisticFitter.fit(
                    List.of("shipped score"),
                    training.stream().map(s -> new double[] {s.shippedScore()}).toArray(double[][]::new),
                    outcomes(training),
                    0);
            double[] p = judged.stream()
                    .mapToDouble(s -> calibration.probability(new double[] {s.shippedScore()}))
                    .toArray();
            shipped = quality(shippedScores, p, churned);
        }
        ScoreValidation.Quality learned = null;
        String note;
        if (training.size() < config.learning().minOutcomes()) {
            note = "the learned model waits for " + config.learning().minOutcomes() + " outcomes before " + validatedOn
                    + "; there are " + training.size();
        } else {
            LogisticModel model = LogisticFitter.fit(
                    ChurnFeatures.NAMES,
                    training.stream().map(ChurnSnapshots.Snapshot::features).toArray(double[][]::new),
                    outcomes(training),
                    config.learning().ridge());
            double[] p = judged.stream()
                    .mapToDouble(s -> model.probability(s.features()))
                    .toArray();
            learned = quality(p, p, churned);
            note = learned.auc() == null || shipped.auc() == null
                    ? "one outcome only on " + validatedOn + ": no ranking to judge"
                    : learned.auc() > shipped.auc()
                            ? String.format(
                                    java.util.Locale.ROOT,
                                    "the learned model ranks better than the shipped weights (AUC %.4f against %.4f)",
                                    learned.auc(),
                                    shipped.auc())
                            : String.format(
                                    java.util.Locale.ROOT,
                                    "the shipped weights rank at least as well as the learned model (AUC %.4f against %.4f)",
                                    shipped.auc(),
                                    learned.auc());
        }
        return new ScoreValidation(
                now,
                horizonWeeks(),
                days,
                validatedOn,
                judged.size(),
                judged.isEmpty() ? null : churners / (double) judged.size(),
                trainedOn,
                training.size(),
                shipped,
                learned,
                "shipped",
                note);
    }

    private static ScoreValidation.Quality quality(double[] ranking, double[] probability, boolean[] churned) {
        return new ScoreValidation.Quality(
                auc(ranking, churned),
                Validation.brier(probability, churned),
                Validation.calibration(probability, churned, 10));
    }

    /** The AUC, or null when it is not defined (one outcome only): JSON has no NaN. */
    private static Double auc(double[] ranking, boolean[] churned) {
        double auc = Validation.auc(ranking, churned);
        return Double.isNaN(auc) ? null : auc;
    }

    private static boolean[] outcomes(List<ChurnSnapshots.Snapshot> snapshots) {
        boolean[] churned = new boolean[snapshots.size()];
        for (int i = 0; i < churned.length; i++) {
            churned[i] = snapshots.get(i).churned();
        }
        return churned;
    }

    private Uni<ScoreValidation> save(ScoreValidation validation) {
        try {
            return snapshots
                    .saveValidation(pool, validation.computedAt(), Json.MAPPER.writeValueAsString(validation))
                    .replaceWith(validation);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return Uni.createFrom().failure(e);
        }
    }

    /** Runs {@code action} on every page of buyers' states, off the event loop. */
    private Uni<Void> eachBuyerPage(Function<Map<String, CustomerState>, Uni<Void>> action) {
        AtomicReference<String> after = new AtomicReference<>("");
        return Uni.createFrom()
                .deferred(() -> store.buyerStates(pool, after.get(), PAGE))
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .call(page -> {
                    page.keySet().forEach(id -> after.set(id));
                    return action.apply(page);
                })
                .repeat()
                .whilst(page -> page.size() == PAGE)
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
