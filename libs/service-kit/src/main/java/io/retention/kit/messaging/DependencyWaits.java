package io.retention.kit.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The batches of inbound events that wait for a dependency (the database, say) to come back, and what they last failed
 * on. The consumers are paused meanwhile, not failed: they resume on their own.
 */
@ApplicationScoped
public class DependencyWaits {
    private final AtomicInteger waiting = new AtomicInteger();
    private final AtomicReference<String> lastFailure = new AtomicReference<>();
    private final AtomicReference<Instant> since = new AtomicReference<>();

    /** A batch started waiting out a transient failure. */
    void started(Throwable failure) {
        if (waiting.getAndIncrement() == 0) {
            since.set(Instant.now(Clock.systemUTC()));
        }
        lastFailure.set(failure.toString());
    }

    /** A batch failed again while waiting. */
    void failedAgain(Throwable failure) {
        lastFailure.set(failure.toString());
    }

    /** A waiting batch went through (or gave up for a reason of its own). */
    void ended() {
        waiting.decrementAndGet();
    }

    /** Whether some batch waits for a dependency now. */
    public boolean anyWaiting() {
        return waiting.get() > 0;
    }

    /** How many batches wait now. */
    public int waiting() {
        return waiting.get();
    }

    /** Since when some batch has been waiting, if one is. */
    public Instant since() {
        return since.get();
    }

    /** What the waiting batches last failed on. */
    public String lastFailure() {
        return lastFailure.get();
    }
}
