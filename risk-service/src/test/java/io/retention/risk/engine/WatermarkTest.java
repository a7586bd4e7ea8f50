package io.retention.risk.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.retention.kit.messaging.PartitionPosition;
import io.retention.kit.messaging.PartitionRead;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class WatermarkTest {
    private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");
    private static final Instant RECENTLY = NOW.minusMillis(500);
    private static final Instant EARLIER = NOW.minusSeconds(600);

    @Test
    void partitionsWithNothingUnreadCountAsReadUpToThePresent() {
        List<PartitionPosition> positions =
                List.of(new PartitionPosition("purchases", 0, 10, 4, 10), new PartitionPosition("tickets", 0, 0, 0, 0));
        List<PartitionRead> reads = List.of(new PartitionRead("purchases", 0, 10, EARLIER));

        assertThat(Watermark.of(positions, reads, RECENTLY, NOW)).isEqualTo(NOW);
    }

    @Test
    void aPartitionWithABacklogHoldsTheWatermarkAtTheLatestTimeReadFromIt() {
        List<PartitionPosition> positions = List.of(
                new PartitionPosition("purchases", 0, 12, 4, 11),
                new PartitionPosition("purchases", 1, 7, 7, 7),
                new PartitionPosition("tickets", 0, 30, 20, 30));
        List<PartitionRead> reads = List.of(
                new PartitionRead("purchases", 0, 10, EARLIER),
                new PartitionRead("tickets", 0, 25, NOW.minusSeconds(60)));

        assertThat(Watermark.of(positions, reads, RECENTLY, NOW)).isEqualTo(EARLIER);
    }

    @Test
    void aPartitionWhoseUnreadRecordsAreInFlightCountsAsReadUpToAMomentAgo() {
        // read up to offset 10; the records from 10 on were published within the last half second
        List<PartitionPosition> positions = List.of(new PartitionPosition("usage", 0, 14, 0, 10));
        List<PartitionRead> reads = List.of(new PartitionRead("usage", 0, 10, EARLIER));

        assertThat(Watermark.of(positions, reads, RECENTLY, NOW)).isEqualTo(RECENTLY);
        // events read from it later than that moment count
        List<PartitionRead> fresh = List.of(new PartitionRead("usage", 0, 10, NOW.minusMillis(100)));
        assertThat(Watermark.of(positions, fresh, RECENTLY, NOW)).isEqualTo(NOW.minusMillis(100));
    }

    @Test
    void theGroupsCommittedOffsetCountsForAPartitionReadBeforeReadsWereRecorded() {
        // an upgrade: the partition was read (and committed) by a version that did not record its reads
        List<PartitionPosition> positions = List.of(new PartitionPosition("usage", 3, 500, 500, 500));

        assertThat(Watermark.of(positions, List.of(), RECENTLY, NOW)).isEqualTo(NOW);
    }

    @Test
    void aPartitionWithABacklogAndNeverReadHoldsEverything() {
        List<PartitionPosition> positions =
                List.of(new PartitionPosition("usage", 0, 5, 0, 5), new PartitionPosition("tickets", 0, 3, 3, 3));

        assertThat(Watermark.of(positions, List.of(), RECENTLY, NOW)).isNull();
    }

    @Test
    void noEventTimeReadAheadOfThePresentLiftsTheWatermarkPastIt() {
        List<PartitionPosition> positions = List.of(new PartitionPosition("tickets", 0, 9, 2, 9));
        List<PartitionRead> reads = List.of(new PartitionRead("tickets", 0, 5, NOW.plusSeconds(120)));

        assertThat(Watermark.of(positions, reads, RECENTLY, NOW)).isEqualTo(NOW);
    }
}
