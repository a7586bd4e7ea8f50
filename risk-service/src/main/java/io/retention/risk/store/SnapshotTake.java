package io.retention.risk.store;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * The snapshots a learning round took, when it began reading, and what they were taken of (the grid's days, the matured
 * ones, the settings and the version that compute them). A later round keeps them, rather than read every buyer again
 * and write what is there, when nothing they are made of can have changed: on a large base that work slowed live events
 * for seconds after every daily fit (issue 15). Pure.
 *
 * <p>A snapshot is made of the customer's past up to its horizon's end. Only three things change it: history (events
 * older than the grace period, which the service records reading), an erasure (the day's purchase model loses a
 * customer), and a live event dated on or before the latest matured day's horizon end, which can only come while that
 * end is within the grace period and the hold limits of the present. Changes live events make to what is kept of the
 * past (a newer satisfaction score replacing an older one, usage days forgotten) reach the snapshots at the next take:
 * at the latest when the grid's next day matures.
 *
 * @param at     when the round began reading (the service's clock)
 * @param inputs what the snapshots were taken of, as {@link #inputs} writes it
 */
public record SnapshotTake(Instant at, String inputs) {

    /** What a round's snapshots are taken of, in one string to compare: a different one takes them all again. */
    public static String inputs(
            Iterable<LocalDate> grid, Iterable<LocalDate> matured, String settings, String version) {
        return "grid " + grid + "; matured " + matured + "; settings " + settings + "; version " + version;
    }

    /**
     * Whether the snapshots still hold for a round with these inputs.
     *
     * @param pastEnd        the last day the snapshots look at: the latest matured grid day's horizon end; null when
     *                       no day has matured
     * @param historyRead    when the service last read history, if ever
     * @param lastErasure    when a customer was last erased, if ever
     * @param readToApplied  how long history read may take to be applied (the settle period): history read that long
     *                       before the take may have been written after its reads
     * @param liveFor        how old an event may be and still be applied live: the grace period and the hold limits
     */
    public boolean stillHolds(
            String inputs,
            LocalDate pastEnd,
            Optional<Instant> historyRead,
            Optional<Instant> lastErasure,
            Duration readToApplied,
            Duration liveFor) {
        if (!this.inputs.equals(inputs)) {
            return false;
        }
        Instant changedBefore = at.minus(readToApplied);
        if (historyRead.filter(read -> !read.isBefore(changedBefore)).isPresent()
                || lastErasure.filter(erased -> !erased.isBefore(changedBefore)).isPresent()) {
            return false;
        }
        return pastEnd == null
                || !pastEnd.plusDays(1)
                        .atStartOfDay(ZoneOffset.UTC)
                        .toInstant()
                        .plus(liveFor)
                        .isAfter(at);
    }
}
