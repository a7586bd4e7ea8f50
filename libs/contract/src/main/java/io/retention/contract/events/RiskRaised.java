package io.retention.contract.events;

import java.util.List;

/** A customer's risk level rose to MEDIUM or HIGH. */
public record RiskRaised(
        RiskLevel level, int score, Double pAlive, List<RiskReason> reasons, RiskLevel previousLevel) {}
