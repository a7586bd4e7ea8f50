package io.retention.risk.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.retention.contract.CloudEvent;
import io.retention.contract.Topics;
import io.retention.kit.testing.RealTimeAfterEach;
import io.retention.kit.testing.TestClock;
import io.retention.local.testing.BrokerBackedTest;
import io.retention.local.testing.JwtTestResource;
import io.retention.local.testing.KafkaTestResource;
import io.retention.local.testing.PostgresTestResource;
import io.retention.risk.TestQueries;
import io.retention.risk.model.Cdnow;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The CDNOW calibration transactions replayed as purchase events through Kafka into the running service: the fit it
 * makes from what it stored reproduces the published BG/NBD, and a customer's risk carries the published prediction.
 */
@ExtendWith(RealTimeAfterEach.class)
@QuarkusTest
@TestProfile(CdnowReplayTest.Cdnow39Weeks.class)
@WithTestResource(KafkaTestResource.class)
@WithTestResource(JwtTestResource.class)
@WithTestResource(PostgresTestResource.class)
class CdnowReplayTest extends BrokerBackedTest {
    private static final Pattern APPLIED = Pattern.compile(
            "retention_events_consumed_total\\{outcome=\"applied\",topic=\"retention.purchases\"} ([0-9.E]+)");

    @Inject
    Pool pool;

    /**
     * A database of its own, the outlook over the 39-week holdout the published figures are for, and the re-assessment
     * after the fit in steps small enough that CDNOW's buyers take several.
     */
    public static class Cdnow39Weeks implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("retention.risk.model.horizon-weeks", "39", "retention.risk.recheck-batch", "100");
        }
    }

    @Test
    void theServiceFitsThePublishedModelFromReplayedPurchases() {
        TestClock.CLOCK.set(Cdnow.CALIBRATION_END.atTime(23, 59).toInstant(ZoneOffset.UTC));
        List<CloudEvent> calibration = Cdnow.transactions().stream()
                .filter(t -> !t.day().isAfter(Cdnow.CALIBRATION_END))
                .map(Cdnow.Transaction::asEvent)
                .toList();
        topics.publishAll(Topics.PURCHASES, calibration);
        await().atMost(Duration.ofSeconds(60)).until(() -> appliedPurchases() >= calibration.size());
        // the replay is history: its customers are judged once it has been quiet for the settle period (2 s in tests)
        TestClock.CLOCK.advance(Duration.ofSeconds(3));

        JsonPath model =
                given().post("/risk/model/fit").then().statusCode(200).extract().jsonPath();
        assertThat(model.getLong("bgNbd.customers")).isEqualTo(2357);
        assertThat(model.getString("bgNbd.boundary")).isNull();
        assertThat(model.getDouble("bgNbd.r")).isCloseTo(0.2426, within(0.0005));
        assertThat(model.getDouble("bgNbd.alpha")).isCloseTo(4.4135, within(0.005));
        assertThat(model.getDouble("bgNbd.a")).isCloseTo(0.7929, within(0.002));
        assertThat(model.getDouble("bgNbd.b")).isCloseTo(2.4258, within(0.01));
        assertThat(model.getDouble("bgNbd.logLikelihood")).isCloseTo(-9582.43, within(0.1));
        assertThat(model.getLong("gammaGamma.customers")).isEqualTo(946);
        assertThat(model.getDouble("gammaGamma.p")).isCloseTo(6.25, within(0.02));
        given().get("/risk/model").then().statusCode(200);

        // the fit makes every buyer due; the next re-check scores customer 1 with it
        await().atMost(Duration.ofSeconds(30))
                .until(() -> given().get("/risk/1").jsonPath().get("pAlive") != null);
        JsonPath first = given().get("/risk/1").then().statusCode(200).extract().jsonPath();
        assertThat(first.getInt("features.purchaseDays")).isEqualTo(3);
        assertThat(first.getDouble("pAlive")).isCloseTo(0.7266, within(0.001));
        assertThat(first.getDouble("expectedPurchases")).isCloseTo(1.2259, within(0.003));
        assertThat(first.getDouble("expectedValue"))
                .as("CLV over 39 weeks: purchases times expected spend")
                .isPositive();
        assertThat(first.getList("reasons.code")).containsExactly("PURCHASE_LAPSE");
        // ...and so is every other buyer still counted as alive, whichever step of the re-assessment they fell in
        await().atMost(Duration.ofSeconds(60)).until(() -> buyersNotScoredByTheModel() == 0);
    }

    private long buyersNotScoredByTheModel() {
        return TestQueries.count(
                pool,
                "select count(*) from customer_risk where purchase_days > 0 and churn_basis is null and p_alive is null");
    }

    private static double appliedPurchases() {
        Matcher matcher = APPLIED.matcher(given().get("/q/metrics").asString());
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
    }
}
