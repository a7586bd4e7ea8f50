package io.retention.kit.time;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The one clock every service reads the time from; tests and replays of history replace it. */
@Singleton
public class ClockProducer {

    /**
     * The system clock, or, with {@code retention.clock.start-at} set (an RFC 3339 instant), a clock that reads that
     * instant at start-up and runs on at real speed: a platform replaying a data set's history judges it at the data
     * set's present. With {@code retention.clock.started-at} (the real time at which the clock read {@code start-at})
     * as well, several processes, restarted ones included, keep one clock.
     */
    @Produces
    @Singleton
    @DefaultBean
    Clock clock(
            @ConfigProperty(name = "retention.clock.start-at") Optional<Instant> startAt,
            @ConfigProperty(name = "retention.clock.started-at") Optional<Instant> startedAt) {
        Clock system = Clock.systemUTC();
        return startAt.map(start -> Clock.offset(system, Duration.between(startedAt.orElse(system.instant()), start)))
                .orElse(system);
    }
}
