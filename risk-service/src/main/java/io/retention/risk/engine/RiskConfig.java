package io.retention.risk.engine;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Thresholds of the risk rules. */
@ConfigMapping(prefix = "retention.risk")
public interface RiskConfig {

    /** Open support tickets from which a customer is at MEDIUM risk. */
    @WithDefault("3")
    int openTicketsMedium();

    /** Open support tickets from which a customer is at HIGH risk. */
    @WithDefault("5")
    int openTicketsHigh();
}
