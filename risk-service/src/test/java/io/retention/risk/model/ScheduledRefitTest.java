package io.retention.risk.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.retention.contract.Fixtures;
import io.retention.contract.Topics;
import io.retention.kit.testing.RealTimeAfterEach;
import io.retention.kit.testing.TestClock;
import io.retention.local.testing.BrokerBackedTest;
import io.retention.local.testing.JwtTestResource;
import io.retention.local.testing.KafkaTestResource;
import io.retention.local.testing.PostgresTestResource;
import io.retention.risk.TestQueries;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The scheduled refit while an import is read: put off (a fit on half the history would be refitted, and learned from
 * again, once it settles), but for no longer than the settle hold limit, so that history that never stops coming
 * cannot keep the model from being refitted.
 */
@ExtendWith(RealTimeAfterEach.class)
@QuarkusTest
@TestProfile(ScheduledRefitTest.CalledByTheTest.class)
@WithTestResource(KafkaTestResource.class)
@WithTestResource(JwtTestResource.class)
@WithTestResource(PostgresTestResource.class)
class ScheduledRefitTest extends BrokerBackedTest {
    private static final int BUYERS = 25;
    private static final Duration WAIT = Duration.ofSeconds(60);

    /** A database of its own, and no scheduled fit or re-check: the test calls the refit itself. */
    public static class CalledByTheTest implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "retention.risk.model.refit-check", "1h",
                    "retention.risk.recheck-poll", "1h",
                    "retention.risk.settle-hold-limit", "10m");
        }
    }

    @Inject
    PurchaseModels models;

    @Inject
    Pool pool;

    @Test
    void theScheduledRefitWaitsWhileHistoryIsReadButNoLongerThanTheHoldLimit() {
        // in microseconds, as the database keeps it (the client truncates, a literal in a query is rounded)
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        TestClock.CLOCK.set(now);
        for (int buyer = 0; buyer < BUYERS; buyer++) {
            String customer = "refit-" + buyer;
            publishHistory(customer, now.minus(Duration.ofDays(200)));
            publishHistory(customer, now.minus(Duration.ofDays(100)));
        }
        await().atMost(WAIT).until(() -> count("select count(*) from customer_risk") == BUYERS);
        assertThat(models.current()).isEmpty();

        models.refitWhenDue().await().atMost(WAIT);
        assertThat(count("select count(*) from purchase_model"))
                .as("fits while history is read")
                .isZero();

        // history keeps coming: put off within the hold limit, made once it has been put off for longer
        TestClock.CLOCK.advance(Duration.ofMinutes(6));
        historyReadAtNow("refit-late-1");
        models.refitWhenDue().await().atMost(WAIT);
        assertThat(count("select count(*) from purchase_model"))
                .as("fits 6 minutes into reading history")
                .isZero();
        TestClock.CLOCK.advance(Duration.ofMinutes(5));
        historyReadAtNow("refit-late-2");
        models.refitWhenDue().await().atMost(WAIT);
        assertThat(count("select count(*) from purchase_model"))
                .as("fits 11 minutes into reading history, the hold limit being 10")
                .isEqualTo(1);
        assertThat(models.current())
                .hasValueSatisfying(
                        model -> assertThat(model.purchases().customers()).isEqualTo(BUYERS + 2));
    }

    /** A history purchase read at the test clock's present. */
    private void historyReadAtNow(String customer) {
        Instant now = TestClock.CLOCK.instant();
        publishHistory(customer, now.minus(Duration.ofDays(50)));
        await().atMost(WAIT)
                .until(() -> count("select count(*) from history_intake where last_at = '" + now + "'") == 1);
    }

    private void publishHistory(String customer, Instant at) {
        ObjectNode event = Fixtures.history(Fixtures.PURCHASE_COMPLETED, customer, at);
        topics.publish(Topics.PURCHASES, customer, Fixtures.bytes(event));
    }

    private long count(String sql) {
        return TestQueries.count(pool, sql);
    }
}
