package io.retention.kit.messaging;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How the outbox relay publishes. */
@ConfigMapping(prefix = "retention.outbox")
public interface OutboxConfig {

    /** Most events published in one relay transaction. */
    @WithDefault("500")
    int batchSize();

    /** How soon an instance looks again when another instance's relay holds the outbox. */
    @WithDefault("20ms")
    Duration lockRetry();

    /** How many times it looks again before leaving its rows to the next poll. */
    @WithDefault("100")
    int lockAttempts();
}
