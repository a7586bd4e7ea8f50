package io.retention.risk.model;

import java.time.Instant;

/**
 * The fitted models the score uses, and how it reads them: BG/NBD for whether and how often a customer buys, Gamma-Gamma
 * for how much. When the BG/NBD fit lies on the no-dropout boundary the model cannot tell a lapsed customer from a slow
 * one, so a gap longer than the customer's own expected time between purchases lowers P(alive) instead:
 * {@code exp(-cadenceWeight * max(0, rate * gap - 1))}, with rate the customer's posterior purchase rate.
 *
 * @param purchases     the BG/NBD fit
 * @param spend         the Gamma-Gamma fit, or null when there were too few repeat buyers
 * @param fittedAt      when the models were fitted
 * @param fitMillis     how long the fit took
 * @param horizonWeeks  the horizon of the outlook (and of the churn question the score answers)
 * @param cadenceWeight how strongly an overdue purchase lowers P(alive) on the no-dropout boundary
 */
public record PurchaseModel(
        BgNbdFit purchases,
        GammaGammaFit spend,
        Instant fittedAt,
        long fitMillis,
        double horizonWeeks,
        double cadenceWeight) {

    public PurchaseOutlook outlook(PurchaseHistory history, Double meanRepeatValue) {
        BgNbd model = purchases.model();
        double pAlive = model.pAlive(history);
        if (model.noDropout()) {
            double rate = (model.r() + history.x()) / (model.alpha() + history.T());
            double overdue = rate * (history.T() - history.tx()) - 1;
            pAlive = Math.exp(-cadenceWeight * Math.max(0, overdue));
        }
        double pNoPurchase = model.probabilityOfNoPurchase(horizonWeeks, history, pAlive);
        double expected = model.expectedPurchases(horizonWeeks, history) * (model.noDropout() ? pAlive : 1);
        Double value = null;
        if (spend != null && spend.model().q() > 1) {
            value = expected
                    * (history.x() > 0 && meanRepeatValue != null
                            ? spend.model().expectedValue(history.x(), meanRepeatValue)
                            : spend.model().expectedValue(0, 0));
        }
        return new PurchaseOutlook(pAlive, pNoPurchase, expected, value);
    }
}
