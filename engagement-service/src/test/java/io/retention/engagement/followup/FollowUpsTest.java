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
import io.retention.contract.EventType;
import io.retention.contract.events.ChurnReason;
import io.retention.contract.events.CustomerChurned;
import io.retention.contract.events.FollowUpCompleted;
import io.retention.contract.events.FollowUpScheduled;
import io.retention.contract.events.RiskCleared;
import io.retention.contract.events.RiskLevel;
import io.retention.contract.events.RiskRaised;
import io.retention.contract.events.RiskReason;
import io.retention.engagement.testing.EngagementTestBase;
import io.retention.engagement.testing.WebhookReceiver;
import io.retention.kit.store.ErasedCustomers;
import io.retention.local.testing.JwtTestResource;
import io.retention.local.testing.KafkaTestResource;
import io.retention.local.testing.MetricsText;
import io.retention.local.testing.PostgresTestResource;
import io.retention.local.testing.SmtpTestResource;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** engagement-service on a real broker and a real PostgreSQL, fed risk signals as risk-service emits them. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(JwtTestResource.class)
@WithTestResource(PostgresTestResource.class)
@WithTestResource(SmtpTestResource.class)
@WithTestResource(WebhookReceiver.class)
class FollowUpsTest extends EngagementTestBase {
    @Inject
    ErasedCustomers erasedCustomers;

    @org.junit.jupiter.api.BeforeEach
    void morning() {
        setClock(MONDAY_MORNING);
    }

    @Test
    void aRaisedSignalSchedulesTheReasonsPlaybookOnceAndCompletionIsAnnounced() {
        String customer = "eng-tickets-1";
        CloudEvent raised = raised(customer, RiskReason.ReasonCode.OPEN_TICKETS);
        publish(raised);
        publish(raised);
        publish(raised(
                customer, RiskReason.ReasonCode.OPEN_TICKETS)); // same reason again, new event: no duplicate step

        await().atMost(WAIT)
                .untilAsserted(() -> given().get("/follow-ups?customerId={c}", customer)
                        .then()
                        .statusCode(200)
                        .body("total", equalTo(1)));
        given().get("/follow-ups?owner=support&status=OPEN&customerId={c}", customer)
                .then()
                .body("items[0].step", equalTo("support-escalation"))
                .body("items[0].playbook", equalTo("at-risk-open-tickets"))
                .body("items[0].channel", equalTo("TASK"));
        String id = given().get("/follow-ups?customerId={c}", customer)
                .then()
                .extract()
                .path("items[0].id");
        FollowUpScheduled scheduled =
                awaitEvent(customer, EventType.FOLLOWUP_SCHEDULED).dataAs(FollowUpScheduled.class);
        assertThat(scheduled.followUpId()).isEqualTo(id);
        assertThat(scheduled.dueAt()).isEqualTo(now().plus(Duration.ofDays(1)));

        given().contentType(ContentType.JSON)
                .body(Map.of("outcome", "escalated, fix shipped"))
                .post("/follow-ups/{id}/complete", id)
                .then()
                .statusCode(200)
                .body("status", equalTo("DONE"));
        given().contentType(ContentType.JSON)
                .body(Map.of("outcome", "again"))
                .post("/follow-ups/{id}/complete", id)
                .then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("detail", containsString("is DONE"));
        assertThat(awaitEvent(customer, EventType.FOLLOWUP_COMPLETED)
                        .dataAs(FollowUpCompleted.class)
                        .outcome())
                .isEqualTo("escalated, fix shipped");

        // what operators see: events emitted by type, and how old the consumed records were when processed
        String metrics =
                anonymous().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(MetricsText.sum(metrics, "retention_events_emitted_total{", "type=\"retention.followup.completed\""))
                .isGreaterThanOrEqualTo(1);
        assertThat(MetricsText.sum(metrics, "retention_events_emitted_total{", "type=\"retention.followup.scheduled\""))
                .isGreaterThanOrEqualTo(1);
        assertThat(MetricsText.sum(metrics, "retention_events_lag_seconds_count{", "topic=\"retention.risk-signals\""))
                .isGreaterThanOrEqualTo(3);
        assertThat(MetricsText.sum(metrics, "retention_events_consumed_total{", "outcome=\"duplicate\""))
                .isGreaterThanOrEqualTo(1);
    }

    @Test
    void aClearedSignalCancelsTheOpenAtRiskSteps() {
        String customer = "eng-cleared-1";
        publish(raised(customer, RiskReason.ReasonCode.COMPLAINTS));
        await().atMost(WAIT)
                .untilAsserted(() -> given().get("/follow-ups?customerId={c}&status=OPEN", customer)
                        .then()
                        .body("total", equalTo(2)));

        publish(CloudEvent.create(
                "/risk-service", EventType.RISK_CLEARED, customer, now(), new RiskCleared(10, RiskLevel.MEDIUM)));

        await().atMost(WAIT)
                .untilAsserted(() -> given().get("/follow-ups?customerId={c}&status=CANCELLED", customer)
                        .then()
                        .body("total", equalTo(2)));
    }

