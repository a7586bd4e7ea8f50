package io.retention.engagement.followup;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.retention.contract.CloudEvent;
import io.retention.contract.EventCodec;
import io.retention.contract.EventType;
import io.retention.contract.Topics;
import io.retention.contract.events.FollowUpCompleted;
import io.retention.contract.events.FollowUpScheduled;
import io.retention.contract.events.RiskCleared;
import io.retention.contract.events.RiskLevel;
import io.retention.contract.events.RiskRaised;
import io.retention.contract.events.RiskReason;
import io.retention.local.testing.BrokerBackedTest;
import io.retention.local.testing.KafkaTestResource;
import io.retention.local.testing.PostgresTestResource;
import io.retention.local.testing.TopicClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** engagement-service on a real broker and a real PostgreSQL, fed risk signals as risk-service emits them. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class FollowUpsTest extends BrokerBackedTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void aRaisedSignalSchedulesTheReasonsPlaybookOnceAndCompletionIsAnnounced() {
        String customer = "eng-tickets-1";
        CloudEvent raised = raised(customer, RiskReason.ReasonCode.OPEN_TICKETS);
        publish(raised);
        publish(raised);
        publish(raised(customer, RiskReason.ReasonCode.OPEN_TICKETS)); // same reason again, new event: no duplicate step

        await().atMost(WAIT).untilAsserted(() -> given().get("/follow-ups?customerId={c}", customer).then()
                .statusCode(200).body("total", equalTo(1)));
        given().get("/follow-ups?owner=support&status=OPEN&customerId={c}", customer).then()
                .body("items[0].step", equalTo("support-escalation"))
                .body("items[0].playbook", equalTo("at-risk-open-tickets"))
                .body("items[0].channel", equalTo("TASK"));
        String id = given().get("/follow-ups?customerId={c}", customer).then().extract().path("items[0].id");
        FollowUpScheduled scheduled = awaitEvent(customer, EventType.FOLLOWUP_SCHEDULED).dataAs(FollowUpScheduled.class);
        assertThat(scheduled.followUpId()).isEqualTo(id);
        assertThat(Duration.between(Instant.now(), scheduled.dueAt())).isBetween(Duration.ofHours(23), Duration.ofHours(25));

        given().contentType(ContentType.JSON).body(Map.of("outcome", "escalated, fix shipped"))
                .post("/follow-ups/{id}/complete", id).then().statusCode(200).body("status", equalTo("DONE"));
        given().contentType(ContentType.JSON).body(Map.of("outcome", "again"))
                .post("/follow-ups/{id}/complete", id).then().statusCode(409)
                .contentType("application/problem+json").body("detail", containsString("is DONE"));
        assertThat(awaitEvent(customer, EventType.FOLLOWUP_COMPLETED).dataAs(FollowUpCompleted.class).outcome())
                .isEqualTo("escalated, fix shipped");
    }

    @Test
    void aClearedSignalCancelsTheOpenAtRiskSteps() {
        String customer = "eng-cleared-1";
        publish(raised(customer, RiskReason.ReasonCode.COMPLAINTS));
        await().atMost(WAIT).untilAsserted(() -> given().get("/follow-ups?customerId={c}&status=OPEN", customer).then()
                .body("total", equalTo(2)));

        publish(CloudEvent.create("/risk-service", EventType.RISK_CLEARED, customer, Instant.now(), new RiskCleared(10, RiskLevel.MEDIUM)));

        await().atMost(WAIT).untilAsserted(() -> given().get("/follow-ups?customerId={c}&status=CANCELLED", customer).then()
                .body("total", equalTo(2)));
    }

    @Test
    void snoozeMovesTheDueTimeAndBadRequestsAreExplained() {
        String customer = "eng-snooze-1";
        publish(raised(customer, RiskReason.ReasonCode.PURCHASE_LAPSE));
        await().atMost(WAIT).untilAsserted(() -> given().get("/follow-ups?customerId={c}", customer).then().body("total", equalTo(1)));
        String id = given().get("/follow-ups?customerId={c}", customer).then().extract().path("items[0].id");
        Instant until = Instant.now().plus(Duration.ofDays(10)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);

        given().contentType(ContentType.JSON).body(Map.of("until", until.toString()))
                .post("/follow-ups/{id}/snooze", id).then().statusCode(200).body("dueAt", equalTo(until.toString()));
        given().get("/follow-ups?customerId={c}&dueBefore={t}", customer, until.toString()).then().body("total", equalTo(0));

        given().contentType(ContentType.JSON).body(Map.of("until", "2000-01-01T00:00:00Z"))
                .post("/follow-ups/{id}/snooze", id).then().statusCode(400).body("detail", containsString("not in the future"));
        given().contentType(ContentType.JSON).body(Map.of("outcome", ""))
                .post("/follow-ups/{id}/complete", id).then().statusCode(400)
                .contentType("application/problem+json").body("violations[0].field", equalTo("outcome"));
        given().get("/follow-ups?dueBefore=tomorrow").then().statusCode(400)
                .body("detail", containsString("'dueBefore' must be an RFC 3339 timestamp"));
        given().contentType(ContentType.JSON).body(Map.of("outcome", "x"))
                .post("/follow-ups/{id}/complete", java.util.UUID.randomUUID()).then().statusCode(404);
    }

    @Test
    void playbooksAreListed() {
        given().get("/playbooks").then().statusCode(200).body("find { it.name == 'at-risk-open-tickets' }.steps[0].owner", equalTo("support"));
    }

    private static CloudEvent raised(String customer, RiskReason.ReasonCode reason) {
        return CloudEvent.create("/risk-service", EventType.RISK_RAISED, customer, Instant.now(), new RiskRaised(
                RiskLevel.MEDIUM, 60, null, List.of(new RiskReason(reason, "evidence", 60)), RiskLevel.LOW));
    }

    private void publish(CloudEvent event) {
        topics.publish(Topics.RISK_SIGNALS, event.subject(), EventCodec.write(event));
    }

    /** The customer's first event of a type on the engagements topic, validated against the contract's schemas. */
    private CloudEvent awaitEvent(String customer, EventType type) {
        var read = topics.readUntil(Topics.ENGAGEMENTS, r -> customer.equals(r.key())
                && EventCodec.read(Topics.ENGAGEMENTS, r.key(), Map.of(), r.value()).type() == type, WAIT);
        assertThat(read).as("a %s event for %s", type, customer).isNotEmpty();
        var last = read.get(read.size() - 1);
        return EventCodec.read(Topics.ENGAGEMENTS, last.key(), Map.of(), last.value());
    }
}
