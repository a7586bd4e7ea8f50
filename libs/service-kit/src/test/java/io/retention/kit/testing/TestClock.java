package io.retention.kit.testing;

import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;

/**
 * Replaces the system clock in the tests of a service that selects it
 * ({@code %test.quarkus.arc.selected-alternatives=io.retention.kit.testing.TestClock}), so that time can be moved.
 */
@Alternative
public class TestClock {
    public static final MutableClock CLOCK = new MutableClock(Instant.now());

    @Produces
    @Singleton
    Clock clock() {
        return CLOCK;
    }
}