    @Test
    void snoozeAndReassignMoveTheStepAndBadRequestsAreExplained() {
        String customer = "eng-snooze-1";
        publish(raised(customer, RiskReason.ReasonCode.PURCHASE_LAPSE));
        await().atMost(WAIT)
                .untilAsserted(() -> given().get("/follow-ups?customerId={c}", customer)
                        .then()
                        .body("total", equalTo(1)));
        String id = given().get("/follow-ups?customerId={c}", customer)
                .then()
                .extract()
                .path("items[0].id");
        Instant until = now().plus(Duration.ofDays(10));

        given().contentType(ContentType.JSON)
                .body(Map.of("until", until.toString()))
                .post("/follow-ups/{id}/snooze", id)
                .then()
                .statusCode(200)
                .body("dueAt", equalTo(until.toString()));
        given().get("/follow-ups?customerId={c}&dueBefore={t}", customer, until.toString())
                .then()
                .body("total", equalTo(0));
        given().contentType(ContentType.JSON)
                .body(Map.of("owner", "sales-emea"))
                .post("/follow-ups/{id}/reassign", id)
                .then()
                .statusCode(200)
                .body("owner", equalTo("sales-emea"));
        given().get("/follow-ups?owner=sales-emea&customerId={c}", customer)
                .then()
                .body("total", equalTo(1));
        given().contentType(ContentType.JSON)
                .body(Map.of("owner", " "))
                .post("/follow-ups/{id}/reassign", id)
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("violations[0].field", equalTo("owner"));

        given().contentType(ContentType.JSON)
                .body(Map.of("until", "2000-01-01T00:00:00Z"))
                .post("/follow-ups/{id}/snooze", id)
                .then()
                .statusCode(400)
                .body("detail", containsString("not in the future"));
        given().contentType(ContentType.JSON)
                .body(Map.of("outcome", ""))
                .post("/follow-ups/{id}/complete", id)
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("violations[0].field", equalTo("outcome"));
        given().get("/follow-ups?dueBefore=tomorrow")
                .then()
                .statusCode(400)
                .body("detail", containsString("'dueBefore' must be an RFC 3339 timestamp"));
        given().contentType(ContentType.JSON)
                .body(Map.of("outcome", "x"))
                .post("/follow-ups/{id}/complete", java.util.UUID.randomUUID())
                .then()
                .statusCode(404);
    }

    @Test
    void accountManagersWorkTheQueueAnalystsOnlyReadIt() {
        anonymous().get("/follow-ups").then().statusCode(401).contentType("application/problem+json");
        as("account-manager").get("/follow-ups?owner=am-ada").then().statusCode(200);
        as("analyst").get("/playbooks").then().statusCode(200);
        as("ingest").get("/follow-ups").then().statusCode(403);
        as("analyst")
                .contentType(ContentType.JSON)
                .body(Map.of("outcome", "x"))
                .post("/follow-ups/{id}/complete", java.util.UUID.randomUUID())
                .then()
                .statusCode(403);
        as("account-manager")
                .contentType(ContentType.JSON)
                .body(Map.of("outcome", "x"))
                .post("/follow-ups/{id}/complete", java.util.UUID.randomUUID())
                .then()
                .statusCode(404);
    }

