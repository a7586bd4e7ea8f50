package io.retention.kit.messaging;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How the outbox relay publishes. */
@ConfigMapping(prefix = "retention.outbox")
public interface OutboxConfig {

    /** Most events published in one relay transaction. */
    @WithDefault("500")
    int batchSize();
}
