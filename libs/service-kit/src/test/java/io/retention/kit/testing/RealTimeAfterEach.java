package io.retention.kit.testing;

import java.time.Instant;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Puts the {@link TestClock} back to real time after each test of a class that moves it, so that the next test (and the
 * next class sharing the running service) starts from the present.
 */
public final class RealTimeAfterEach implements AfterEachCallback {
    @Override
    public void afterEach(ExtensionContext context) {
        TestClock.CLOCK.set(Instant.now());
    }
}
