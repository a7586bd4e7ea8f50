package io.retention.kit.time;

import io.retention.contract.CloudEvent;
import io.retention.contract.InvalidEventException;
import java.time.Duration;
import java.time.Instant;

/**
 * The contract's rules on event time (1.2, "History and late events"), judged against the service's clock: an event
 * older than the grace period, or marked {@code backfill}, is history (it updates state and triggers nothing by itself);
 * an event a little in the future (producers' clock skew) counts; one further ahead breaks the contract, and so does
 * one at or before the earliest time a real event may have (an unset date: 0001-01-01, the Unix epoch).
 *
 * @param historyAfter    how old an event is when it counts as history
 * @param futureTolerance how far ahead of the clock an event's time may be
 * @param earliest        every event's time must be after this
 */
public record EventTiming(Duration historyAfter, Duration futureTolerance, Instant earliest) {

    /** Whether the event is history at {@code now}: marked so, or older than the grace period. */
    public boolean isHistory(CloudEvent event, Instant now) {
        return event.backfill() || event.time().isBefore(now.minus(historyAfter));
    }

    /**
     * Refuses an event whose time is further ahead of {@code now} than producers' clocks may be off, or not after the
     * earliest time a real event may have.
     */
    public void checkPlausible(CloudEvent event, Instant now) {
        Instant latest = now.plus(futureTolerance);
        if (event.time().isAfter(latest)) {
            throw new InvalidEventException("time " + event.time() + " is "
                    + Duration.between(now, event.time()).withNanos(0)
                    + " ahead of the service's clock (" + now + "); events may be at most " + futureTolerance
                    + " in the future (clock skew)");
        }
        if (!event.time().isAfter(earliest)) {
            throw new InvalidEventException("time " + event.time() + " is not after " + earliest
                    + ", the earliest an event may be: it looks like an unset date, not a moment something happened");
        }
    }
}
