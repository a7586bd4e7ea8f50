package io.retention.engagement.testing;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import io.restassured.path.json.JsonPath;
import io.retention.contract.CloudEvent;
import io.retention.contract.EventCodec;
import io.retention.contract.EventType;
import io.retention.contract.Topics;
import io.retention.contract.events.CustomerProfile;
import io.retention.kit.testing.TestClock;
import io.retention.local.testing.BrokerBackedTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** What engagement-service's tests share: publishing as the other services do, and reading what it emitted. */
public abstract class EngagementTestBase extends BrokerBackedTest {
    protected static final Duration WAIT = Duration.ofSeconds(30);
    /** A Monday, 10:00 UTC: daytime in the default time zone, outside quiet hours. */
    protected static final Instant MONDAY_MORNING = Instant.parse("2026-03-02T10:00:00Z");

    /** How long a snapshot holds before the tier's cadence follows it (the service's default). */
    protected static final Duration CADENCE_SETTLE = Duration.ofMinutes(1);

    @Inject
    protected Pool pool;

    protected static Instant now() {
        return TestClock.CLOCK.instant();
    }

    protected static void setClock(Instant instant) {
        TestClock.CLOCK.set(instant);
    }

    protected static void advanceClock(Duration duration) {
        TestClock.CLOCK.advance(duration);
    }

    /** A registry snapshot as customer-service announces it. */
    protected static CustomerProfile profile(
            String customer, String tier, String stage, String timeZone, CustomerProfile.Consent... consents) {
        return new CustomerProfile(
                customer,
                "Ada " + customer,
                customer + "@example.com",
                "+4930" + Math.abs(customer.hashCode()),
                tier,
                stage,
                "am-ada",
                timeZone,
                List.of(consents),
                null);
    }

    protected void publish(EventType type, String customer, Record data) {
        CloudEvent event = CloudEvent.create("/test", type, customer, now(), data);
        topics.publish(type.topic(), customer, EventCodec.write(event));
    }

    protected void publish(CloudEvent event) {
        topics.publish(event.type().topic(), event.subject(), EventCodec.write(event));
    }

    /** The customer's follow-ups, as the REST API lists them. */
    protected static JsonPath followUps(String customer) {
        return given().get("/follow-ups?customerId={c}&size=100", customer)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    /** The customer's one follow-up of a step (the first occurrence unless said). */
    protected static Map<String, Object> followUp(String customer, String step) {
        return followUp(customer, step, 0);
    }

    protected static Map<String, Object> followUp(String customer, String step, int occurrence) {
        List<Map<String, Object>> items = followUps(customer).getList("items");
        return items.stream()
                .filter(f -> step.equals(f.get("step"))
                        && Integer.valueOf(occurrence).equals(f.get("occurrence")))
                .findFirst()
                .orElse(null);
    }

    /** The customer's events of a type on the engagements topic so far, each read against the contract's schemas. */
    protected List<CloudEvent> emitted(String customer, EventType type) {
        return topics.readAll(Topics.ENGAGEMENTS, Duration.ofSeconds(1)).stream()
                .filter(r -> customer.equals(r.key()))
                .map(r -> EventCodec.read(Topics.ENGAGEMENTS, r.key(), Map.of(), r.value()))
                .filter(event -> event.type() == type)
                .toList();
    }

    /** Waits until the service keeps this snapshot of the customer (stage, and tier if given). */
    protected void awaitContact(String customer, String stage, String... tier) {
        await().atMost(WAIT).until(() -> {
            Row row = contactRow(customer);
            return row != null
                    && stage.equals(row.getString("stage"))
                    && (tier.length == 0 || tier[0].equals(row.getString("tier")));
        });
    }

    /** Waits until the customer's tier cadence has been decided on their latest snapshot. */
    protected void awaitCadenceDecided(String customer) {
        await().atMost(WAIT).until(() -> {
            Row row = contactRow(customer);
            return row != null && row.getValue("cadence_pending_since") == null;
        });
    }

    private Row contactRow(String customer) {
        RowSet<Row> rows = pool.preparedQuery(
                        "select stage, tier, cadence_pending_since from customer_contact where customer_id = $1")
                .execute(Tuple.of(customer))
                .await()
                .atMost(WAIT);
        return rows.size() == 0 ? null : rows.iterator().next();
    }
}
