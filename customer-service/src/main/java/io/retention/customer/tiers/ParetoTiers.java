package io.retention.customer.tiers;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A/B/C tiers by revenue (Pareto): customers ranked by net revenue, highest first; those who make up the first
 * {@code aShare} of the total are A, the next {@code bShare} B, everyone else (and anyone without positive revenue) C.
 * A customer is placed by where their revenue starts in the running total, so the customer who crosses the A line is
 * still A, and the top customer is A whatever the shares.
 */
public record ParetoTiers(double aShare, double bShare) {

    public ParetoTiers {
        if (!(aShare > 0 && bShare >= 0 && aShare + bShare <= 1)) {
            throw new IllegalArgumentException(
                    "tier shares need 0 < A, 0 <= B and A + B <= 1; got A " + aShare + ", B " + bShare);
        }
    }

    /** A customer's revenue over the ranking period. */
    public record Revenue(String customerId, BigDecimal amount) {}

    /** The tier of every customer given, in ranking order (ties broken by id, so the result is stable). */
    public Map<String, String> assign(List<Revenue> revenues) {
        List<Revenue> ranked = new ArrayList<>(revenues);
        ranked.sort(Comparator.comparing(Revenue::amount).reversed().thenComparing(Revenue::customerId));
        BigDecimal total = ranked.stream()
                .map(Revenue::amount)
                .filter(a -> a.signum() > 0)
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        Map<String, String> tiers = new LinkedHashMap<>();
        // in decimals, so that a customer starting exactly on a line is placed below it
        BigDecimal aLine = total.multiply(BigDecimal.valueOf(aShare));
        BigDecimal bLine = total.multiply(BigDecimal.valueOf(aShare).add(BigDecimal.valueOf(bShare)));
        BigDecimal before = BigDecimal.ZERO;
        for (Revenue revenue : ranked) {
            String tier;
            if (revenue.amount().signum() <= 0) {
                tier = "C";
            } else {
                tier = before.compareTo(aLine) < 0 ? "A" : before.compareTo(bLine) < 0 ? "B" : "C";
                before = before.add(revenue.amount());
            }
            tiers.put(revenue.customerId(), tier);
        }
        return tiers;
    }
}
