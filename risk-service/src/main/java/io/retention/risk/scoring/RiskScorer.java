package io.retention.risk.scoring;

import io.retention.contract.events.CustomerChurned;
import io.retention.contract.events.RiskLevel;
import io.retention.contract.events.RiskReason.ReasonCode;
import io.retention.risk.features.Features;
import io.retention.risk.model.PurchaseOutlook;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The explainable risk score: each reason adds up to its weight in points according to the strength of its evidence;
 * the sum, capped at 100, is the score. Pure decision logic.
 */
public final class RiskScorer {
    private final ScoringPolicy policy;

    public RiskScorer(ScoringPolicy policy) {
        this.policy = policy;
    }

    /**
     * Scores a customer from their features and (for buyers, once a model is fitted) the purchase outlook.
     *
     * @param outlook null when the customer never bought or no purchase model is fitted yet
     */
    public Assessment assess(Features features, PurchaseOutlook outlook) {
        List<Reason> reasons = new ArrayList<>();
        if (features.cancelled()) {
            reasons.add(reason(
                    ReasonCode.CANCELLED,
                    1,
                    "cancelled on " + features.cancelledAt() + " (" + features.cancelReason() + ")",
                    evidence("cancelledAt", features.cancelledAt(), "reason", features.cancelReason())));
        }
        if (features.openTickets() > 0) {
            reasons.add(reason(
                    ReasonCode.OPEN_TICKETS,
                    Math.min(1, features.openTickets() / (double) policy.openTicketsFull()),
                    features.openTickets() + " open support ticket" + (features.openTickets() == 1 ? "" : "s")
                            + ", the oldest opened " + features.oldestOpenTicketAt(),
                    evidence("openTickets", features.openTickets(), "oldestOpenedAt", features.oldestOpenTicketAt())));
        }
        if (features.complaintsLast90Days() > 0) {
            reasons.add(reason(
                    ReasonCode.COMPLAINTS,
                    Math.min(1, features.complaintsLast90Days() / (double) policy.complaintsFull()),
                    features.complaintsLast90Days() + " complaint" + (features.complaintsLast90Days() == 1 ? "" : "s")
                            + " in the last 90 days",
                    evidence("complaintsLast90Days", features.complaintsLast90Days())));
        }
        lowSatisfaction(features, reasons);
        usage(features, reasons);
        if (outlook != null && features.purchaseDays() > 0) {
            reasons.add(reason(
                    ReasonCode.PURCHASE_LAPSE,
                    outlook.pNoPurchase(),
                    String.format(
                            Locale.ROOT,
                            "%.0f%% likely to make no purchase in the coming weeks; last purchase %d days ago%s",
                            100 * outlook.pNoPurchase(),
                            features.daysSinceLastPurchase(),
                            features.meanDaysBetweenPurchases() == null
                                    ? ", bought once"
                                    : String.format(
                                            Locale.ROOT,
                                            ", usually every %.0f days",
                                            features.meanDaysBetweenPurchases())),
                    evidence(
                            "pNoPurchase",
                            round(outlook.pNoPurchase()),
                            "pAlive",
                            round(outlook.pAlive()),
                            "expectedPurchases",
                            round(outlook.expectedPurchases()),
                            "daysSinceLastPurchase",
                            features.daysSinceLastPurchase(),
                            "meanDaysBetweenPurchases",
                            features.meanDaysBetweenPurchases(),
                            "purchaseDays",
                            features.purchaseDays())));
        }
        reasons.removeIf(reason -> reason.weight() <= 0);
        reasons.sort(Comparator.comparingDouble(Reason::weight).reversed());
        int score = (int) Math.min(
                100, Math.round(reasons.stream().mapToDouble(Reason::weight).sum()));
        return new Assessment(score, level(score), List.copyOf(reasons), churn(features), null);
    }

