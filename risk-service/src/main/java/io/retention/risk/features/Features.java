package io.retention.risk.features;

import io.retention.contract.events.ChurnReason;
import io.retention.contract.events.TicketOpened;
import io.retention.risk.model.PurchaseHistory;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * A customer's features at one moment, derived from their {@link CustomerState}: the evidence every risk reason cites.
 * Days are UTC days; the purchase history is in weeks as the purchase model wants it.
 */
public record Features(
        int purchaseDays,
        LocalDate firstPurchaseDay,
        LocalDate lastPurchaseDay,
        Integer daysSinceLastPurchase,
        Double meanDaysBetweenPurchases,
        BigDecimal netRevenue,
        BigDecimal meanRepeatPurchaseValue,
        String currency,
        int openTickets,
        Instant oldestOpenTicketAt,
        int complaintsLast90Days,
        Integer lastCsat,
        Integer lastNps,
        long usageTotal,
        Instant lastUsageAt,
        Integer daysSinceLastUsage,
        long usageLast14Days,
        double usagePer14DaysBefore,
        Instant cancelledAt,
        ChurnReason cancelReason) {

    /** Complaints count for this long. */
    public static final Duration COMPLAINT_WINDOW = Duration.ofDays(90);

    public static Features of(CustomerState state, Instant now) {
        LocalDate today = CustomerState.day(now);
        int purchaseDays = state.purchaseDays.size();
        LocalDate first = purchaseDays == 0 ? null : state.purchaseDays.firstKey();
        LocalDate last = purchaseDays == 0 ? null : state.purchaseDays.lastKey();
        BigDecimal gross = state.purchaseDays.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal repeatValue = purchaseDays < 2
                ? null
                : gross.subtract(state.purchaseDays.firstEntry().getValue())
                        .divide(BigDecimal.valueOf(purchaseDays - 1), 4, RoundingMode.HALF_EVEN);

        int open = 0;
        Instant oldestOpen = null;
        int complaints = 0;
        Instant complaintsSince = now.minus(COMPLAINT_WINDOW);
        for (CustomerState.TicketState ticket : state.tickets.values()) {
            if (ticket.isOpen()) {
                open++;
                oldestOpen = oldestOpen == null || ticket.openedAt.isBefore(oldestOpen) ? ticket.openedAt : oldestOpen;
            }
            if (ticket.category == TicketOpened.Category.COMPLAINT
                    && ticket.openedAt != null
                    && ticket.openedAt.isAfter(complaintsSince)
                    && !ticket.openedAt.isAfter(now)) {
                complaints++;
            }
        }

        long recentUsage = 0;
        long priorUsage = 0;
        for (Map.Entry<LocalDate, Long> usage : state.usageDays.entrySet()) {
            long daysAgo = ChronoUnit.DAYS.between(usage.getKey(), today);
            if (daysAgo >= 0 && daysAgo < 14) {
                recentUsage += usage.getValue();
            } else if (daysAgo >= 14 && daysAgo < CustomerState.USAGE_WINDOW_DAYS) {
                priorUsage += usage.getValue();
            }
        }
        boolean cancelled =
                state.cancelledAt != null && (last == null || !last.isAfter(CustomerState.day(state.cancelledAt)));

        return new Features(
                purchaseDays,
                first,
                last,
                last == null ? null : (int) Math.max(0, ChronoUnit.DAYS.between(last, today)),
                purchaseDays < 2 ? null : ChronoUnit.DAYS.between(first, last) / (double) (purchaseDays - 1),
                gross.subtract(state.refunded),
                repeatValue,
                state.currency,
                open,
                oldestOpen,
                complaints,
                state.csat,
                state.nps,
                state.usageTotal,
                state.lastUsageAt,
                state.lastUsageAt == null
                        ? null
                        : (int) Math.max(0, ChronoUnit.DAYS.between(CustomerState.day(state.lastUsageAt), today)),
                recentUsage,
                priorUsage / ((CustomerState.USAGE_WINDOW_DAYS - 14) / 14.0),
                cancelled ? state.cancelledAt : null,
                cancelled ? state.cancelReason : null);
    }

    /** The purchase history in the model's terms, or null for a customer who has not bought yet. */
    public PurchaseHistory purchaseHistory() {
        if (purchaseDays == 0) {
            return null;
        }
        long span = ChronoUnit.DAYS.between(firstPurchaseDay, lastPurchaseDay);
        return new PurchaseHistory(purchaseDays - 1, span / 7.0, (span + daysSinceLastPurchase) / 7.0);
    }

    public boolean cancelled() {
        return cancelledAt != null;
    }
}
