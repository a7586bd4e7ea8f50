package io.retention.risk.learning;

import io.retention.risk.learning.ScoreModel.Kind;
import io.retention.risk.store.ChurnSnapshots.Snapshot;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Judges the score on the latest matured snapshot day and chooses the score in force: the shipped weights (their score
 * calibrated to a probability on the earlier days), the learned model in force, or a model learned now from the earlier
 * days, whichever ranks the judged day's customers best (AUC); the one in force keeps a tie, and a model learned now
 * that cannot be told from chance is not put in force. A model is learned only
 * from {@code minOutcomes} outcomes or more, and never from the day it is judged on. Where learned models are not put in
 * force, the shipped weights stay in force and the judgement only reports how a learned model would rank. Pure.
 */
public final class ScoreJudge {
    /**
     * How far above chance a model learned now must rank the judged day's customers to be put in force: on outcomes the
     * features do not predict, a model fitted to noise outranks the shipped weights half the time.
     */
    private static final double MIN_ERRORS_ABOVE_CHANCE = 2;

    private final int horizonWeeks;
    private final int minOutcomes;
    private final double ridge;
    private final boolean putInForce;

    /** A judgement: the report, and the score in force after it. */
    public record Judgement(ScoreValidation validation, ScoreModel inForce) {}

    /** @param putInForce whether a learned model that ranks best is put in force, or only reported */
    public ScoreJudge(int horizonWeeks, int minOutcomes, double ridge, boolean putInForce) {
        this.horizonWeeks = horizonWeeks;
        this.minOutcomes = minOutcomes;
        this.ridge = ridge;
        this.putInForce = putInForce;
    }

    /** With no matured day yet: the shipped weights, uncalibrated. */
    public Judgement nothingMatured(List<LocalDate> days, Instant now) {
        return new Judgement(
                new ScoreValidation(
                        now,
                        horizonWeeks,
                        days,
                        null,
                        0,
                        null,
                        List.of(),
                        0,
                        null,
                        null,
                        null,
                        Kind.SHIPPED.label(),
                        null,
                        "no snapshot day has passed its " + horizonWeeks + "-week horizon yet"),
                ScoreModel.UNCALIBRATED);
    }

