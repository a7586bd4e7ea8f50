package io.retention.customer.registry;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Defaults of the customer registry. */
@ConfigMapping(prefix = "retention.customer")
public interface CustomerConfig {

    /** IANA time zone of a customer registered without one; quiet hours are kept in it. */
    @WithDefault("UTC")
    String defaultTimeZone();
}
