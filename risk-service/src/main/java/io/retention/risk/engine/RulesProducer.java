package io.retention.risk.engine;

import io.retention.risk.scoring.RiskRules;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Builds the pure risk rules from configuration, once. */
public class RulesProducer {

    @Produces
    @Singleton
    RiskRules rules(RiskConfig config) {
        return new RiskRules(config.openTicketsMedium(), config.openTicketsHigh());
    }
}
