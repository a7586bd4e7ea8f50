package io.retention.winback.priority;

import java.math.BigDecimal;

/**
 * Whom to approach first when the day's budget of offers is short: the most valuable (lifetime value), more so for
 * customers who referred others, less so for those who complained. The score is the lifetime value times
 * {@code 1 + referralBonus × referrals (at most maxReferrals)}, times {@code complaintFactor} after a complaint. Pure.
 */
public record Priority(double referralBonus, int maxReferrals, double complaintFactor) {

    public double score(BigDecimal lifetimeValue, int referrals, boolean complained) {
        double value = Math.max(0, lifetimeValue.doubleValue());
        double referral = 1 + referralBonus * Math.min(Math.max(referrals, 0), maxReferrals);
        return value * referral * (complained ? complaintFactor : 1);
    }
}
