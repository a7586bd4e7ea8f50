package io.retention.customer.activity;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.retention.contract.CloudEvent;
import io.retention.contract.EventCodec;
import io.retention.contract.EventType;
import io.retention.contract.Topics;
import io.retention.contract.events.ChurnReason;
import io.retention.contract.events.CustomerChurned;
import io.retention.contract.events.CustomerErased;
import io.retention.contract.events.CustomerProfile;
import io.retention.contract.events.PurchaseCompleted;
import io.retention.contract.events.RiskCleared;
import io.retention.contract.events.RiskLevel;
import io.retention.contract.events.RiskRaised;
import io.retention.contract.events.RiskReason;
import io.retention.contract.events.TicketOpened;
import io.retention.contract.events.UsageRecorded;
import io.retention.customer.lifecycle.StageClock;
import io.retention.kit.testing.TestClock;
import io.retention.local.testing.BrokerBackedTest;
import io.retention.local.testing.JwtTestResource;
import io.retention.local.testing.KafkaTestResource;
import io.retention.local.testing.PostgresTestResource;
import io.retention.local.testing.TopicClient;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** customer-service reading every topic on a real broker into a real PostgreSQL, as frontends then see it. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(JwtTestResource.class)
@WithTestResource(PostgresTestResource.class)
class CustomerActivityTest extends BrokerBackedTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    StageClock stageClock;

    private void publish(CloudEvent... events) {
        for (CloudEvent event : events) {
            topics.publish(event.type().topic(), event.subject(), EventCodec.write(event));
        }
    }

    private static CloudEvent purchase(String customer, Instant at, String amount) {
        return CloudEvent.create(
                "/shop",
                EventType.PURCHASE_COMPLETED,
                customer,
                at,
                new PurchaseCompleted(
                        "o-" + at.toEpochMilli() + "-" + amount, new BigDecimal(amount), "EUR", null, null));
    }

    private static CloudEvent churned(String customer, Instant at) {
        return CloudEvent.create(
                "/risk-service",
                EventType.CUSTOMER_CHURNED,
                customer,
                at,
                new CustomerChurned(CustomerChurned.Basis.CANCELLED, ChurnReason.PRICE, null, BigDecimal.TEN, "EUR"));
    }

    private void awaitStage(String customer, String stage) {
        await().atMost(WAIT)
                .untilAsserted(() -> given().get("/customers/" + customer)
                        .then()
                        .statusCode(200)
                        .body("lifecycleStage", equalTo(stage)));
    }

    private List<CustomerProfile> announced(String customer, EventType type, Predicate<CustomerProfile> until) {
        List<ConsumerRecord<String, byte[]>> read = topics.readUntil(
                Topics.CUSTOMERS,
                record -> customer.equals(record.key())
                        && profileOf(record, type) != null
                        && until.test(profileOf(record, type)),
                WAIT);
        return read.stream()
                .filter(record -> customer.equals(record.key()))
                .map(record -> profileOf(record, type))
                .filter(profile -> profile != null)
                .toList();
    }

    private static CustomerProfile profileOf(ConsumerRecord<String, byte[]> record, EventType type) {
        CloudEvent event = EventCodec.read(Topics.CUSTOMERS, record.key(), Map.of(), record.value());
        return event.type() == type ? event.dataAs(CustomerProfile.class) : null;
    }

    @Test
    void aCustomerFirstSeenInAnEventIsCreatedAnnouncedAndEveryInteractionIsOnTheTimelineOnce() {
        String customer = "seen-1";
        Instant now = TestClock.CLOCK.instant();
        CloudEvent purchase = purchase(customer, now.minusSeconds(7200), "49.90");
        CloudEvent ticket = CloudEvent.create(
                "/helpdesk",
                EventType.TICKET_OPENED,
                customer,
                now.minusSeconds(3600),
                new TicketOpened("t-1", TicketOpened.Category.BILLING, TicketOpened.Priority.HIGH));
        publish(purchase, ticket, purchase);
        for (int i = 0; i < 3; i++) {
            publish(CloudEvent.create(
                    "/app",
                    EventType.USAGE_RECORDED,
                    customer,
                    now.minusSeconds(60 + i),
                    new UsageRecorded(i < 2 ? "search" : "export", 2)));
        }

        awaitStage(customer, "ONBOARDING");
        given().get("/customers/" + customer).then().body("name", org.hamcrest.Matchers.nullValue());
        assertThat(announced(customer, EventType.CUSTOMER_REGISTERED, profile -> true))
                .hasSize(1);

        await().atMost(WAIT)
                .untilAsserted(() -> given().get("/customers/" + customer + "/timeline")
                        .then()
                        .statusCode(200)
                        .body("total", equalTo(3))
                        .body("items[0].kind", equalTo("USAGE"))
                        .body("items[0].summary", equalTo("Used the product 6 times (3 events): export 2, search 4"))
                        .body("items[1].kind", equalTo("TICKET"))
                        .body("items[1].summary", equalTo("Opened ticket t-1 (BILLING, HIGH priority)"))
                        .body(
                                "items[2].summary",
                                equalTo("Bought order " + "o-" + purchase.time().toEpochMilli()
                                        + "-49.90 for 49.9 EUR"))
                        .body("items[2].data.amount", equalTo(49.90f)));
        given().get("/customers/" + customer + "/timeline?kind=purchase").then().body("total", equalTo(1));
        given().get("/customers/" + customer + "/timeline?kind=gossip")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("'kind' must be one of"));
        given().get("/customers/nobody-at-all/timeline").then().statusCode(404);
    }

    @Test
    void aCustomerFirstSeenInTheirImportedHistoryIsRegisteredAsHistoryAtTheirFirstEvent() {
        String customer = "seen-history-1";
        Instant firstBought = TestClock.CLOCK
                .instant()
                .minus(Duration.ofDays(400))
                .truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        publish(
                purchase(customer, firstBought, "10.00").asBackfill(),
                purchase(customer, firstBought.plus(Duration.ofDays(30)), "20.00")
                        .asBackfill());

        List<ConsumerRecord<String, byte[]>> read = topics.readUntil(
                Topics.CUSTOMERS,
                record -> customer.equals(record.key()) && profileOf(record, EventType.CUSTOMER_REGISTERED) != null,
                WAIT);
        CloudEvent registered = EventCodec.read(
                Topics.CUSTOMERS, customer, Map.of(), read.get(read.size() - 1).value());
        assertThat(registered.backfill())
                .as("registered from history: history too")
                .isTrue();
        assertThat(registered.time()).as("registered when first seen").isEqualTo(firstBought);
        assertThat(registered.dataAs(CustomerProfile.class).lifecycleStage()).isEqualTo("ACTIVE");
        await().atMost(WAIT)
                .untilAsserted(() -> given().get("/customers/" + customer + "/timeline")
                        .then()
                        .statusCode(200)
                        .body("total", equalTo(2)));
    }

    @Test
    void aCustomerFirstSeenInASignalIsRegisteredWithTheirOwnFirstEventAsThatEventIs() {
        String customer = "seen-signal-first-1";
        Instant now = TestClock.CLOCK.instant();
        // risk-service read the customer's imported history before this service did, and judged them
        publish(CloudEvent.create(
                "/risk-service",
                EventType.RISK_RAISED,
                customer,
                now,
                new io.retention.contract.events.RiskRaised(
                        io.retention.contract.events.RiskLevel.MEDIUM,
                        50,
                        null,
                        List.of(new io.retention.contract.events.RiskReason(
                                io.retention.contract.events.RiskReason.ReasonCode.PURCHASE_LAPSE, "lapse", 50)),
                        io.retention.contract.events.RiskLevel.LOW)));
        awaitStage(customer, "AT_RISK");
        assertThat(topics.readAll(Topics.CUSTOMERS, Duration.ofSeconds(1)))
                .as("not registered on another service's word")
                .noneMatch(record -> customer.equals(record.key()));

        Instant bought = now.minus(Duration.ofDays(200)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        publish(purchase(customer, bought, "30.00").asBackfill());

        List<ConsumerRecord<String, byte[]>> read = topics.readUntil(
                Topics.CUSTOMERS,
                record -> customer.equals(record.key()) && profileOf(record, EventType.CUSTOMER_REGISTERED) != null,
                WAIT);
        CloudEvent registered = EventCodec.read(
                Topics.CUSTOMERS, customer, Map.of(), read.get(read.size() - 1).value());
        assertThat(registered.backfill())
                .as("registered with their own first event, history")
                .isTrue();
        assertThat(registered.time()).isEqualTo(bought);
        assertThat(registered.dataAs(CustomerProfile.class).lifecycleStage()).isEqualTo("AT_RISK");
    }

    @Test
    void theStageFollowsRiskSignalsChurnAndWinBackAndOnboardingEndsWithTime() {
        String customer = "stage-1";
        Instant now = TestClock.CLOCK.instant();
        given().contentType(ContentType.JSON)
                .body(Map.of("customerId", customer, "name", "Stage Person"))
                .post("/customers")
                .then()
                .statusCode(201)
                .body("lifecycleStage", equalTo("NEW"));
        publish(purchase(customer, now, "10.00"));
        awaitStage(customer, "ONBOARDING");

        publish(CloudEvent.create(
                "/risk-service",
                EventType.RISK_RAISED,
                customer,
                now.plusSeconds(1),
                new RiskRaised(
                        RiskLevel.HIGH,
                        80,
                        0.3,
                        List.of(new RiskReason(RiskReason.ReasonCode.OPEN_TICKETS, "3 open tickets", 45)),
                        RiskLevel.LOW)));
        awaitStage(customer, "AT_RISK");
        assertThat(announced(
                        customer, EventType.CUSTOMER_UPDATED, profile -> "AT_RISK".equals(profile.lifecycleStage())))
                .isNotEmpty();
        publish(CloudEvent.create(
                "/risk-service",
                EventType.RISK_CLEARED,
                customer,
                now.plusSeconds(2),
                new RiskCleared(10, RiskLevel.HIGH)));
        awaitStage(customer, "ONBOARDING");

        TestClock.CLOCK.advance(Duration.ofDays(85));
        try {
            await().atMost(WAIT).untilAsserted(() -> {
                stageClock.moveOn().await().atMost(WAIT);
                given().get("/customers/" + customer).then().body("lifecycleStage", equalTo("ACTIVE"));
            });
            Instant later = TestClock.CLOCK.instant();
            publish(churned(customer, later));
            awaitStage(customer, "CHURNED");
            publish(purchase(customer, later.minusSeconds(60), "5.00"));
            publish(purchase(customer, later.plusSeconds(60), "25.00"));
            awaitStage(customer, "WON_BACK");
            given().get("/customers/" + customer + "/timeline?kind=SIGNAL")
                    .then()
                    .body("items.summary", hasItem("Churned: cancelled, reason PRICE, lifetime value 10 EUR"));
        } finally {
            TestClock.CLOCK.advance(Duration.ofDays(-85));
        }
    }

    @Test
    void theStageIsTheSameWhateverOrderTheEventsArriveIn() {
        Instant now = TestClock.CLOCK.instant();
        Instant churnedAt = now.minus(Duration.ofDays(20));
        for (String customer : List.of("order-1", "order-2", "order-3")) {
            CloudEvent first = purchase(customer, now.minus(Duration.ofDays(200)), "30.00");
            CloudEvent raised = CloudEvent.create(
                    "/risk-service",
                    EventType.RISK_RAISED,
                    customer,
                    now.minus(Duration.ofDays(60)),
                    new RiskRaised(
                            RiskLevel.HIGH,
                            80,
                            0.3,
                            List.of(new RiskReason(RiskReason.ReasonCode.PURCHASE_LAPSE, "60 days", 45)),
                            RiskLevel.LOW));
            CloudEvent cleared = CloudEvent.create(
                    "/risk-service",
                    EventType.RISK_CLEARED,
                    customer,
                    now.minus(Duration.ofDays(50)),
                    new RiskCleared(10, RiskLevel.HIGH));
            CloudEvent churn = churned(customer, churnedAt);
            // a return after the churn: a use (found again in its day) for one, a purchase for the others
            CloudEvent back = customer.equals("order-3")
                    ? CloudEvent.create(
                            "/app",
                            EventType.USAGE_RECORDED,
                            customer,
                            churnedAt.plus(Duration.ofDays(2)),
                            new UsageRecorded("search", 1))
                    : purchase(customer, churnedAt.plus(Duration.ofDays(2)), "12.00");
            if (customer.equals("order-1")) {
                publish(first, raised, cleared, churn);
                awaitStage(customer, "CHURNED");
                publish(back);
            } else {
                publish(back, cleared, first);
                awaitStage(customer, "ACTIVE");
                publish(raised);
                await().atMost(WAIT)
                        .untilAsserted(() -> given().get("/customers/" + customer + "/timeline?kind=SIGNAL")
                                .then()
                                .body("total", equalTo(2)));
                publish(churn);
            }
        }
        for (String customer : List.of("order-1", "order-2", "order-3")) {
            awaitStage(customer, "WON_BACK");
        }
    }

    @Test
    void tiersFollowTheParetoShareOfTrailingRevenueAndAChangeIsAnnounced() {
        Instant now = TestClock.CLOCK.instant();
        publish(
                purchase("tier-1", now.minusSeconds(86_400 * 30), "700000"),
                purchase("tier-2", now.minusSeconds(86_400), "200000"),
                purchase("tier-3", now.minusSeconds(3600), "60000"),
                purchase("tier-4", now.minusSeconds(600), "100"),
                purchase("tier-4", now.minusSeconds(86_400L * 400), "900000"));
        await().atMost(WAIT)
                .untilAsserted(
                        () -> given().get("/customers/tier-4/timeline").then().body("total", equalTo(2)));
        await().atMost(WAIT)
                .untilAsserted(
                        () -> given().get("/customers/tier-3/timeline").then().body("total", equalTo(1)));
        await().atMost(WAIT)
                .untilAsserted(
                        () -> given().get("/customers/tier-1/timeline").then().body("total", equalTo(1)));
        await().atMost(WAIT)
                .untilAsserted(
                        () -> given().get("/customers/tier-2/timeline").then().body("total", equalTo(1)));

        given().post("/tiers/recompute")
                .then()
                .statusCode(200)
                .body("customersByTier.A", org.hamcrest.Matchers.greaterThanOrEqualTo(2));
        given().get("/customers/tier-1").then().body("tier", equalTo("A"));
        given().get("/customers/tier-2").then().body("tier", equalTo("A"));
        given().get("/customers/tier-3").then().body("tier", equalTo("B"));
        given().get("/customers/tier-4").then().body("tier", equalTo("C")); // its big order is older than 12 months
        given().get("/customers?tier=A&q=tier-").then().body("total", equalTo(2));
        assertThat(announced("tier-3", EventType.CUSTOMER_UPDATED, profile -> "B".equals(profile.tier())))
                .isNotEmpty();
        given().post("/tiers/recompute").then().statusCode(200).body("changed", equalTo(0));
    }

    @Test
    void consentsKeepWhenAndHowTheyWereGivenAndTheSnapshotCarriesThem() {
        String customer = "consent-1";
        given().contentType(ContentType.JSON)
                .body(Map.of("customerId", customer, "name", "Consenting Adult"))
                .post("/customers")
                .then()
                .statusCode(201);
        Instant now = TestClock.CLOCK.instant();
        given().contentType(ContentType.JSON)
                .body(Map.of(
                        "channel",
                        "EMAIL",
                        "purpose",
                        "MARKETING",
                        "granted",
                        true,
                        "method",
                        "web-form",
                        "evidence",
                        "form-123",
                        "at",
                        now.minusSeconds(3600).toString()))
                .post("/customers/" + customer + "/consents")
                .then()
                .statusCode(201)
                .body("consents[0].granted", equalTo(true))
                .body("consents[0].method", equalTo("web-form"));
        given().contentType(ContentType.JSON)
                .body(Map.of(
                        "channel", "EMAIL", "purpose", "MARKETING", "granted", false, "method", "unsubscribe-link"))
                .post("/customers/" + customer + "/consents")
                .then()
                .statusCode(201);
        // recorded late, given before the revocation: kept in the history, not in force
        given().contentType(ContentType.JSON)
                .body(Map.of(
                        "channel",
                        "EMAIL",
                        "purpose",
                        "MARKETING",
                        "granted",
                        true,
                        "method",
                        "paper-form",
                        "at",
                        now.minusSeconds(1800).toString()))
                .post("/customers/" + customer + "/consents")
                .then()
                .statusCode(201)
                .body("consents.size()", equalTo(1))
                .body("consents[0].granted", equalTo(false))
                .body("history.size()", equalTo(3))
                .body("history[0].method", equalTo("unsubscribe-link"));

        assertThat(announced(
                        customer,
                        EventType.CUSTOMER_UPDATED,
                        profile -> profile.consents().size() == 1
                                && !profile.consents().get(0).granted()))
                .isNotEmpty();
        given().get("/customers/" + customer + "/timeline?kind=CONSENT").then().body("total", equalTo(3));

        given().contentType(ContentType.JSON)
                .body(Map.of("channel", "PIGEON", "purpose", "marketing", "method", "x"))
                .post("/customers/" + customer + "/consents")
                .then()
                .log()
                .ifValidationFails()
                .statusCode(400)
                .contentType("application/problem+json");
        given().contentType(ContentType.JSON)
                .body(Map.of(
                        "channel",
                        "SMS",
                        "purpose",
                        "SERVICE",
                        "granted",
                        true,
                        "method",
                        "x",
                        "at",
                        now.plusSeconds(86_400).toString()))
                .post("/customers/" + customer + "/consents")
                .then()
                .statusCode(400)
                .body("detail", containsString("future"));
        given().contentType(ContentType.JSON)
                .body(Map.of("channel", "SMS", "purpose", "SERVICE", "granted", true, "method", "x"))
                .post("/customers/nobody-here/consents")
                .then()
                .statusCode(404);
    }

    @Test
    void erasureForgetsEverythingAndALateEventDoesNotBringTheCustomerBack() {
        String customer = "erase-1";
        Instant now = TestClock.CLOCK.instant();
        publish(purchase(customer, now, "20.00"));
        await().atMost(WAIT)
                .untilAsserted(() -> given().get("/customers/" + customer + "/timeline")
                        .then()
                        .statusCode(200)
                        .body("total", equalTo(1)));
        given().contentType(ContentType.JSON)
                .body(Map.of("channel", "EMAIL", "purpose", "SERVICE", "granted", true, "method", "api"))
                .post("/customers/" + customer + "/consents")
                .then()
                .statusCode(201);

        given().delete("/customers/" + customer).then().statusCode(204);
        List<ConsumerRecord<String, byte[]>> erased = topics.readUntil(
                Topics.CUSTOMERS,
                record -> customer.equals(record.key())
                        && EventCodec.read(Topics.CUSTOMERS, record.key(), Map.of(), record.value())
                                        .type()
                                == EventType.CUSTOMER_ERASED,
                WAIT);
        assertThat(EventCodec.read(
                                Topics.CUSTOMERS,
                                customer,
                                Map.of(),
                                erased.get(erased.size() - 1).value())
                        .dataAs(CustomerErased.class)
                        .customerId())
                .isEqualTo(customer);
        given().get("/customers/" + customer + "/timeline").then().statusCode(404);
        given().get("/customers/" + customer + "/consents").then().statusCode(404);

        publish(purchase(customer, now.plusSeconds(5), "30.00"), churned("erase-marker", now));
        awaitStage(
                "erase-marker", "CHURNED"); // processed after the late purchase on another topic, give it a moment more
        await().during(Duration.ofSeconds(2))
                .atMost(WAIT)
                .untilAsserted(
                        () -> given().get("/customers/" + customer).then().statusCode(404));
        given().contentType(ContentType.JSON)
                .body(Map.of("customerId", customer, "name", "Back Again"))
                .post("/customers")
                .then()
                .statusCode(409)
                .body("detail", containsString("was erased"));
    }

    @Test
    void aMalformedSignalIsDeadLetteredWithTheReasonAndTheNextOneIsProcessed() {
        topics.publish(Topics.RISK_SIGNALS, "broken-1", "{not json".getBytes(StandardCharsets.UTF_8));
        publish(churned("after-broken-1", TestClock.CLOCK.instant()));
        awaitStage("after-broken-1", "CHURNED");
        List<ConsumerRecord<String, byte[]>> dead = topics.readUntil(
                Topics.deadLetter(Topics.RISK_SIGNALS), record -> "broken-1".equals(record.key()), WAIT);
        assertThat(dead).isNotEmpty();
        assertThat(TopicClient.header(dead.get(dead.size() - 1), "dead-letter-reason"))
                .isNotBlank();
    }

    @Test
    void kpisCountStagesAndMeasureRetentionAndNetRevenueRetentionOverAPeriod() {
        Instant january = Instant.parse("2020-01-15T12:00:00Z");
        for (int i = 1; i <= 4; i++) {
            publish(purchase("kpi-" + i, january.plusSeconds(i), "100"));
        }
        publish(
                purchase("kpi-1", Instant.parse("2020-04-15T12:00:00Z"), "150"),
                purchase("kpi-2", Instant.parse("2020-05-15T12:00:00Z"), "50"));
        for (int i = 1; i <= 4; i++) {
            String id = "kpi-" + i;
            await().atMost(WAIT)
                    .untilAsserted(() -> given().get("/customers/" + id)
                            .then()
                            .statusCode(200)
                            .body("lifecycleStage", equalTo("ACTIVE")));
        }
        await().atMost(WAIT)
                .untilAsserted(
                        () -> given().get("/customers/kpi-2/timeline").then().body("total", equalTo(2)));
        publish(churned("kpi-3", Instant.parse("2020-04-01T00:00:00Z")));
        awaitStage("kpi-3", "CHURNED");

        given().get("/kpis?from=2020-03-01T00:00:00Z&to=2020-06-01T00:00:00Z")
                .then()
                .statusCode(200)
                .body("retention.customersAtStart", equalTo(4))
                .body("retention.churned", equalTo(1))
                .body("retention.retentionRate", equalTo(0.75f))
                .body("retention.churnRate", equalTo(0.25f))
                .body("netRevenueRetention.baseRevenue", equalTo(400.0f))
                .body("netRevenueRetention.periodRevenue", equalTo(200.0f))
                .body("netRevenueRetention.rate", equalTo(0.5f))
                .body("byStage.CHURNED", org.hamcrest.Matchers.greaterThanOrEqualTo(1));
        given().get("/kpis?from=2020-06-01T00:00:00Z&to=2020-03-01T00:00:00Z")
                .then()
                .statusCode(400)
                .body("detail", containsString("must be before"));
        given().get("/kpis").then().statusCode(200).body("customers", org.hamcrest.Matchers.greaterThanOrEqualTo(4));
    }
}
