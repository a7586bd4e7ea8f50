package io.retention.winback.experiment;

import io.retention.winback.config.WinbackConfig;
import io.retention.winback.offers.OfferCodes;
import io.retention.winback.priority.Priority;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.security.SecureRandom;
import org.hipparchus.random.Well19937c;

/** The plain decision classes as shared beans, built from the configuration. */
public class ExperimentBeans {

    @Produces
    @Singleton
    Holdout holdout(WinbackConfig config) {
        return new Holdout(config.holdoutShare(), config.holdoutSalt());
    }

    @Produces
    @Singleton
    ThompsonSampling sampling() {
        return new ThompsonSampling(new Well19937c(new SecureRandom().nextLong()));
    }

    @Produces
    @Singleton
    OfferCodes codes() {
        return new OfferCodes(new SecureRandom());
    }

    @Produces
    @Singleton
    Priority priority(WinbackConfig config) {
        return new Priority(config.referralBonus(), 5, config.complaintFactor());
    }
}
