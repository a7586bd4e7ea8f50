package io.retention.risk.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.retention.contract.Fixtures;
import io.retention.contract.Topics;
import io.retention.local.testing.BrokerBackedTest;
import io.retention.local.testing.JwtTestResource;
import io.retention.local.testing.KafkaTestResource;
import io.retention.local.testing.PostgresTestResource;
import io.retention.risk.TestQueries;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The queue tables are vacuumed by the service once their dead rows pass the bound: the machine's PostgreSQL runs with
 * autovacuum off, as CI's does, so a vacuum there is the service's.
 */
@QuarkusTest
@TestProfile(QueueTablesVacuumedTest.LowBound.class)
@WithTestResource(KafkaTestResource.class)
@WithTestResource(JwtTestResource.class)
@WithTestResource(PostgresTestResource.class)
class QueueTablesVacuumedTest extends BrokerBackedTest {
    private static final int EVENTS = 60;

    /** A bound a test reaches, looked at every second. */
    public static class LowBound implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("retention.queue-vacuum.dead-rows", "40", "retention.queue-vacuum.check-every", "1s");
        }
    }

    @Inject
    Pool pool;

    @Test
    void heldEventsAppliedAndSignalsSentLeaveDeadRowsThatTheServiceVacuumsAway() {
        String vacuumed =
                "select count(*) from pg_stat_user_tables where relname = 'held_event' and last_vacuum is not null";
        assertThat(TestQueries.count(pool, vacuumed)).isZero();
        for (int i = 0; i < EVENTS; i++) {
            topics.publish(
                    Topics.USAGE,
                    "vacuum-" + i,
                    Fixtures.bytes(Fixtures.forCustomer(Fixtures.USAGE_RECORDED, "vacuum-" + i)));
        }
        // each live event is held, then applied and deleted: 60 dead rows, more than the bound of 40
        await().atMost(Duration.ofSeconds(60))
                .until(() ->
                        TestQueries.count(pool, "select count(*) from customer_risk where customer_id like 'vacuum-%'")
                                == EVENTS);
        await().atMost(Duration.ofSeconds(30)).until(() -> TestQueries.count(pool, vacuumed) == 1);
        assertThat(TestQueries.count(pool, "select n_dead_tup from pg_stat_user_tables where relname = 'held_event'"))
                .isLessThan(40);
    }
}
