package io.retention.kit.messaging;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How a service retries an inbound event whose processing failed (a database outage, say) before dead-lettering it. */
@ConfigMapping(prefix = "retention.inbound")
public interface InboundConfig {

    /** Attempts after the first before the event goes to the dead-letter topic. */
    @WithDefault("5")
    int retries();

    /** First back-off between attempts; it doubles each time. */
    @WithDefault("200ms")
    Duration retryBackoff();
}
