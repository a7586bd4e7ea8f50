package io.retention.risk.store;

import java.time.Duration;
import java.time.Instant;

/**
 * A re-assessment of every buyer after a new model, in id order at an even pace over {@code spread}.
 *
 * @param customers customers when the sweep started: the pace is a share of them per share of the spread
 * @param lookedAt  customers passed so far
 * @param afterId   the last customer id passed; empty at the start
 */
public record RescoreSweep(Instant startedAt, Duration spread, long customers, long lookedAt, String afterId) {
    /**
     * How many more customers are to be looked at by {@code now}: as many as the share of the spread gone by calls for,
     * and once it has gone by, every one left (customers who came since included).
     */
    public long dueBy(Instant now) {
        Duration elapsed = Duration.between(startedAt, now);
        if (elapsed.compareTo(spread) >= 0) {
            return Long.MAX_VALUE;
        }
        if (elapsed.isNegative()) {
            return 0;
        }
        long paced = (long) Math.ceil(customers * (elapsed.toMillis() / (double) spread.toMillis()));
        return Math.max(0, paced - lookedAt);
    }
}
