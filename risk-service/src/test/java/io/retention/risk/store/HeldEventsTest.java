package io.retention.risk.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.retention.contract.CloudEvent;
import io.retention.contract.EventType;
import io.retention.contract.events.TicketOpened;
import io.retention.local.testing.JwtTestResource;
import io.retention.local.testing.KafkaTestResource;
import io.retention.local.testing.PostgresTestResource;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Which held customers a part of a release takes: those of the earliest events, and whether more may wait beyond the
 * part (the release goes on with another part until none may).
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(JwtTestResource.class)
@WithTestResource(PostgresTestResource.class)
class HeldEventsTest {
    @Inject
    Pool pool;

    @Inject
    HeldEvents heldEvents;

    @Test
    void aPartThatCameFullSaysMoreMayWait() {
        // a day ahead of the service's clock: its own release rounds leave these alone
        Instant ahead = Instant.now().plus(Duration.ofDays(1)).truncatedTo(ChronoUnit.MILLIS);
        List<CloudEvent> events = List.of(
                ticket("held-part-a", ahead.plusSeconds(1), "t-1"),
                ticket("held-part-b", ahead.plusSeconds(2), "t-2"),
                ticket("held-part-a", ahead.plusSeconds(3), "t-3"),
                ticket("held-part-c", ahead.plusSeconds(4), "t-4"));
        pool.withTransaction(connection -> heldEvents.hold(connection, events, event -> null, Instant.now()))
                .await()
                .indefinitely();
        try {
            Instant later = ahead.plus(Duration.ofHours(1));
            HeldEvents.Release release = new HeldEvents.Release(later, null, later);

            HeldEvents.Releasable firstPart =
                    heldEvents.releasable(pool, release, 3).await().indefinitely();
            assertThat(firstPart.customerIds()).containsExactly("held-part-a", "held-part-b");
            assertThat(firstPart.more()).isTrue();

            HeldEvents.Releasable whole =
                    heldEvents.releasable(pool, release, 5).await().indefinitely();
            assertThat(whole.customerIds()).containsExactly("held-part-a", "held-part-b", "held-part-c");
            assertThat(whole.more()).isFalse();

            HeldEvents.Release byWatermark = new HeldEvents.Release(ahead.plusSeconds(2), null, later);
            HeldEvents.Releasable upToTheWatermark =
                    heldEvents.releasable(pool, byWatermark, 5).await().indefinitely();
            assertThat(upToTheWatermark.customerIds()).containsExactly("held-part-a", "held-part-b");
            assertThat(upToTheWatermark.more()).isFalse();
        } finally {
            pool.withTransaction(connection ->
                            heldEvents.forget(connection, List.of("held-part-a", "held-part-b", "held-part-c")))
                    .await()
                    .indefinitely();
        }
    }

    private static CloudEvent ticket(String customerId, Instant time, String ticketId) {
        return CloudEvent.create(
                "/test",
                EventType.TICKET_OPENED,
                customerId,
                time,
                new TicketOpened(ticketId, TicketOpened.Category.BUG, TicketOpened.Priority.HIGH));
    }
}
