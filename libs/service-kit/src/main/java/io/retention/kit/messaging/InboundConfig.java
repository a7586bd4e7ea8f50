package io.retention.kit.messaging;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * How a service retries an inbound event whose processing failed (for as long as it takes when a dependency is down;
 * a few times otherwise, before dead-lettering it), and how long it remembers the ids of the events it processed.
 */
@ConfigMapping(prefix = "retention.inbound")
public interface InboundConfig {

    /**
     * Attempts after the first, for a failure that is not a dependency being down, before the batch's events are tried
     * one by one and the one that still fails goes to the dead-letter topic.
     */
    @WithDefault("5")
    int retries();

    /** First back-off between attempts; it doubles each time. */
    @WithDefault("200ms")
    Duration retryBackoff();

    /** Longest back-off while waiting for a dependency that is down (retried for as long as the outage lasts). */
    @WithDefault("5s")
    Duration retryBackoffMax();

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
