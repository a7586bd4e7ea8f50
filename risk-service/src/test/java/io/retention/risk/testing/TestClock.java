package io.retention.risk.testing;

import io.retention.kit.time.MutableClock;
import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;

/** Replaces the system clock in tests so that time can be moved. */
public class TestClock {
    public static final MutableClock CLOCK = new MutableClock(Instant.now());

    @Produces
    @Singleton
    @Alternative
    @Priority(1)
    Clock clock() {
        return CLOCK;
    }
}
