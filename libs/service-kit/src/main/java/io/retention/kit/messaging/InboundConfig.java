package io.retention.kit.messaging;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * How a service retries an inbound event whose processing failed (a database outage, say) before dead-lettering it,
 * and how long it remembers the ids of the events it processed.
 */
@ConfigMapping(prefix = "retention.inbound")
public interface InboundConfig {

    /** Attempts after the first before the event goes to the dead-letter topic. */
    @WithDefault("5")
    int retries();

    /** First back-off between attempts; it doubles each time. */
    @WithDefault("200ms")
    Duration retryBackoff();

    /**
     * How long the id of a processed event is kept: a redelivery or republication within this window changes nothing.
     * Older ids are deleted, so that the idempotency record does not grow with every event ever received.
     */
    @WithDefault("P30D")
    Duration dedupeWindow();

    /** How often ids older than the window are deleted. */
    @WithDefault("1h")
    Duration pruneEvery();
}
