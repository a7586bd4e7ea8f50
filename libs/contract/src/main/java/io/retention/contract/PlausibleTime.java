package io.retention.contract;

import java.time.Duration;
import java.time.Instant;

/**
 * The contract's bounds on an event's time (1.2): at most a producer's clock skew ahead of the reader's clock, and after
 * the earliest time a real event has, since an unset date (Go's zero time 0001-01-01, .NET's {@code DateTime.MinValue},
 * a timestamp of 0) is no moment anything happened. Every service checks them against its clock, and an import before
 * it publishes. Pure.
 *
 * @param futureTolerance how far ahead of the clock an event's time may be
 * @param earliest        every event's time must be after this
 */
public record PlausibleTime(Duration futureTolerance, Instant earliest) {
    /** The defaults every service starts with: 5 minutes of clock skew, nothing at or before the Unix epoch. */
    public static final PlausibleTime DEFAULTS = new PlausibleTime(Duration.ofMinutes(5), Instant.EPOCH);

    /** Refuses an event at {@code time}, read at {@code now}, that falls outside the bounds, with the reason. */
    public void check(Instant time, Instant now) {
        if (time.isAfter(now.plus(futureTolerance))) {
            throw new InvalidEventException("time " + time + " is "
                    + Duration.between(now, time).withNanos(0) + " ahead of the clock (" + now
                    + "); events may be at most " + futureTolerance + " in the future (clock skew)");
        }
        if (!time.isAfter(earliest)) {
            throw new InvalidEventException("time " + time + " is not after " + earliest
                    + ", the earliest an event may be: it looks like an unset date, not a moment something happened");
        }
    }
}
