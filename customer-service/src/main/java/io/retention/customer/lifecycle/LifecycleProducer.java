package io.retention.customer.lifecycle;

import io.retention.customer.config.CustomerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The lifecycle rules with the configured periods. */
@ApplicationScoped
public class LifecycleProducer {

    @Produces
    @Singleton
    Lifecycle lifecycle(CustomerConfig config) {
        return new Lifecycle(config.onboarding(), config.wonBack());
    }
}
