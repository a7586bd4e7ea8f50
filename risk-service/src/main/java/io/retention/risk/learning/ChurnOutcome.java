package io.retention.risk.learning;

import io.retention.risk.features.CustomerState;
import java.time.LocalDate;

/**
 * What became of a customer after a cut-off, once its horizon has passed: churned when they bought nothing in the
 * horizon, or cancelled in it without buying after. Pure; never asked before the horizon's end (no leakage).
 */
public final class ChurnOutcome {
    private ChurnOutcome() {}

    /** Whether a snapshot at {@code cutOff} can be labelled on {@code today}: its whole horizon has passed. */
    public static boolean matured(LocalDate cutOff, int horizonWeeks, LocalDate today) {
        return !horizonEnd(cutOff, horizonWeeks).isAfter(today.minusDays(1));
    }

    /** The last day of the horizon. */
    public static LocalDate horizonEnd(LocalDate cutOff, int horizonWeeks) {
        return cutOff.plusWeeks(horizonWeeks);
    }

    /** Whether the customer churned in the horizon after {@code cutOff}, as {@code state} (read later) tells. */
    public static boolean churned(CustomerState state, LocalDate cutOff, int horizonWeeks) {
        LocalDate end = horizonEnd(cutOff, horizonWeeks);
        var bought = state.purchaseDays.subMap(cutOff, false, end, true);
        if (bought.isEmpty()) {
            return true;
        }
        if (state.cancelledAt == null) {
            return false;
        }
        LocalDate cancelled = ChurnFeatures.day(state.cancelledAt);
        return cancelled.isAfter(cutOff)
                && !cancelled.isAfter(end)
                && !bought.lastKey().isAfter(cancelled);
    }
}
