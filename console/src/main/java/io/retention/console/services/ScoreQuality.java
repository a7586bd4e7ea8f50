package io.retention.console.services;

import io.quarkus.qute.TemplateData;
import java.time.LocalDate;
import java.util.List;

/**
 * How good the risk score is, as risk-service judged it on the latest snapshot day whose outcomes are known (the
 * {@code validation} of {@code GET /risk/model}); fields the console shows.
 */
@TemplateData
public record ScoreQuality(
        LocalDate validatedOn,
        long outcomes,
        Double churnRate,
        List<LocalDate> trainedOn,
        long trainingOutcomes,
        Quality shipped,
        Quality learned,
        String inForce,
        String note) {

    /** One score's AUC, Brier score and calibration by decile. */
    @TemplateData
    public record Quality(Double auc, Double brier, List<Bin> calibration) {}

    /** A decile: how many, the mean predicted churn probability, the share who churned. */
    @TemplateData
    public record Bin(int count, double meanPredicted, double observed) {}

    /** What {@code GET /risk/model} answers that the console reads. */
    public record Model(ScoreQuality validation) {}
}
