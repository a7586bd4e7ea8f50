package io.retention.risk.learning;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * How good the score is, judged on the latest snapshot day whose horizon has passed: the shipped weights' score, and a
 * logistic regression learned from the days before it (never from the day it is judged on).
 *
 * @param snapshotDays     the grid's days: those whose horizon has passed have snapshots, the later ones get theirs
 *                         once it has
 * @param validatedOn      the snapshot day judged on; null while no day has matured
 * @param outcomes         its customers with an outcome
 * @param churnRate        the share of them who churned
 * @param trainedOn        the earlier matured days the learned model was fitted on
 * @param trainingOutcomes how many outcomes those hold
 * @param shipped          the shipped weights' quality (its probability calibrated on the training days; no Brier
 *                         without them)
 * @param learned          the quality of the model learned in this round; null with fewer than the setting's outcomes
 *                         to learn from
 * @param previous         the quality of the learned model that was in force before this round, judged on the same day;
 *                         null when the shipped weights were
 * @param inForce          the score emitted from now on: {@code shipped} or {@code learned}, whichever of the shipped
 *                         weights, the model in force and the one learned now ranked best on the judged day (the one in
 *                         force keeps a tie)
 * @param weights          the learned model in force: each standardised feature's weight; null for the shipped weights
 * @param note             why the score in force is in force, in words
 */
public record ScoreValidation(
        Instant computedAt,
        int horizonWeeks,
        List<LocalDate> snapshotDays,
        LocalDate validatedOn,
        long outcomes,
        Double churnRate,
        List<LocalDate> trainedOn,
        long trainingOutcomes,
        Quality shipped,
        Quality learned,
        Quality previous,
        String inForce,
        Map<String, Double> weights,
        String note) {

    /**
     * A score's quality on the judged day: AUC (null when everyone had the same outcome), Brier score (null without a
     * probability), calibration by decile.
     */
    public record Quality(Double auc, Double brier, List<Validation.Bin> calibration) {}
}