    @Test
    void anAccountManagerSeesAndWorksOnlyTheirOwnQueue() {
        String customer = "eng-owned-1";
        publish(raised(customer, RiskReason.ReasonCode.PURCHASE_LAPSE));
        await().atMost(WAIT)
                .untilAsserted(() -> given().get("/follow-ups?customerId={c}", customer)
                        .then()
                        .body("total", equalTo(1)));
        String id = given().get("/follow-ups?customerId={c}", customer)
                .then()
                .extract()
                .path("items[0].id");
        given().contentType(ContentType.JSON)
                .body(Map.of("owner", "am-ann"))
                .post("/follow-ups/{id}/reassign", id)
                .then()
                .statusCode(200);

        asUser("am-ann", "account-manager")
                .get("/follow-ups?size=500")
                .then()
                .statusCode(200)
                .body("items.owner", org.hamcrest.Matchers.everyItem(equalTo("am-ann")))
                .body("items.id", org.hamcrest.Matchers.hasItem(id));
        asUser("am-ann", "account-manager")
                .get("/follow-ups?owner=support")
                .then()
                .statusCode(200)
                .body("total", equalTo(0));
        asUser("am-bob", "account-manager")
                .get("/follow-ups?customerId={c}", customer)
                .then()
                .statusCode(200)
                .body("total", equalTo(0));
        as("analyst")
                .get("/follow-ups?owner=am-ann&customerId={c}", customer)
                .then()
                .body("total", equalTo(1));
        String unknown = "no follow-up has id " + id;
        asUser("am-bob", "account-manager")
                .contentType(ContentType.JSON)
                .body(Map.of("outcome", "taken over"))
                .post("/follow-ups/{id}/complete", id)
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("detail", equalTo(unknown));
        asUser("am-bob", "account-manager")
                .contentType(ContentType.JSON)
                .body(Map.of("until", now().plus(Duration.ofDays(3)).toString()))
                .post("/follow-ups/{id}/snooze", id)
                .then()
                .statusCode(404)
                .body("detail", equalTo(unknown));
        asUser("am-bob", "account-manager")
                .contentType(ContentType.JSON)
                .body(Map.of("owner", "am-bob"))
                .post("/follow-ups/{id}/reassign", id)
                .then()
                .statusCode(404)
                .body("detail", equalTo(unknown));

        asUser("am-ann", "account-manager")
                .contentType(ContentType.JSON)
                .body(Map.of("until", now().plus(Duration.ofDays(3)).toString()))
                .post("/follow-ups/{id}/snooze", id)
                .then()
                .statusCode(200);
        // handing it over takes it out of their queue and into the other's
        asUser("am-ann", "account-manager")
                .contentType(ContentType.JSON)
                .body(Map.of("owner", "am-bob"))
                .post("/follow-ups/{id}/reassign", id)
                .then()
                .statusCode(200)
                .body("owner", equalTo("am-bob"));
        asUser("am-ann", "account-manager")
                .contentType(ContentType.JSON)
                .body(Map.of("outcome", "called"))
                .post("/follow-ups/{id}/complete", id)
                .then()
                .statusCode(404);
        asUser("am-bob", "account-manager")
                .contentType(ContentType.JSON)
                .body(Map.of("outcome", "called"))
                .post("/follow-ups/{id}/complete", id)
                .then()
                .statusCode(200)
                .body("status", equalTo("DONE"));
    }

    @Test
    void playbooksAreListed() {
        given().get("/playbooks")
                .then()
                .statusCode(200)
                .body("items.find { it.name == 'at-risk-open-tickets' }.steps[0].owner", equalTo("support"))
                .body("page", equalTo(0));
        given().get("/playbooks?size=2&page=1")
                .then()
                .statusCode(200)
                .body("items.size()", equalTo(2))
                .body("page", equalTo(1));
    }

