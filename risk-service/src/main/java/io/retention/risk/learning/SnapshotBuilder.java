package io.retention.risk.learning;

import io.retention.risk.features.CustomerState;
import io.retention.risk.features.Features;
import io.retention.risk.model.ModelFitter;
import io.retention.risk.model.PurchaseHistory;
import io.retention.risk.model.PurchaseModel;
import io.retention.risk.model.PurchaseOutlook;
import io.retention.risk.scoring.RiskScorer;
import io.retention.risk.store.ChurnSnapshots.Snapshot;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

/**
 * The snapshots of one grid day, taken from the customers' states now, each as it stood at the day's end (so that they
 * depend on the events, not on when they arrived): a first pass counts every buyer's purchase history then, a purchase
 * model is fitted on those histories, and a second pass takes each buyer's features and shipped score with it, and the
 * outcome. Only for a day whose horizon has passed: before, the outcome is not known. Pure.
 */
public final class SnapshotBuilder {
    private final LocalDate day;
    private final Instant end;
    private final int horizonWeeks;
    private final RiskScorer scorer;
    private final Map<PurchaseHistory, Long> histories = new HashMap<>();
    private PurchaseModel model;

    /**
     * @param today the day the snapshots are taken on: the day's horizon must have passed by then, or an outcome would
     *              be read from part of it
     */
    public SnapshotBuilder(LocalDate day, LocalDate today, int horizonWeeks, RiskScorer scorer) {
        if (!ChurnOutcome.matured(day, horizonWeeks, today)) {
            throw new IllegalArgumentException(
                    "the " + horizonWeeks + " weeks after " + day + " have not passed by " + today);
        }
        this.day = day;
        this.end = day.atTime(23, 59).toInstant(ZoneOffset.UTC);
        this.horizonWeeks = horizonWeeks;
        this.scorer = scorer;
    }

    public LocalDate day() {
        return day;
    }

    /** First pass: counts the customer's purchase history as of the day, if they had bought by then. */
    public void count(CustomerState state) {
        CustomerState past = state.asOf(day);
        if (!past.purchaseDays.isEmpty()) {
            histories.merge(Features.of(past, end).purchaseHistory(), 1L, Long::sum);
        }
    }

    /** Fits the day's purchase model on the histories counted; none with fewer than {@code minCustomers}. */
    public void fit(long minCustomers, double modelHorizonWeeks, double cadenceWeight) {
        model = ModelFitter.observedCustomers(histories) < minCustomers
                ? null
                : new PurchaseModel(ModelFitter.fitBgNbd(histories), null, end, 0, modelHorizonWeeks, cadenceWeight);
    }

    /** Second pass: the customer's snapshot; null for a customer who had not bought by the day. */
    public Snapshot snapshot(String customerId, CustomerState state) {
        CustomerState past = state.asOf(day);
        if (past.purchaseDays.isEmpty()) {
            return null;
        }
        Features features = Features.of(past, end);
        PurchaseOutlook outlook = model == null
                ? null
                : model.outlook(
                        features.purchaseHistory(),
                        features.meanRepeatPurchaseValue() == null
                                ? null
                                : features.meanRepeatPurchaseValue().doubleValue());
        return new Snapshot(
                customerId,
                ChurnFeatures.of(past, features, outlook, day),
                scorer.assess(features, outlook).score(),
                ChurnOutcome.churned(state, day, horizonWeeks));
    }
}
