package io.retention.winback.offers;

import io.retention.contract.events.ChurnReason;
import io.retention.contract.events.OfferKind;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What an offer gives and to whom: a discount (percent), a service upgrade, or a bundle of both; valid for some days
 * after it is issued; eligible for customers who left for one of {@code reasons} (any reason when empty) and are worth
 * at least {@code minLifetimeValue}. Its id is the experiment arm.
 */
public record OfferTemplate(
        String id,
        OfferKind kind,
        Integer discountPercent,
        String upgrade,
        int validityDays,
        Set<ChurnReason> reasons,
        BigDecimal minLifetimeValue,
        boolean active) {

    /** What is wrong with the template, if anything: one line per problem. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        boolean discounts = kind == OfferKind.DISCOUNT || kind == OfferKind.BUNDLE;
        boolean upgrades = kind == OfferKind.SERVICE_UPGRADE || kind == OfferKind.BUNDLE;
        if (discounts && (discountPercent == null || discountPercent < 1 || discountPercent > 100)) {
            problems.add("a " + kind + " needs discountPercent between 1 and 100");
        }
        if (!discounts && discountPercent != null) {
            problems.add("a " + kind + " gives no discount: leave discountPercent out");
        }
        if (upgrades && (upgrade == null || upgrade.isBlank())) {
            problems.add("a " + kind + " needs the upgrade it gives");
        }
        if (!upgrades && upgrade != null) {
            problems.add("a " + kind + " gives no upgrade: leave upgrade out");
        }
        if (validityDays < 1 || validityDays > 365) {
            problems.add("validityDays must be between 1 and 365");
        }
        if (minLifetimeValue != null && minLifetimeValue.signum() < 0) {
            problems.add("minLifetimeValue must not be negative");
        }
        return problems;
    }

    /** The same template, no longer used for new offers. */
    public OfferTemplate retired() {
        return new OfferTemplate(id, kind, discountPercent, upgrade, validityDays, reasons, minLifetimeValue, false);
    }

    /** Whether a customer lost for this reason and worth this much may get it. */
    public boolean eligible(ChurnReason reason, BigDecimal lifetimeValue) {
        return active
                && (reasons.isEmpty() || reasons.contains(reason))
                && (minLifetimeValue == null || lifetimeValue.compareTo(minLifetimeValue) >= 0);
    }
}
