package io.retention.kit.messaging;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

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
     * How long the id of a processed event is kept, if not for ever (the contract's rule: an event whose id was
     * processed changes nothing). With a window, older ids are deleted so that the idempotency record does not grow
     * with every event ever received, and an event re-published after the window would be applied again.
     */
    Optional<Duration> dedupeWindow();

    /** How often ids older than the window, if one is set, are deleted. */
    @WithDefault("1h")
    Duration pruneEvery();
}
