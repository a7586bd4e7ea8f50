package io.retention.risk.learning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.retention.contract.Fixtures;
import io.retention.contract.Topics;
import io.retention.kit.testing.RealTimeAfterEach;
import io.retention.kit.testing.TestClock;
import io.retention.local.testing.BrokerBackedTest;
import io.retention.local.testing.JwtTestResource;
import io.retention.local.testing.KafkaTestResource;
import io.retention.local.testing.PostgresTestResource;
import io.retention.risk.TestQueries;
import io.retention.risk.engine.Rechecks;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A learning round keeps the snapshots the last one took while nothing they are made of can have changed (a day's fit
 * on a large base otherwise reads every buyer and writes what is there, slowing live events for seconds), and takes
 * them again once history has been read.
 */
@ExtendWith(RealTimeAfterEach.class)
@QuarkusTest
@TestProfile(SnapshotsKeptTest.OwnDatabase.class)
@WithTestResource(KafkaTestResource.class)
@WithTestResource(JwtTestResource.class)
@WithTestResource(PostgresTestResource.class)
class SnapshotsKeptTest extends BrokerBackedTest {
    private static final int BUYERS = 30;
    private static final int HORIZON_WEEKS = 13;
    private static final Duration WAIT = Duration.ofSeconds(60);

    /** A database of its own; re-checks and refits called by the test. */
    public static class OwnDatabase implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("retention.risk.model.refit-check", "1h", "retention.risk.recheck-poll", "1h");
        }
    }

    @Inject
    Rechecks rechecks;

    @Inject
    Pool pool;

    @Test
    void aRoundKeepsTheSnapshotsUntilHistoryIsReadThenTakesThemAgain() {
        LocalDate today = dayWhoseLatestMaturedPastEndedDaysAgo();
        Instant start = today.atTime(12, 0).toInstant(ZoneOffset.UTC);
        LocalDate judged = latestMatured(today);
        TestClock.CLOCK.set(start);
        for (int buyer = 0; buyer < BUYERS; buyer++) {
            String customer = String.format("kept-%02d", buyer);
            publishPurchase(customer, start.minus(Duration.ofDays(300)));
            publishPurchase(customer, start.minus(Duration.ofDays(100 + buyer)));
        }
        // a one-time buyer long before the judged day: churned in its horizon, as far as is known yet
        publishPurchase("kept-late", start.minus(Duration.ofDays(300)));
        await().atMost(WAIT).until(() -> count("select count(*) from customer_risk") == BUYERS + 1);

        TestClock.CLOCK.advance(Duration.ofSeconds(3)); // the import settles: fit, round, judgement
        Instant fitted = TestClock.CLOCK.instant().truncatedTo(ChronoUnit.MICROS);
        await().atMost(WAIT).until(() -> {
            rechecks.runDue().await().atMost(WAIT);
            return count("select count(*) from churn_validation where snapshots_taken_at = '" + fitted + "'") == 1;
        });
        assertThat(churned("kept-late", judged)).as("before the late purchase").isEqualTo(1);
        long snapshots = count("select count(*) from churn_snapshot");
        assertThat(snapshots).isPositive();

        // a day later, the daily fit: nothing read since, so its round keeps the snapshots and their judgement
        TestClock.CLOCK.advance(Duration.ofDays(1));
        Instant refitted = fit();
        assertThat(count("select count(*) from churn_validation where snapshots_taken_at = '" + fitted + "'"))
                .as("the snapshots the import's round took")
                .isEqualTo(1);
        assertThat(count("select count(*) from churn_snapshot")).isEqualTo(snapshots);

        // history: a purchase of kept-late in the judged day's horizon; the next round takes the snapshots again
        publishPurchase(
                "kept-late", judged.plusDays(10).atStartOfDay(ZoneOffset.UTC).toInstant());
        await().atMost(WAIT)
                .until(() -> count("select purchase_days from customer_risk where customer_id = 'kept-late'") == 2);
        TestClock.CLOCK.advance(Duration.ofSeconds(3));
        await().atMost(WAIT).until(() -> {
            rechecks.runDue().await().atMost(WAIT);
            return count("select count(*) from customer_risk where settle_pending") == 0;
        });
        Instant afterHistory = fit();
        assertThat(count("select count(*) from churn_validation where snapshots_taken_at = '" + afterHistory + "'"))
                .as("taken again after %s", refitted)
                .isEqualTo(1);
        assertThat(churned("kept-late", judged)).as("after the late purchase").isZero();
    }

    /** A day on which the latest matured grid day's horizon ended three days or more before. */
    private static LocalDate dayWhoseLatestMaturedPastEndedDaysAgo() {
        LocalDate day = LocalDate.now(ZoneOffset.UTC);
        while (ChurnOutcome.horizonEnd(latestMatured(day), HORIZON_WEEKS).isAfter(day.minusDays(3))) {
            day = day.plusDays(1);
        }
        return day;
    }

    private static LocalDate latestMatured(LocalDate today) {
        return SnapshotGrid.cutOffs(today, today.minusYears(2), 52).stream()
                .filter(day -> ChurnOutcome.matured(day, HORIZON_WEEKS, today))
                .reduce((first, second) -> second)
                .orElseThrow();
    }

    /** Fits the purchase model now and waits for its learning round; the fit's time. */
    private Instant fit() {
        Instant at = TestClock.CLOCK.instant().truncatedTo(ChronoUnit.MICROS);
        RestAssured.given().post("/risk/model/fit").then().statusCode(200);
        await().atMost(WAIT)
                .until(() -> count("select count(*) from churn_validation where computed_at >= '" + at + "'") == 1);
        return at;
    }

    private long churned(String customer, LocalDate day) {
        return count("select count(*) from churn_snapshot where customer_id = '" + customer + "' and cut_off = '" + day
                + "' and churned");
    }

    private void publishPurchase(String customer, Instant at) {
        topics.publish(
                Topics.PURCHASES,
                customer,
                Fixtures.bytes(Fixtures.history(Fixtures.PURCHASE_COMPLETED, customer, at)));
    }

    private long count(String sql) {
        return TestQueries.count(pool, sql);
    }
}