    /**
     * @param labelled each matured day's labelled snapshots, oldest first; the last is judged on
     * @param inForce  the score in force before this judgement
     */
    public Judgement judge(
            List<LocalDate> days, Map<LocalDate, List<Snapshot>> labelled, ScoreModel inForce, Instant now) {
        List<LocalDate> matured = new ArrayList<>(labelled.keySet());
        LocalDate validatedOn = matured.get(matured.size() - 1);
        List<LocalDate> trainedOn = matured.subList(0, matured.size() - 1);
        List<Snapshot> judged = labelled.get(validatedOn);
        List<Snapshot> training = new ArrayList<>();
        trainedOn.forEach(day -> training.addAll(labelled.get(day)));
        boolean[] churned = outcomes(judged);
        long churners = 0;
        for (boolean c : churned) {
            churners += c ? 1 : 0;
        }
        double[] shippedScores =
                judged.stream().mapToDouble(Snapshot::shippedScore).toArray();
        LogisticModel calibration = null;
        ScoreValidation.Quality shipped;
        if (training.isEmpty()) {
            shipped = new ScoreValidation.Quality(auc(shippedScores, churned), null, List.of());
        } else {
            // the shipped score as a probability: calibrated on the training days' outcomes (Platt scaling)
            calibration = LogisticFitter.fit(
                    List.of("shipped score"),
                    training.stream().map(s -> new double[] {s.shippedScore()}).toArray(double[][]::new),
                    outcomes(training),
                    0);
            LogisticModel platt = calibration;
            shipped = quality(
                    shippedScores,
                    judged.stream()
                            .mapToDouble(s -> platt.probability(new double[] {s.shippedScore()}))
                            .toArray(),
                    churned);
        }
        ScoreValidation.Quality previous =
                inForce.kind() == Kind.LEARNED ? learnedQuality(inForce.model(), judged, churned) : null;
        LogisticModel candidate = training.size() < minOutcomes
                ? null
                : LogisticFitter.fit(
                        ChurnFeatures.NAMES,
                        training.stream().map(Snapshot::features).toArray(double[][]::new),
                        outcomes(training),
                        ridge);
        ScoreValidation.Quality learned = candidate == null ? null : learnedQuality(candidate, judged, churned);

        // the one in force first: it keeps a tie
        ScoreModel shippedModel = new ScoreModel(Kind.SHIPPED, calibration, validatedOn, shipped.auc());
        ScoreModel chosen = previous != null
                ? new ScoreModel(Kind.LEARNED, inForce.model(), validatedOn, previous.auc())
                : shippedModel;
        double best = orZero(previous != null ? previous.auc() : shipped.auc());
        String why = previous != null
                ? "the learned model in force ranks best"
                : candidate == null
                        ? "the shipped weights stay in force until " + minOutcomes + " outcomes before " + validatedOn
                                + " can be learned from; there are " + training.size()
                        : "the shipped weights rank at least as well as the model learned now";
        if (previous != null && orZero(shipped.auc()) > best) {
            chosen = shippedModel;
            best = orZero(shipped.auc());
            why = "the shipped weights rank better than the learned model that was in force";
        }
        if (learned != null && orZero(learned.auc()) > best) {
            double aboveChance =
                    Validation.standardErrorsAboveChance(learned.auc(), churners, judged.size() - churners);
            if (aboveChance < MIN_ERRORS_ABOVE_CHANCE) {
                why = String.format(
                        Locale.ROOT,
                        "the model learned now ranks best but cannot be told from chance (%.1f standard errors above "
                                + "it, %.0f needed): %s in force",
                        aboveChance,
                        MIN_ERRORS_ABOVE_CHANCE,
                        chosen.kind() == Kind.LEARNED ? "the learned model stays" : "the shipped weights stay");
            } else {
                chosen = new ScoreModel(Kind.LEARNED, candidate, validatedOn, learned.auc());
                why = previous != null
                        ? "the model learned now ranks better than the learned model in force and the shipped weights"
                        : "the model learned now ranks better than the shipped weights";
            }
        }
        if (!putInForce && chosen.kind() == Kind.LEARNED) {
            chosen = shippedModel;
            why = why.replace("the learned model in force", "the learned model that was in force")
                    + ", but learned models are not put in force here (retention.risk.learning.put-in-force)";
        }
        String note = shipped.auc() == null
                ? "one outcome only on " + validatedOn + ": no ranking to judge; " + why
                : String.format(
                        Locale.ROOT,
                        "%s (AUC on %s: shipped %.4f%s%s)",
                        why,
                        validatedOn,
                        shipped.auc(),
                        previous == null ? "" : String.format(Locale.ROOT, ", in force %.4f", previous.auc()),
                        learned == null ? "" : String.format(Locale.ROOT, ", learned now %.4f", learned.auc()));
        return new Judgement(
                new ScoreValidation(
                        now,
                        horizonWeeks,
                        days,
                        validatedOn,
                        judged.size(),
                        judged.isEmpty() ? null : churners / (double) judged.size(),
                        List.copyOf(trainedOn),
                        training.size(),
                        shipped,
                        learned,
                        previous,
                        chosen.kind().label(),
                        chosen.kind() == Kind.LEARNED ? weights(chosen.model()) : null,
                        note),
                chosen);
    }

    private static ScoreValidation.Quality learnedQuality(
            LogisticModel model, List<Snapshot> judged, boolean[] churned) {
        double[] p = judged.stream()
                .mapToDouble(s -> model.probability(s.features()))
                .toArray();
        return quality(p, p, churned);
    }

    private static Map<String, Double> weights(LogisticModel model) {
        Map<String, Double> weights = new LinkedHashMap<>();
        for (int i = 0; i < model.weights().length; i++) {
            weights.put(model.features().get(i), Math.round(model.weights()[i] * 10_000) / 10_000.0);
        }
        return weights;
    }

    private static double orZero(Double auc) {
        return auc == null ? 0 : auc;
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

    private static boolean[] outcomes(List<Snapshot> snapshots) {
        boolean[] churned = new boolean[snapshots.size()];
        for (int i = 0; i < churned.length; i++) {
            churned[i] = snapshots.get(i).churned();
        }
        return churned;
    }
}
