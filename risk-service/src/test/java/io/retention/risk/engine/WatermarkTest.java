package io.retention.risk.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.retention.kit.messaging.PartitionPosition;
import io.retention.kit.messaging.PartitionRead;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class WatermarkTest {
    private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");
    private static final Instant EARLIER = NOW.minusSeconds(600);

    @Test
    void partitionsWithNothingUnreadCountAsReadUpToThePresent() {
        List<PartitionPosition> positions =
                List.of(new PartitionPosition("purchases", 0, 10, 4), new PartitionPosition("tickets", 0, 0, 0));
        List<PartitionRead> reads = List.of(new PartitionRead("purchases", 0, 10, EARLIER));

        assertThat(Watermark.of(positions, reads, NOW)).isEqualTo(NOW);
    }

    @Test
    void aPartitionWithRecordsUnreadHoldsTheWatermarkAtTheLatestTimeReadFromIt() {
        List<PartitionPosition> positions = List.of(
                new PartitionPosition("purchases", 0, 12, 4),
                new PartitionPosition("purchases", 1, 7, 7),
                new PartitionPosition("tickets", 0, 30, 20));
        List<PartitionRead> reads = List.of(
                new PartitionRead("purchases", 0, 10, EARLIER),
                new PartitionRead("tickets", 0, 25, NOW.minusSeconds(60)));

        assertThat(Watermark.of(positions, reads, NOW)).isEqualTo(EARLIER);
    }

    @Test
    void theGroupsCommittedOffsetCountsForAPartitionReadBeforeReadsWereRecorded() {
        // an upgrade: the partition was read (and committed) by a version that did not record its reads
        List<PartitionPosition> positions = List.of(new PartitionPosition("usage", 3, 500, 500));

        assertThat(Watermark.of(positions, List.of(), NOW)).isEqualTo(NOW);
    }

    @Test
    void aPartitionWithRecordsUnreadAndNoneReadYetHoldsEverything() {
        List<PartitionPosition> positions =
                List.of(new PartitionPosition("usage", 0, 5, 0), new PartitionPosition("tickets", 0, 3, 3));

        assertThat(Watermark.of(positions, List.of(), NOW)).isNull();
    }

    @Test
    void noEventTimeReadAheadOfThePresentLiftsTheWatermarkPastIt() {
        List<PartitionPosition> positions = List.of(new PartitionPosition("tickets", 0, 9, 2));
        List<PartitionRead> reads = List.of(new PartitionRead("tickets", 0, 5, NOW.plusSeconds(120)));

        assertThat(Watermark.of(positions, reads, NOW)).isEqualTo(NOW);
    }
}
