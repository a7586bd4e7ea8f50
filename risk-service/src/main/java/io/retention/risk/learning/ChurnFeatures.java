package io.retention.risk.learning;

import io.retention.contract.events.RiskReason.ReasonCode;
import io.retention.risk.features.CustomerState;
import io.retention.risk.features.Features;
import io.retention.risk.model.PurchaseOutlook;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The vector a learned churn model reads for a customer at a moment: purchase recency, frequency, value and cadence,
 * recent activity, refunds, the purchase model's outlook, tickets, complaints, satisfaction and usage. Counts and
 * amounts enter as log(1 + x), so that a few very large customers do not decide the weights. Pure.
 */
public final class ChurnFeatures {
    /** The features' names, in vector order. */
    public static final List<String> NAMES = List.of(
            "log days since last purchase",
            "log purchase days",
            "log days since first purchase",
            "log net revenue",
            "overdue ratio",
            "single purchase",
            "purchase days last 30",
            "purchase days last 90",
            "purchase days last 180",
            "refunded share",
            "P(alive)",
            "log expected purchases",
            "open tickets",
            "complaints last 90 days",
            "low satisfaction",
            "log days since last usage",
            "usage drop");

    /** The reason each feature speaks to, in vector order: the purchase pattern's features all to PURCHASE_LAPSE. */
    public static final List<ReasonCode> REASONS = Stream.concat(
                    Collections.nCopies(12, ReasonCode.PURCHASE_LAPSE).stream(),
                    Stream.of(
                            ReasonCode.OPEN_TICKETS,
                            ReasonCode.COMPLAINTS,
                            ReasonCode.LOW_SATISFACTION,
                            ReasonCode.INACTIVE,
                            ReasonCode.USAGE_DROP))
            .toList();

    private ChurnFeatures() {}

    /**
     * @param outlook the purchase model's outlook for the customer, null for a non-buyer or before a model is fitted
     */
    public static double[] of(CustomerState state, Features features, PurchaseOutlook outlook, LocalDate today) {
        double[] x = new double[NAMES.size()];
        boolean buyer = features.purchaseDays() > 0;
        x[0] = buyer ? Math.log1p(features.daysSinceLastPurchase()) : Math.log1p(365 * 3);
        x[1] = Math.log1p(features.purchaseDays());
        x[2] = buyer ? Math.log1p(ChronoUnit.DAYS.between(features.firstPurchaseDay(), today)) : 0;
        x[3] = Math.log1p(Math.max(0, features.netRevenue().doubleValue()));
        Double gap = features.meanDaysBetweenPurchases();
        x[4] = gap == null || gap <= 0 ? 0 : Math.min(20, features.daysSinceLastPurchase() / gap);
        x[5] = features.purchaseDays() == 1 ? 1 : 0;
        x[6] = purchaseDaysWithin(state, today, 30);
        x[7] = purchaseDaysWithin(state, today, 90);
        x[8] = purchaseDaysWithin(state, today, 180);
        BigDecimal gross = state.purchaseDays.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        x[9] = gross.signum() <= 0 ? 0 : Math.min(1, state.refunded.doubleValue() / gross.doubleValue());
        x[10] = outlook == null ? (buyer ? 1 : 0) : outlook.pAlive();
        x[11] = outlook == null ? 0 : Math.log1p(outlook.expectedPurchases());
        x[12] = features.openTickets();
        x[13] = features.complaintsLast90Days();
        x[14] = (features.lastCsat() != null && features.lastCsat() <= 2)
                        || (features.lastNps() != null && features.lastNps() <= 6)
                ? 1
                : 0;
        x[15] = features.daysSinceLastUsage() == null ? 0 : Math.log1p(features.daysSinceLastUsage());
        x[16] = features.usagePer14DaysBefore() <= 0
                ? 0
                : Math.max(0, 1 - features.usageLast14Days() / features.usagePer14DaysBefore());
        return x;
    }

    private static int purchaseDaysWithin(CustomerState state, LocalDate today, int days) {
        int count = 0;
        for (Map.Entry<LocalDate, BigDecimal> day :
                state.purchaseDays.tailMap(today.minusDays(days - 1L), true).entrySet()) {
            if (!day.getKey().isAfter(today)) {
                count++;
            }
        }
        return count;
    }

    /** The UTC day of a moment. */
    public static LocalDate day(java.time.Instant at) {
        return LocalDate.ofInstant(at, ZoneOffset.UTC);
    }
}
