package io.retention.risk.rest;

import io.retention.risk.learning.ScoreValidation;
import io.retention.risk.model.PurchaseModel;
import java.time.Instant;

/**
 * The purchase models in use: parameters, fit quality, and whether the fit lies on a boundary; and how good the score
 * is on the latest snapshot day whose outcomes are known ({@code validation}, null before the first).
 */
public record ModelView(
        Instant fittedAt,
        long fitMillis,
        double horizonWeeks,
        BgNbdView bgNbd,
        GammaGammaView gammaGamma,
        ScoreValidation validation) {

    /** BG/NBD: rates Gamma(r, alpha) in weeks, dropout Beta(a, b); {@code boundary} says what lies on the boundary. */
    public record BgNbdView(
            double r,
            double alpha,
            double a,
            double b,
            double logLikelihood,
            long customers,
            int distinctHistories,
            String boundary) {}

    /** Gamma-Gamma spend: p, q, gamma, fitted on repeat buyers. */
    public record GammaGammaView(double p, double q, double gamma, double logLikelihood, long customers) {}

    static ModelView of(PurchaseModel model, ScoreValidation validation) {
        var fit = model.purchases();
        var spend = model.spend();
        return new ModelView(
                model.fittedAt(),
                model.fitMillis(),
                model.horizonWeeks(),
                new BgNbdView(
                        fit.model().r(),
                        fit.model().alpha(),
                        fit.model().a(),
                        fit.model().b(),
                        fit.logLikelihood(),
                        fit.customers(),
                        fit.histories(),
                        fit.boundary()),
                spend == null
                        ? null
                        : new GammaGammaView(
                                spend.model().p(),
                                spend.model().q(),
                                spend.model().gamma(),
                                spend.logLikelihood(),
                                spend.customers()),
                validation);
    }
}
