package io.retention.kit.time;

import io.retention.contract.PlausibleTime;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;

/**
 * How every service tells history and live events apart, how much producer clock skew it accepts, and the earliest time
 * an event may have.
 */
@ConfigMapping(prefix = "retention.events")
public interface EventTimingConfig {

    /** Events older than this (event time against the service's clock) are history: they trigger nothing by themselves. */
    @WithDefault("PT24H")
    Duration historyAfter();

    /** How far in the future an event's time may be (producers' clock skew); further ahead it is dead-lettered. */
    @WithDefault("PT5M")
    Duration futureTolerance();

    /**
     * Every event's time must be after this; one at or before it is dead-lettered (producers' unset dates are 0001-01-01
     * or the Unix epoch).
     */
    @WithDefault("1970-01-01T00:00:00Z")
    Instant earliest();

    /** The rules as a plain object for the services' decision logic. */
    @Singleton
    class Producer {
        @Produces
        @Singleton
        EventTiming eventTiming(EventTimingConfig config) {
            return new EventTiming(
                    config.historyAfter(), new PlausibleTime(config.futureTolerance(), config.earliest()));
        }
    }
}