    @Test
    void aSignalBeforeTheProfileStartsTheSameAsAfterIt() {
        String customer = "eng-order-1";
        // risk-service read the customer's first events before the registry announced them
        publish(raised(customer, RiskReason.ReasonCode.COMPLAINTS));
        await().atMost(WAIT)
                .untilAsserted(() ->
                        assertThat(followUp(customer, "account-manager-call")).isNotNull());
        assertThat(followUp(customer, "account-manager-call"))
                .as("no account manager known yet")
                .containsEntry("owner", "account-manager");

        publish(EventType.CUSTOMER_REGISTERED, customer, profile(customer, null, "AT_RISK", "UTC"));

        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(followUp(customer, "welcome-email"))
                        .as("onboarded all the same")
                        .isNotNull());
        assertThat(followUp(customer, "account-manager-call"))
                .containsEntry("owner", "am-ada")
                .containsEntry("status", "OPEN");
        assertThat(followUp(customer, "personal-note")).containsEntry("owner", "am-ada");
        assertThat(followUp(customer, "welcome-call")).containsEntry("owner", "am-ada");
    }

    @Test
    void historyStartsNothingByItself() {
        String customer = "eng-history-1";
        Instant longAgo = now().minus(Duration.ofDays(400));
        publish(CloudEvent.create(
                        "/customer-service",
                        EventType.CUSTOMER_REGISTERED,
                        customer,
                        longAgo,
                        profile(customer, "C", "NEW", "UTC"))
                .asBackfill());
        publish(CloudEvent.create(
                "/risk-service",
                EventType.RISK_RAISED,
                customer,
                longAgo,
                new RiskRaised(
                        RiskLevel.MEDIUM,
                        60,
                        null,
                        List.of(new RiskReason(RiskReason.ReasonCode.COMPLAINTS, "evidence", 60)),
                        RiskLevel.LOW)));
        // a live signal after the old one, on the same partition: once its playbook is there, the old one was read
        publish(raised(customer, RiskReason.ReasonCode.OPEN_TICKETS));
        await().atMost(WAIT)
                .untilAsserted(() ->
                        assertThat(followUp(customer, "support-escalation")).isNotNull());
        // the tier's cadence follows the registry's current snapshot once it has held, whatever its time
        advanceClock(CADENCE_SETTLE);
        await().atMost(WAIT)
                .untilAsserted(() ->
                        assertThat(followUp(customer, "quarterly-newsletter")).isNotNull());

        assertThat(followUp(customer, "welcome-email"))
                .as("a registration of long ago onboards no one")
                .isNull();
        assertThat(followUp(customer, "account-manager-call"))
                .as("an old signal starts no playbook")
                .isNull();
    }

    @Test
    void anErasureWaitsForAReactionToTheCustomerAndAReactionAfterItFindsTheTombstone() throws Exception {
        String customer = "eng-erasure-lock-1";
        // a reaction (Reactions.apply): the customer locked, found not erased, its transaction still open
        SqlConnection reaction = pool.getConnection().await().atMost(WAIT);
        Transaction writes = reaction.begin().await().atMost(WAIT);
        assertThat(erasedCustomers.lock(reaction, List.of(customer)).await().atMost(WAIT))
                .isEmpty();

        CompletableFuture<Void> erasure = pool.withTransaction(connection -> erasedCustomers
                        .lock(connection, List.of(customer))
                        .chain(() -> erasedCustomers.remember(connection, List.of(customer), Instant.now())))
                .subscribeAsCompletionStage();
        await().atMost(WAIT)
                .until(() -> pool.query("select count(*) as waiting from pg_stat_activity "
                                        + "where wait_event_type = 'Lock' and query like '%erasure_lock%'")
                                .execute()
                                .await()
                                .atMost(WAIT)
                                .iterator()
                                .next()
                                .getLong("waiting")
                        > 0);
        assertThat(erasure).as("the erasure waits for the reaction").isNotDone();

        writes.commit().await().atMost(WAIT);
        reaction.close().await().atMost(WAIT);
        erasure.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(pool.withTransaction(connection -> erasedCustomers.lock(connection, List.of(customer)))
                        .await()
                        .atMost(WAIT))
                .as("a reaction after the erasure finds the tombstone")
                .containsExactly(customer);
    }

    @Test
    void aStageTheRegistryAnnouncedBeforeTheChurnReadAfterTheChurnedSignalRestartsNoCadence() {
        String customer = "eng-cadence-1";
        publish(EventType.CUSTOMER_REGISTERED, customer, profile(customer, "A", "ACTIVE", "UTC"));
        awaitContact(customer, "ACTIVE");
        advanceClock(CADENCE_SETTLE);
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(tierSteps(customer, "OPEN")).hasSize(2));

        // risk-service raised the risk and a microsecond later declared the customer churned; the registry announced
        // AT_RISK, then CHURNED; engagement-service reads the churned signal before both snapshots (another topic)
        publish(EventType.CUSTOMER_CHURNED, customer, churned());
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(tierSteps(customer, "OPEN")).isEmpty());
        publish(EventType.CUSTOMER_UPDATED, customer, profile(customer, "A", "AT_RISK", "UTC"));
        publish(EventType.CUSTOMER_UPDATED, customer, profile(customer, "A", "CHURNED", "UTC"));
        awaitContact(customer, "CHURNED");
        advanceClock(CADENCE_SETTLE);
        awaitCadenceDecided(customer);

        assertThat(tierSteps(customer, "CANCELLED"))
                .as("the cadence planned once, cancelled by the churn, and not planned again from the stale snapshot")
                .hasSize(2);
        assertThat(emitted(customer, EventType.FOLLOWUP_SCHEDULED)).hasSize(2);
    }

    /** The customer's steps of the tier-a cadence with this status. */
    private static List<Map<String, Object>> tierSteps(String customer, String status) {
        List<Map<String, Object>> items = followUps(customer).getList("items");
        return items.stream()
                .filter(f -> "tier-a".equals(f.get("playbook")) && status.equals(f.get("status")))
                .toList();
    }

    private static CustomerChurned churned() {
        return new CustomerChurned(
                CustomerChurned.Basis.LAPSED,
                ChurnReason.UNKNOWN,
                now().minus(Duration.ofDays(200)),
                new BigDecimal("560"),
                "EUR");
    }

    private static CloudEvent raised(String customer, RiskReason.ReasonCode reason) {
        return CloudEvent.create(
                "/risk-service",
                EventType.RISK_RAISED,
                customer,
                now(),
                new RiskRaised(
                        RiskLevel.MEDIUM, 60, null, List.of(new RiskReason(reason, "evidence", 60)), RiskLevel.LOW));
    }

    /** The customer's latest event of a type on the engagements topic, read against the contract's schemas. */
    private CloudEvent awaitEvent(String customer, EventType type) {
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(emitted(customer, type)).isNotEmpty());
        List<CloudEvent> events = emitted(customer, type);
        return events.get(events.size() - 1);
    }
}
