package io.retention.kit.time;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;

/** How every service tells history and live events apart, and how much producer clock skew it accepts. */
@ConfigMapping(prefix = "retention.events")
public interface EventTimingConfig {

    /** Events older than this (event time against the service's clock) are history: they trigger nothing by themselves. */
    @WithDefault("PT24H")
    Duration historyAfter();

    /** How far in the future an event's time may be (producers' clock skew); further ahead it is dead-lettered. */
    @WithDefault("PT5M")
    Duration futureTolerance();

    /** The rules as a plain object for the services' decision logic. */
    @Singleton
    class Producer {
        @Produces
        @Singleton
        EventTiming eventTiming(EventTimingConfig config) {
            return new EventTiming(config.historyAfter(), config.futureTolerance());
        }
    }
}
