package io.retention.risk.scoring;

import io.retention.contract.events.RiskReason.ReasonCode;
import java.util.Map;

/**
 * The configurable part of the risk score: the most points each reason can add, the level thresholds, and what counts
 * as evidence for each reason.
 *
 * @param weights              the points each reason adds at full strength
 * @param mediumFrom           score from which a customer is at MEDIUM risk
 * @param highFrom             score from which a customer is at HIGH risk
 * @param openTicketsFull      open tickets at which OPEN_TICKETS is at full strength
 * @param complaintsFull       complaints in 90 days at which COMPLAINTS is at full strength
 * @param lowCsat              CSAT at or below which satisfaction is low
 * @param lowNps               NPS at or below which satisfaction is low (a detractor)
 * @param usageBaselineMin     uses per 14 days before a drop can count
 * @param usageDropMin         the drop (0..1) of the last 14 days against the 8 weeks before that counts
 * @param inactiveDays         days without usage after which a customer who used the product is INACTIVE
 * @param lapseFactor          a customer with a cadence is lapsed (churned) after this many times their mean gap
 * @param lapseMinDays         and not before this many days without a purchase
 * @param oneTimeBuyerLapseDays days after which a customer who bought once is lapsed
 */
public record ScoringPolicy(
        Map<ReasonCode, Double> weights,
        int mediumFrom,
        int highFrom,
        int openTicketsFull,
        int complaintsFull,
        int lowCsat,
        int lowNps,
        double usageBaselineMin,
        double usageDropMin,
        int inactiveDays,
        double lapseFactor,
        int lapseMinDays,
        int oneTimeBuyerLapseDays) {

    public ScoringPolicy {
        weights = Map.copyOf(weights);
        if (!(0 < mediumFrom && mediumFrom < highFrom && highFrom <= 100)) {
            throw new IllegalArgumentException(
                    "need 0 < mediumFrom < highFrom <= 100, got " + mediumFrom + " and " + highFrom);
        }
        for (Map.Entry<ReasonCode, Double> weight : weights.entrySet()) {
            if (weight.getValue() < 0) {
                throw new IllegalArgumentException("weight of " + weight.getKey() + " must not be negative");
            }
        }
    }

    double weight(ReasonCode code) {
        return weights.getOrDefault(code, 0.0);
    }
}
