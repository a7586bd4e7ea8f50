package io.retention.customer.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.retention.contract.CloudEvent;
import io.retention.contract.EventCodec;
import io.retention.contract.EventType;
import io.retention.contract.Topics;
import io.retention.contract.events.CustomerProfile;
import io.retention.kit.store.Outbox;
import io.retention.local.testing.BrokerBackedTest;
import io.retention.local.testing.JwtTestResource;
import io.retention.local.testing.KafkaTestResource;
import io.retention.local.testing.PostgresTestResource;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The outbox relay's scheduled poll, not only its wake-ups, publishes: a row that no one wakes the relay for (as one a
 * crash left between commit and send) reaches its topic after the service has started.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(JwtTestResource.class)
@WithTestResource(PostgresTestResource.class)
class OutboxRelayPollTest extends BrokerBackedTest {
    @Inject
    Pool pool;

    @Inject
    Outbox outbox;

    @Test
    void aRowNoOneWakesTheRelayForIsPublishedByItsPoll() {
        String customer = "relay-poll-" + System.nanoTime();
        CloudEvent event = CloudEvent.create(
                "/test/outbox",
                EventType.CUSTOMER_UPDATED,
                customer,
                Instant.now(),
                new CustomerProfile(customer, "Poll Test", null, null, null, "NEW", null, "UTC", List.of(), null));
        pool.withTransaction(connection -> outbox.addAll(connection, List.of(event)))
                .await()
                .atMost(Duration.ofSeconds(10));

        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(topics.readAll(Topics.CUSTOMERS, Duration.ofMillis(500)).stream()
                                .filter(record -> customer.equals(record.key()))
                                .map(record -> EventCodec.read(Topics.CUSTOMERS, record.key(), Map.of(), record.value())
                                        .id())
                                .toList())
                        .containsExactly(event.id()));
    }
}