    /**
     * The level for a score, by the thresholds alone: the state decides it, never the path that led there, so the same
     * events give the same level in whatever order they arrived.
     */
    public RiskLevel level(int score) {
        return score >= policy.highFrom()
                ? RiskLevel.HIGH
                : score >= policy.mediumFrom() ? RiskLevel.MEDIUM : RiskLevel.LOW;
    }

    /** Whether the customer is lost: they cancelled, or their purchases lapsed far beyond their own cadence. */
    public CustomerChurned.Basis churn(Features features) {
        if (features.cancelled()) {
            return CustomerChurned.Basis.CANCELLED;
        }
        if (features.purchaseDays() == 0) {
            return null;
        }
        int gap = features.daysSinceLastPurchase();
        boolean lapsed = features.meanDaysBetweenPurchases() == null
                ? gap >= policy.oneTimeBuyerLapseDays()
                : gap >= policy.lapseMinDays() && gap > policy.lapseFactor() * features.meanDaysBetweenPurchases();
        return lapsed ? CustomerChurned.Basis.LAPSED : null;
    }

    private void lowSatisfaction(Features features, List<Reason> reasons) {
        double strength = 0;
        List<String> seen = new ArrayList<>();
        if (features.lastCsat() != null && features.lastCsat() <= policy.lowCsat()) {
            strength = Math.max(strength, (policy.lowCsat() + 1 - features.lastCsat()) / (double) policy.lowCsat());
            seen.add("last CSAT " + features.lastCsat() + " of 5");
        }
        if (features.lastNps() != null && features.lastNps() <= policy.lowNps()) {
            strength = Math.max(strength, (policy.lowNps() + 1 - features.lastNps()) / (double) (policy.lowNps() + 1));
            seen.add("last NPS " + features.lastNps());
        }
        if (strength > 0) {
            reasons.add(reason(
                    ReasonCode.LOW_SATISFACTION,
                    strength,
                    String.join(", ", seen),
                    evidence("lastCsat", features.lastCsat(), "lastNps", features.lastNps())));
        }
    }

    private void usage(Features features, List<Reason> reasons) {
        if (features.daysSinceLastUsage() != null && features.daysSinceLastUsage() >= policy.inactiveDays()) {
            reasons.add(reason(
                    ReasonCode.INACTIVE,
                    1,
                    "no usage for " + features.daysSinceLastUsage() + " days",
                    evidence(
                            "daysSinceLastUsage",
                            features.daysSinceLastUsage(),
                            "lastUsageAt",
                            features.lastUsageAt())));
            return;
        }
        double baseline = features.usagePer14DaysBefore();
        if (baseline >= policy.usageBaselineMin() && features.usageLast14Days() < baseline) {
            double drop = 1 - features.usageLast14Days() / baseline;
            if (drop >= policy.usageDropMin()) {
                reasons.add(reason(
                        ReasonCode.USAGE_DROP,
                        drop,
                        String.format(
                                Locale.ROOT,
                                "usage down %.0f%%: %d uses in the last 14 days against %.1f per 14 days in the 8 weeks before",
                                100 * drop,
                                features.usageLast14Days(),
                                baseline),
                        evidence(
                                "usageLast14Days",
                                features.usageLast14Days(),
                                "usagePer14DaysBefore",
                                round(baseline))));
            }
        }
    }

    private Reason reason(ReasonCode code, double strength, String detail, Map<String, Object> evidence) {
        double points = Math.round(policy.weight(code) * Math.max(0, Math.min(1, strength)) * 10) / 10.0;
        return new Reason(code, detail, points, evidence);
    }

    private static Map<String, Object> evidence(Object... keysAndValues) {
        Map<String, Object> evidence = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            if (keysAndValues[i + 1] != null) {
                evidence.put((String) keysAndValues[i], keysAndValues[i + 1]);
            }
        }
        return evidence;
    }

    private static double round(double value) {
        return Math.round(value * 10_000) / 10_000.0;
    }
}
