package io.retention.kit.time;

import io.retention.contract.CloudEvent;
import io.retention.contract.PlausibleTime;
import java.time.Duration;
import java.time.Instant;

/**
 * The contract's rules on event time (1.2, "History and late events"), judged against the service's clock: an event
 * older than the grace period, or marked {@code backfill}, is history (it updates state and triggers nothing by itself);
 * an event a little in the future (producers' clock skew) counts; one further ahead breaks the contract, and so does
 * one at or before the earliest time a real event may have (an unset date: 0001-01-01, the Unix epoch).
 *
 * @param historyAfter how old an event is when it counts as history
 * @param bounds       how far ahead of the clock an event's time may be, and the time every event's must be after
 */
public record EventTiming(Duration historyAfter, PlausibleTime bounds) {

    /** Whether the event is history at {@code now}: marked so, or older than the grace period. */
    public boolean isHistory(CloudEvent event, Instant now) {
        return event.backfill() || event.time().isBefore(now.minus(historyAfter));
    }

    /** Refuses an event outside the contract's bounds on time at {@code now}. */
    public void checkPlausible(CloudEvent event, Instant now) {
        bounds.check(event.time(), now);
    }
}
