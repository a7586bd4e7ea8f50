package io.retention.risk.engine;

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
import io.retention.risk.model.PurchaseModel;
import io.retention.risk.model.PurchaseModels;
import io.retention.risk.store.RescoreSweeps;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * After a fit every buyer is re-assessed with it by a sweep in id order at an even pace over the spread, a step at a
 * time by one instance: no new due time is written into every row (that rewrote every row in a burst and deadlocked
 * with live releases).
 */
@ExtendWith(RealTimeAfterEach.class)
@QuarkusTest
@TestProfile(RescoreAfterFitTest.PacedOverAnHour.class)
@WithTestResource(KafkaTestResource.class)
@WithTestResource(JwtTestResource.class)
@WithTestResource(PostgresTestResource.class)
class RescoreAfterFitTest extends BrokerBackedTest {
    private static final int BUYERS = 40;
    private static final Duration WAIT = Duration.ofSeconds(60);

    /** A database of its own, re-checks called by the test, the sweep over an hour in steps of 7 customers. */
    public static class PacedOverAnHour implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "retention.risk.model.rescore-spread", "PT1H",
                    "retention.risk.model.refit-check", "1h",
                    "retention.risk.recheck-poll", "1h",
                    "retention.risk.recheck-batch", "7");
        }
    }

    @Inject
    Rechecks rechecks;

    @Inject
    PurchaseModels models;

    @Inject
    RescoreSweeps sweeps;

    @Inject
    Pool pool;

    @Test
    void afterAFitEveryBuyerIsReassessedInIdOrderAtAnEvenPaceOverTheSpread() {
        // in microseconds, as the database keeps it
        Instant start = Instant.now().truncatedTo(ChronoUnit.MICROS);
        TestClock.CLOCK.set(start);
        for (int buyer = 0; buyer < BUYERS; buyer++) {
            String customer = String.format("sweep-%02d", buyer);
            publishHistory(customer, start.minus(Duration.ofDays(200)));
            publishHistory(customer, start.minus(Duration.ofDays(100)));
        }
        // a one-time buyer of 400 days ago: churned, and judged anew by no model
        publishHistory("sweep-lapsed", start.minus(Duration.ofDays(400)));
        await().atMost(WAIT).until(() -> count("select count(*) from customer_risk") == BUYERS + 1);

        // the import settles: the model is fitted on it, and its customers judged once the score is chosen after it
        TestClock.CLOCK.advance(Duration.ofSeconds(3));
        Instant fitted = TestClock.CLOCK.instant();
        await().atMost(WAIT).until(() -> {
            rechecks.runDue().await().atMost(WAIT);
            return count("select count(*) from customer_risk where settle_pending") == 0;
        });
        assertThat(models.current().map(PurchaseModel::fittedAt)).hasValue(fitted);
        assertThat(count("select count(*) from customer_risk where churn_basis is not null"))
                .as("the lapsed one-time buyer")
                .isEqualTo(1);
        assertThat(count("select count(*) from rescore_sweep where started_at = '" + fitted + "'"))
                .as("the sweep started with the fit")
                .isEqualTo(1);
        // a buyer whose newer history is still being read is not judged by the sweep
        pool.query("update customer_risk set settle_pending = true where customer_id = 'sweep-10'")
                .execute()
                .await()
                .atMost(WAIT);

        Instant halfway = fitted.plus(Duration.ofMinutes(30));
        TestClock.CLOCK.set(halfway);
        assertThat(rechecks.runDue().await().atMost(WAIT))
                .as("half of the 41 customers, rounded up")
                .isEqualTo(21);
        assertThat(assessedAt(halfway))
                .as("sweep-00 to sweep-20 but the unsettled sweep-10")
                .isEqualTo(20);
        assertThat(count("select count(*) from customer_risk where assessed_at = '" + halfway
                        + "' and customer_id > 'sweep-20'"))
                .isZero();

        // while another instance takes a step, this one takes none
        TestClock.CLOCK.set(fitted.plus(Duration.ofMinutes(45)));
        assertThat(pool.withTransaction(connection -> sweeps.lock(connection)
                                .chain(held -> rechecks.runDue().map(passed -> held == null ? -1 : passed)))
                        .await()
                        .atMost(WAIT))
                .isZero();

        Instant end = fitted.plus(Duration.ofHours(1));
        TestClock.CLOCK.set(end);
        assertThat(rechecks.runDue().await().atMost(WAIT))
                .as("the 20 customers left")
                .isEqualTo(20);
        assertThat(assessedAt(end))
                .as("sweep-21 to sweep-39; not the churned one")
                .isEqualTo(19);
        assertThat(assessedAt(fitted))
                .as("the unsettled and the churned customer, as judged after the import")
                .isEqualTo(2);
        assertThat(count("select count(*) from rescore_sweep"))
                .as("the sweep is over")
                .isZero();
    }

    private long assessedAt(Instant at) {
        return count("select count(*) from customer_risk where assessed_at = '" + at + "'");
    }

    private void publishHistory(String customer, Instant at) {
        ObjectNode event = Fixtures.history(Fixtures.PURCHASE_COMPLETED, customer, at);
        topics.publish(Topics.PURCHASES, customer, Fixtures.bytes(event));
    }

    private long count(String sql) {
        return TestQueries.count(pool, sql);
    }
}
