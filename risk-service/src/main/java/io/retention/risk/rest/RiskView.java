package io.retention.risk.rest;

import io.retention.contract.events.RiskLevel;
import io.retention.contract.events.RiskReason;
import io.retention.risk.store.CustomerRisk;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** A customer's risk as frontends see it: score, level, reasons with evidence, and the features behind them. */
public record RiskView(String customerId, int score, RiskLevel level, List<RiskReason> reasons, Features features,
                       Double pAlive, boolean churned, Instant updatedAt) {

    /** The per-customer features the score is computed from. */
    public record Features(int openTickets, int purchaseDays, BigDecimal netRevenue, String currency,
                           Instant firstPurchaseAt, Instant lastPurchaseAt, long usageCount, Instant lastUsageAt,
                           Integer lastNps, Integer lastCsat) {
    }

    static RiskView of(CustomerRisk state, List<RiskReason> reasons) {
        return new RiskView(state.customerId, state.score, state.level, reasons,
                new Features(state.openTickets, state.purchaseDays, state.netRevenue, state.currency,
                        state.firstPurchaseAt, state.lastPurchaseAt, state.usageCount, state.lastUsageAt,
                        state.lastNps, state.lastCsat),
                null, state.churned, state.updatedAt);
    }
}
