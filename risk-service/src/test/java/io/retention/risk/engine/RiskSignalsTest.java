package io.retention.risk.engine;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.retention.contract.CloudEvent;
import io.retention.contract.EventCodec;
import io.retention.contract.EventType;
import io.retention.contract.Fixtures;
import io.retention.contract.Topics;
import io.retention.contract.events.ChurnReason;
import io.retention.contract.events.CustomerChurned;
import io.retention.contract.events.CustomerErased;
import io.retention.contract.events.RiskCleared;
import io.retention.contract.events.RiskLevel;
import io.retention.contract.events.RiskRaised;
import io.retention.contract.events.RiskReason;
import io.retention.contract.events.TicketOpened;
import io.retention.kit.store.ErasedCustomers;
import io.retention.kit.store.ProcessedEventsPruner;
import io.retention.kit.testing.RealTimeAfterEach;
import io.retention.kit.testing.TestClock;
import io.retention.local.testing.BrokerBackedTest;
import io.retention.local.testing.JwtTestResource;
import io.retention.local.testing.KafkaTestResource;
import io.retention.local.testing.MetricsText;
import io.retention.local.testing.PostgresTestResource;
import io.retention.local.testing.TopicClient;
import io.retention.risk.store.HeldEvents;
import io.smallrye.reactive.messaging.ChannelRegistry;
import io.smallrye.reactive.messaging.PausableChannel;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** risk-service on a real broker and a real PostgreSQL, fed as outside systems feed it. */
@ExtendWith(RealTimeAfterEach.class)
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(JwtTestResource.class)
@WithTestResource(PostgresTestResource.class)
class RiskSignalsTest extends BrokerBackedTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    Pool pool;

    @Inject
    ProcessedEventsPruner pruner;

    @Inject
    ChannelRegistry channels;

    @Inject
    ErasedCustomers erasedCustomers;

    @Inject
    HeldEvents heldEvents;

    @Test
    void rolesDecideWhoReadsRiskAndWhoRefitsTheModel() {
        anonymous().get("/risk?level=HIGH").then().statusCode(401).contentType("application/problem+json");
        as("analyst").get("/risk?level=HIGH").then().statusCode(200);
        as("account-manager").get("/risk/nobody-here").then().statusCode(404);
        as("ingest").get("/risk?level=HIGH").then().statusCode(403);
        as("account-manager").post("/risk/model/fit").then().statusCode(403).contentType("application/problem+json");
    }

    @Test
    void anAccountManagerReadsTheRiskOfTheCustomersTheyOwnOnly() {
        for (String[] owned : new String[][] {{"risk-own-1", "am-ann", "A"}, {"risk-own-2", "am-bob", "B"}}) {
            topics.publish(
                    Topics.CUSTOMERS,
                    owned[0],
                    EventCodec.write(CloudEvent.create(
                            "/customer-service",
                            EventType.CUSTOMER_REGISTERED,
                            owned[0],
                            TestClock.CLOCK.instant(),
                            new io.retention.contract.events.CustomerProfile(
                                    owned[0], "Owned", null, null, owned[2], "NEW", owned[1], "UTC", List.of(),
                                    null))));
            for (int i = 1; i <= 3; i++) {
                publish(Topics.TICKETS, Fixtures.forCustomer(Fixtures.TICKET_OPENED, owned[0], "ticketId", "own-" + i));
            }
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            asUser("am-ann", "account-manager")
                    .get("/risk/risk-own-1")
                    .then()
                    .statusCode(200)
                    .body("level", equalTo("MEDIUM"));
            asUser("am-bob", "account-manager")
                    .get("/risk/risk-own-2")
                    .then()
                    .statusCode(200)
                    .body("level", equalTo("MEDIUM"));
        });
        asUser("am-ann", "account-manager")
                .get("/risk/risk-own-2")
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("detail", equalTo("no risk is known for customer 'risk-own-2'"));
        asUser("am-ann", "account-manager")
                .get("/risk?level=MEDIUM&size=500")
                .then()
                .statusCode(200)
                .body("items.customerId", org.hamcrest.Matchers.hasItem("risk-own-1"))
                .body("items.customerId", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem("risk-own-2")))
                .body("total", equalTo(1));
        as("analyst")
                .get("/risk?level=MEDIUM&size=500")
                .then()
                .body("items.customerId", org.hamcrest.Matchers.hasItems("risk-own-1", "risk-own-2"));
        asUser("am-carl", "account-manager")
                .get("/risk?size=500")
                .then()
                .statusCode(200)
                .body("total", equalTo(0));

        // filters for a frontend: owner, tier and reason, each on its own and together with the caller's scope
        as("analyst")
                .get("/risk?owner=am-bob&size=500")
                .then()
                .body("items.customerId", org.hamcrest.Matchers.hasItem("risk-own-2"))
                .body("items.customerId", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem("risk-own-1")));
        as("analyst")
                .get("/risk?tier=A&reason=OPEN_TICKETS&size=500")
                .then()
                .body("items.customerId", org.hamcrest.Matchers.hasItem("risk-own-1"))
                .body("items.customerId", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem("risk-own-2")));
        as("analyst")
                .get("/risk?tier=A&reason=COMPLAINTS&size=500")
                .then()
                .body("items.customerId", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem("risk-own-1")));
        asUser("am-ann", "account-manager")
                .get("/risk?owner=am-bob")
                .then()
                .statusCode(200)
                .body("total", equalTo(0));
        as("analyst")
                .get("/risk?level=HIGH,MEDIUM&owner=am-ann")
                .then()
                .body("items.customerId", org.hamcrest.Matchers.contains("risk-own-1"))
                .body("total", equalTo(1));
        as("analyst")
                .get("/risk?level=MEDIUM,SOMEWHAT")
                .then()
                .statusCode(400)
                .body("detail", org.hamcrest.Matchers.containsString("'SOMEWHAT'"));
        as("analyst")
                .get("/risk?tier=D")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", org.hamcrest.Matchers.containsString("must be A, B or C"));
        as("analyst")
                .get("/risk?reason=BORED")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", org.hamcrest.Matchers.containsString("reason"));

        // how many stood at each level at the end of each day: ann's one MEDIUM customer today, none the day before
        String today = java.time.LocalDate.ofInstant(TestClock.CLOCK.instant(), java.time.ZoneOffset.UTC)
                .toString();
        asUser("am-ann", "account-manager")
                .get("/risk/levels?days=2")
                .then()
                .statusCode(200)
                .body("size()", equalTo(2))
                .body("[0].medium", equalTo(0))
                .body("[1].day", equalTo(today))
                .body("[1].medium", equalTo(1))
                .body("[1].high", equalTo(0));
        as("analyst")
                .get("/risk/levels?days=1")
                .then()
                .body("[0].medium", org.hamcrest.Matchers.greaterThanOrEqualTo(2));
        as("analyst").get("/risk/levels?days=0").then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void anAmountBeyondWhatStorageHoldsIsDeadLetteredAtOnceNamingTheFieldAndTheNextEventIsProcessed() {
        String customer = "risk-huge-1";
        ObjectNode huge = Fixtures.forCustomer(Fixtures.PURCHASE_COMPLETED, customer);
        ((ObjectNode) huge.get("data")).put("amount", 1e308);
        publish(Topics.PURCHASES, huge);
        publish(Topics.PURCHASES, Fixtures.forCustomer(Fixtures.PURCHASE_COMPLETED, customer));

        List<ConsumerRecord<String, byte[]>> dead = topics.readUntil(
                Topics.deadLetter(Topics.PURCHASES), r -> customer.equals(r.key()), Duration.ofSeconds(30));
        assertThat(TopicClient.header(dead.get(dead.size() - 1), "dead-letter-reason"))
                .contains("$.data.amount")
                .contains("1000000000");
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> given().get("/risk/{id}", customer).then().statusCode(200));
    }

    @Test
    void threeOpenTicketsRaiseRiskAndClosingOneClearsIt() {
        String customer = "risk-tickets-1";
        for (int i = 1; i <= 3; i++) {
            publish(Topics.TICKETS, Fixtures.forCustomer(Fixtures.TICKET_OPENED, customer, "ticketId", "t-" + i));
        }

        CloudEvent raised = awaitSignal(customer, EventType.RISK_RAISED);
        RiskRaised data = raised.dataAs(RiskRaised.class);
        assertThat(data.level()).isEqualTo(RiskLevel.MEDIUM);
        assertThat(data.previousLevel()).isEqualTo(RiskLevel.LOW);
        assertThat(data.reasons()).extracting(RiskReason::code).containsExactly(RiskReason.ReasonCode.OPEN_TICKETS);
        given().get("/risk/{id}", customer)
                .then()
                .statusCode(200)
                .body("level", equalTo("MEDIUM"))
                .body("features.openTickets", equalTo(3))
                .body("reasons[0].code", equalTo("OPEN_TICKETS"))
                .body("reasons[0].detail", startsWith("3 open support tickets, the oldest opened "))
                .body("reasons[0].evidence.openTickets", equalTo(3))
                .body("score", equalTo(45));

        publish(Topics.TICKETS, happyClose(customer, "t-2"));

        CloudEvent cleared = awaitSignal(customer, EventType.RISK_CLEARED);
        assertThat(cleared.dataAs(RiskCleared.class).previousLevel()).isEqualTo(RiskLevel.MEDIUM);
        assertThat(signalsOf(customer))
                .extracting(CloudEvent::type)
                .containsExactly(EventType.RISK_RAISED, EventType.RISK_CLEARED);

        // the score's history, the latest first: cleared to LOW after the MEDIUM of three open tickets
        JsonPath history = given().get("/risk/{id}/history", customer)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(history.getString("items[0].level")).isEqualTo("LOW");
        assertThat(history.getList("items.level")).contains("MEDIUM");
        assertThat(history.getInt("items.find { it.level == 'MEDIUM' }.score")).isEqualTo(45);
        assertThat(history.getString("items.find { it.level == 'MEDIUM' }.reasons[0].code"))
                .isEqualTo("OPEN_TICKETS");
        assertThat(history.getLong("total")).isEqualTo(history.getList("items").size());
    }

    @Test
    void operatorsSeeHowLongLiveEventsWereHeldAndHowLongSignalsWaitedInTheOutbox() {
        String signals = "topic=\"retention.risk-signals\"";
        double heldBefore = metric("retention_risk_held_seconds_count");
        double relayedBefore = metric("retention_outbox_delay_seconds_count{", signals);
        String customer = "risk-metrics-1";
        for (int i = 1; i <= 3; i++) {
            publish(Topics.TICKETS, Fixtures.forCustomer(Fixtures.TICKET_OPENED, customer, "ticketId", "t-" + i));
        }
        awaitSignal(customer, EventType.RISK_RAISED);

        // counted once the broker has acknowledged the signal, which may come a moment after it can be read
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(metric("retention_risk_held_seconds_count")).isGreaterThanOrEqualTo(heldBefore + 3);
            assertThat(metric("retention_outbox_delay_seconds_count{", signals)).isGreaterThan(relayedBefore);
        });
        // histogram buckets, so that a p99 can be read across pods
        String metrics = given().get("/q/metrics").asString();
        assertThat(metrics)
                .contains("retention_outbox_delay_seconds_bucket{" + signals + ",le=\"0.001\"}")
                .contains("retention_risk_held_seconds_bucket{le=\"0.001\"}");
    }

    private static double metric(String name, String... labels) {
        return MetricsText.sum(given().get("/q/metrics").asString(), name, labels);
    }

    @Test
    void theSignalContinuesTheTraceOfTheEventsThatRaisedIt() {
        String customer = "risk-traced-1";
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        List<String> producerSpans = List.of("00f067aa0ba902b1", "00f067aa0ba902b2", "00f067aa0ba902b3");
        for (int i = 0; i < 3; i++) {
            ObjectNode opened = Fixtures.forCustomer(Fixtures.TICKET_OPENED, customer, "ticketId", "tr-" + i);
            topics.publish(
                    Topics.TICKETS,
                    customer,
                    Fixtures.bytes(opened),
                    Map.of("traceparent", "00-" + traceId + "-" + producerSpans.get(i) + "-01"));
        }

        List<ConsumerRecord<String, byte[]>> read =
                topics.readUntil(Topics.RISK_SIGNALS, r -> customer.equals(r.key()), WAIT);
        assertThat(read).as("a signal for %s", customer).isNotEmpty();
        String traceparent = TopicClient.header(read.get(read.size() - 1), "traceparent");
        assertThat(traceparent).as("the signal's trace context").isNotNull();
        String[] parts = traceparent.split("-");
        assertThat(parts[1]).as("trace id").isEqualTo(traceId);
        // the relay's own publish span, under the span that processed the ticket: not any of the producer's
        assertThat(parts[2]).as("parent span").matches("[0-9a-f]{16}").isNotIn(producerSpans);
        assertThat(parts[3]).as("sampled").isEqualTo("01");
    }

    @Test
    void aCloseThatArrivesBeforeItsOpenStillCountsTheTicketAsClosed() {
        String customer = "risk-out-of-order-1";
        publish(Topics.TICKETS, happyClose(customer, "late"));
        for (String ticket : List.of("late", "a", "b")) {
            publish(Topics.TICKETS, Fixtures.forCustomer(Fixtures.TICKET_OPENED, customer, "ticketId", ticket));
        }

        await().atMost(WAIT)
                .untilAsserted(() -> given().get("/risk/{id}", customer)
                        .then()
                        .statusCode(200)
                        .body("features.openTickets", equalTo(2))
                        .body("level", equalTo("LOW")));
    }

    @Test
    void aDuplicateEventChangesNothing() {
        String customer = "risk-duplicate-1";
        ObjectNode purchase = Fixtures.forCustomer(Fixtures.PURCHASE_COMPLETED, customer);
        publish(Topics.PURCHASES, purchase);
        publish(Topics.PURCHASES, purchase);
        ObjectNode usage = Fixtures.forCustomer(Fixtures.USAGE_RECORDED, customer);
        publish(Topics.USAGE, usage);

        await().atMost(WAIT)
                .untilAsserted(() -> given().get("/risk/{id}", customer)
                        .then()
                        .statusCode(200)
                        .body("features.usageTotal", equalTo(3)));
        given().get("/risk/{id}", customer)
                .then()
                .body("features.purchaseDays", equalTo(1))
                .body("features.netRevenue", equalTo(49.9f));
    }

    @Test
    void aDueTimeWithinTheDayIsKeptWhenMoreEventsCome() {
        String customer = "risk-due-kept-1";
        publish(Topics.PURCHASES, Fixtures.forCustomer(Fixtures.PURCHASE_COMPLETED, customer));
        await().atMost(WAIT)
                .untilAsserted(() -> given().get("/risk/{id}", customer)
                        .then()
                        .statusCode(200)
                        .body("nextCheckAt", notNullValue()));
        String due = given().get("/risk/{id}", customer).jsonPath().getString("nextCheckAt");
        TestClock.CLOCK.set(Instant.now().plus(Duration.ofHours(3)));

        publish(Topics.PURCHASES, Fixtures.forCustomer(Fixtures.PURCHASE_COMPLETED, customer));

        await().atMost(WAIT)
                .untilAsserted(
                        () -> given().get("/risk/{id}", customer).then().body("features.netRevenue", equalTo(99.8f)));
        // re-assessed three hours later, and still due when it first was: not pushed back a day by every event
        given().get("/risk/{id}", customer).then().body("nextCheckAt", equalTo(due));
    }

    @Test
    void processedEventIdsAreForgottenAfterTheDedupeWindowAndNotBefore() {
        pool.query(
                        "insert into processed_event (event_id, processed_at) values ('prune-old-1', now() - interval '31 days'), "
                                + "('prune-recent-1', now() - interval '29 days')")
                .execute()
                .await()
                .indefinitely();
        // more than one chunk of old ids
        pool.query(
                        "insert into processed_event (event_id, processed_at) select 'prune-bulk-' || i, now() - interval '400 days' "
                                + "from generate_series(1, 25000) as i")
                .execute()
                .await()
                .indefinitely();

        assertThat(pruner.prune().await().indefinitely()).isGreaterThanOrEqualTo(25_001L);

        assertThat(processed("prune-old-1")).isFalse();
        assertThat(processed("prune-bulk-1")).isFalse();
        assertThat(processed("prune-bulk-25000")).isFalse();
        assertThat(processed("prune-recent-1")).as("inside the 30-day window").isTrue();
    }

    @Test
    void aCancellationChurnsTheCustomerWithReasonAndLifetimeValue() {
        String customer = "risk-cancel-1";
        publish(Topics.PURCHASES, Fixtures.forCustomer(Fixtures.PURCHASE_COMPLETED, customer));
        publish(Topics.PURCHASES, Fixtures.forCustomer(Fixtures.PURCHASE_REFUNDED, customer));
        publish(Topics.PURCHASES, Fixtures.forCustomer(Fixtures.SUBSCRIPTION_CANCELLED, customer));

        CustomerChurned churned =
                awaitSignal(customer, EventType.CUSTOMER_CHURNED).dataAs(CustomerChurned.class);
        assertThat(churned.basis()).isEqualTo(CustomerChurned.Basis.CANCELLED);
        assertThat(churned.churnReason()).isEqualTo(ChurnReason.PRICE);
        assertThat(churned.lifetimeValue()).isEqualByComparingTo(new BigDecimal("24.95"));
        assertThat(churned.currency()).isEqualTo("EUR");
    }

    @Test
    void garbageGoesToTheDeadLetterTopicWithItsReasonAndTheNextEventIsProcessed() {
        String customer = "risk-garbage-1";
        topics.publish(Topics.TICKETS, customer, "{ this is not json".getBytes(StandardCharsets.UTF_8));
        ObjectNode wrongSubject = Fixtures.forCustomer(Fixtures.TICKET_OPENED, "someone-else", "ticketId", "x");
        topics.publish(Topics.TICKETS, customer, Fixtures.bytes(wrongSubject));
        for (int i = 1; i <= 3; i++) {
            publish(Topics.TICKETS, Fixtures.forCustomer(Fixtures.TICKET_OPENED, customer, "ticketId", "g-" + i));
        }

        awaitSignal(customer, EventType.RISK_RAISED);
        List<ConsumerRecord<String, byte[]>> dead =
                topics.readAll(Topics.deadLetter(Topics.TICKETS), Duration.ofSeconds(2)).stream()
                        .filter(r -> customer.equals(r.key()))
                        .toList();
        assertThat(dead).hasSize(2);
        assertThat(TopicClient.header(dead.get(0), "dead-letter-reason")).startsWith("value is not valid JSON");
        assertThat(TopicClient.header(dead.get(1), "dead-letter-reason"))
                .isEqualTo("record key 'risk-garbage-1' differs from subject 'someone-else'");
    }

    @Test
    void aPurchaseLapseFarBeyondTheCustomersCadenceChurnsThemWithoutANewEvent() {
        String customer = "risk-lapse-1";
        Instant now = TestClock.CLOCK.instant();
        for (int daysAgo : new int[] {30, 20, 10}) {
            ObjectNode purchase = Fixtures.forCustomer(Fixtures.PURCHASE_COMPLETED, customer);
            purchase.put("id", customer + "-" + daysAgo)
                    .put("time", now.minus(Duration.ofDays(daysAgo)).toString());
            publish(Topics.PURCHASES, purchase);
        }
        await().atMost(WAIT)
                .untilAsserted(() -> given().get("/risk/{id}", customer)
                        .then()
                        .statusCode(200)
                        .body("features.purchaseDays", equalTo(3))
                        .body("churned", nullValue()));

        TestClock.CLOCK.advance(Duration.ofDays(100));

        CustomerChurned churned =
                awaitSignal(customer, EventType.CUSTOMER_CHURNED).dataAs(CustomerChurned.class);
        assertThat(churned.basis()).isEqualTo(CustomerChurned.Basis.LAPSED);
        assertThat(churned.churnReason()).isEqualTo(ChurnReason.UNKNOWN);
        assertThat(churned.lifetimeValue()).isEqualByComparingTo(new BigDecimal("149.70"));
        given().get("/risk/{id}", customer)
                .then()
                .body("churned", equalTo("LAPSED"))
                .body("level", equalTo("CHURNED"))
                .body("features.daysSinceLastPurchase", equalTo(110));
        assertThat(given().get("/risk?level=CHURNED&size=500").jsonPath().getList("items.customerId"))
                .contains(customer);
        assertThat(given().get("/risk?level=LOW&size=500").jsonPath().getList("items.customerId"))
                .doesNotContain(customer);
    }

    @Test
    void anImportedHistoryIsJudgedOnceOnTheWholeOfItNotOnItsFirstEvent() {
        String customer = "risk-import-1";
        Instant now = TestClock.CLOCK.instant();
        // seven monthly purchases, 14 to 8 months ago, oldest first: judged on the first alone, they would churn at
        // once
        for (int monthsAgo = 14; monthsAgo >= 8; monthsAgo--) {
            publish(
                    Topics.PURCHASES,
                    Fixtures.history(
                            Fixtures.PURCHASE_COMPLETED, customer, now.minus(Duration.ofDays(30L * monthsAgo))));
        }
        await().atMost(WAIT)
                .untilAsserted(() -> given().get("/risk/{id}", customer)
                        .then()
                        .statusCode(200)
                        .body("features.purchaseDays", equalTo(7))
                        .body("churned", nullValue()));
        settleHistory();

        CustomerChurned churned =
                awaitSignal(customer, EventType.CUSTOMER_CHURNED).dataAs(CustomerChurned.class);
        assertThat(churned.lifetimeValue()).as("all seven purchases").isEqualByComparingTo(new BigDecimal("349.30"));
        assertThat(churned.lastPurchaseAt())
                .isEqualTo(now.minus(Duration.ofDays(240)).truncatedTo(java.time.temporal.ChronoUnit.DAYS));
        assertThat(signalsOf(customer)).extracting(CloudEvent::type).containsExactly(EventType.CUSTOMER_CHURNED);
        given().get("/risk/{id}", customer)
                .then()
                .body("features.purchaseDays", equalTo(7))
                .body("level", equalTo("CHURNED"));
    }

    @Test
    void ticketsOpenedAndClosedInTheHistoryRaiseNothingWhileALiveCustomerIsActedOnAtOnce() {
        String imported = "risk-import-tickets-1";
        Instant now = TestClock.CLOCK.instant();
        // three opens first (judged one by one they would raise MEDIUM), then their closes: all history
        for (int i = 1; i <= 3; i++) {
            publish(
                    Topics.TICKETS,
                    Fixtures.history(Fixtures.TICKET_OPENED, imported, now.minus(Duration.ofDays(3)))
                            .put("id", imported + "-open-" + i)
                            .set("data", ticket(Fixtures.TICKET_OPENED, "old-" + i)));
        }
        for (int i = 1; i <= 3; i++) {
            publish(
                    Topics.TICKETS,
                    Fixtures.history(Fixtures.TICKET_CLOSED, imported, now.minus(Duration.ofDays(2)))
                            .put("id", imported + "-close-" + i)
                            .set("data", ticket(Fixtures.TICKET_CLOSED, "old-" + i)));
        }
        String live = "risk-live-during-import-1";
        for (int i = 1; i <= 3; i++) {
            publish(Topics.TICKETS, Fixtures.forCustomer(Fixtures.TICKET_OPENED, live, "ticketId", "live-" + i));
        }

        awaitSignal(live, EventType.RISK_RAISED);
        await().atMost(WAIT)
                .untilAsserted(() -> given().get("/risk/{id}", imported)
                        .then()
                        .statusCode(200)
                        .body("features.openTickets", equalTo(0)));
        settleHistory();
        await().atMost(WAIT).until(() -> settled(imported));
        given().get("/risk/{id}", imported)
                .then()
                .body("features.openTickets", equalTo(0))
                .body("level", equalTo("LOW"));
        assertThat(signalsOf(imported))
                .as("signals for a history of closed tickets")
                .isEmpty();
    }

    @Test
    void anEventStampedALittleAheadCountsWhenItsTimeComesAndOneFarAheadIsRefused() {
        String customer = "risk-ahead-1";
        Instant now = TestClock.CLOCK.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        TestClock.CLOCK.set(now);
        ObjectNode skewed = Fixtures.forCustomer(Fixtures.TICKET_OPENED, customer, "ticketId", "skewed-1");
        ((ObjectNode) skewed.get("data")).put("category", "COMPLAINT");
        skewed.put("time", now.plus(Duration.ofMinutes(2)).toString());
        publish(Topics.TICKETS, skewed);
        ObjectNode farAhead = Fixtures.forCustomer(Fixtures.TICKET_OPENED, customer, "ticketId", "far-1");
        farAhead.put("time", now.plus(Duration.ofHours(1)).toString());
        publish(Topics.TICKETS, farAhead);

        List<ConsumerRecord<String, byte[]>> dead =
                topics.readUntil(Topics.deadLetter(Topics.TICKETS), r -> customer.equals(r.key()), WAIT);
        assertThat(TopicClient.header(dead.get(0), "dead-letter-reason"))
                .contains("ahead of the clock")
                .contains("at most PT5M in the future");
        // held until its time comes: read, not yet applied
        await().atMost(WAIT).until(() -> processed(skewed.get("id").asText()));
        assertThat(heldIds(customer)).containsExactly(skewed.get("id").asText());
        given().get("/risk/{id}", customer).then().statusCode(404);

        TestClock.CLOCK.advance(Duration.ofMinutes(3));

        await().atMost(WAIT)
                .untilAsserted(() -> given().get("/risk/{id}", customer)
                        .then()
                        .body("features.complaintsLast90Days", equalTo(1))
                        .body("reasons.code", org.hamcrest.Matchers.hasItem("COMPLAINTS")));
    }

    @Test
    void aCustomersLiveEventsAreJudgedInEventTimeOrderWhicheverTopicIsReadFirst() {
        TestClock.CLOCK.set(Instant.now());
        Instant start = TestClock.CLOCK.instant().minus(Duration.ofSeconds(50));
        // as read in time order: two complaints (MEDIUM), the cancellation (churned), a third complaint (nothing more)
        String inOrder = "risk-time-order-1";
        for (ObjectNode event : complaintsAndACancellation(inOrder, start)) {
            publish(topicOf(event), event);
            await().atMost(WAIT).until(() -> processed(event.get("id").asText()) && !held(inOrder));
        }
        List<String> expected =
                await().atMost(WAIT).until(() -> described(signalsOf(inOrder)), signals -> signals.size() == 2);
        assertThat(expected)
                .containsExactly("retention.risk.raised MEDIUM from LOW", "retention.customer.churned CANCELLED");

        // the same story later, its purchases topic held back (a lagging consumer): the complaints are read first
        String ticketsFirst = "risk-time-order-2";
        List<ObjectNode> story = complaintsAndACancellation(ticketsFirst, start.plus(Duration.ofSeconds(20)));
        PausableChannel purchases = channels.getPausable(Topics.PURCHASES);
        purchases.pause();
        try {
            story.stream()
                    .filter(event -> topicOf(event).equals(Topics.PURCHASES))
                    .forEach(event -> publish(Topics.PURCHASES, event));
            story.stream()
                    .filter(event -> topicOf(event).equals(Topics.TICKETS))
                    .forEach(event -> publish(Topics.TICKETS, event));
            await().atMost(WAIT)
                    .until(() -> story.stream()
                            .filter(event -> topicOf(event).equals(Topics.TICKETS))
                            .allMatch(event -> processed(event.get("id").asText())));
            // read, and held until the purchases topic has been read past their time (a purchase the channel had
            // already asked for before the pause may have been applied: it comes first in time)
            assertThat(heldIds(ticketsFirst))
                    .containsExactlyInAnyOrderElementsOf(story.stream()
                            .filter(event -> topicOf(event).equals(Topics.TICKETS))
                            .map(event -> event.get("id").asText())
                            .toList());
            assertThat(signalsOf(ticketsFirst))
                    .as("signals before the purchases topic is read")
                    .isEmpty();
        } finally {
            purchases.resume();
        }

        List<String> signals =
                await().atMost(WAIT).until(() -> described(signalsOf(ticketsFirst)), list -> list.size() == 2);
        assertThat(signals).as("signals as if read in time order").isEqualTo(expected);
        given().get("/risk/{id}", ticketsFirst)
                .then()
                .statusCode(200)
                .body("features.complaintsLast90Days", equalTo(3));
    }

    @Test
    void anEventWaitingOnAPartitionThatStaysUnreadIsAppliedAfterTheHoldLimit() {
        TestClock.CLOCK.set(Instant.now());
        PausableChannel purchases = channels.getPausable(Topics.PURCHASES);
        purchases.pause();
        try {
            // a purchase the channel had asked for before the pause may still come through: then the ticket behind it
            // is released by the watermark, which proves nothing here, and the next attempt's purchase stays unread
            boolean forced = false;
            for (int attempt = 1; attempt <= 3 && !forced; attempt++) {
                String customer = "risk-hold-limit-" + attempt;
                ObjectNode purchase =
                        Fixtures.forCustomer(Fixtures.PURCHASE_COMPLETED, "risk-hold-limit-other-" + attempt);
                publish(Topics.PURCHASES, purchase);
                ObjectNode opened = Fixtures.forCustomer(Fixtures.TICKET_OPENED, customer, "ticketId", "h-" + attempt);
                opened.put("time", TestClock.CLOCK.instant().toString());
                publish(Topics.TICKETS, opened);
                await().atMost(WAIT).until(() -> processed(opened.get("id").asText()));
                if (!held(customer)) {
                    continue;
                }

                TestClock.CLOCK.advance(Duration.ofMinutes(6));

                await().atMost(WAIT)
                        .untilAsserted(() -> given().get("/risk/{id}", customer)
                                .then()
                                .statusCode(200)
                                .body("features.openTickets", equalTo(1)));
                // applied while the purchase before it was still unread: by the hold limit, not the watermark
                forced = !processed(purchase.get("id").asText());
            }
            assertThat(forced)
                    .as("a ticket applied after the hold limit while a purchase stayed unread")
                    .isTrue();
        } finally {
            purchases.resume();
        }
    }

    /** A purchase, two complaints, a cancellation and a third complaint, seconds apart from {@code start}. */
    private static List<ObjectNode> complaintsAndACancellation(String customer, Instant start) {
        List<ObjectNode> story = new ArrayList<>();
        story.add(Fixtures.forCustomer(Fixtures.PURCHASE_COMPLETED, customer));
        for (String ticket : List.of("c-1", "c-2", "c-3")) {
            ObjectNode opened = Fixtures.forCustomer(Fixtures.TICKET_OPENED, customer, "ticketId", ticket);
            ((ObjectNode) opened.get("data")).put("category", "COMPLAINT");
            story.add(opened);
        }
        story.add(3, Fixtures.forCustomer(Fixtures.SUBSCRIPTION_CANCELLED, customer));
        for (int i = 0; i < story.size(); i++) {
            story.get(i).put("time", start.plusSeconds(2L * i).toString());
        }
        return story;
    }

    private static String topicOf(ObjectNode event) {
        return EventType.byName(event.get("type").asText()).orElseThrow().topic();
    }

    private static List<String> described(List<CloudEvent> signals) {
        return signals.stream()
                .map(signal -> signal.type().typeName() + " "
                        + (signal.type() == EventType.CUSTOMER_CHURNED
                                ? signal.dataAs(CustomerChurned.class).basis()
                                : signal.data().path("level").asText() + " from "
                                        + signal.data().path("previousLevel").asText()))
                .toList();
    }

    private boolean held(String customerId) {
        return !heldIds(customerId).isEmpty();
    }

    private List<String> heldIds(String customerId) {
        List<String> ids = new ArrayList<>();
        pool.preparedQuery("select event_id from held_event where customer_id = $1")
                .execute(Tuple.of(customerId))
                .await()
                .indefinitely()
                .forEach(row -> ids.add(row.getString("event_id")));
        return ids;
    }

    @Test
    void anErasedCustomerIsForgottenAndALateEventDoesNotBringThemBack() {
        String customer = "risk-erased-1";
        publish(Topics.TICKETS, Fixtures.forCustomer(Fixtures.TICKET_OPENED, customer, "ticketId", "e-1"));
        await().atMost(WAIT)
                .untilAsserted(() -> given().get("/risk/{id}/history", customer)
                        .then()
                        .statusCode(200)
                        .body("total", greaterThan(0)));

        CloudEvent erased = CloudEvent.create(
                "/customer-service",
                EventType.CUSTOMER_ERASED,
                customer,
                TestClock.CLOCK.instant(),
                new CustomerErased(customer));
        topics.publish(Topics.CUSTOMERS, customer, EventCodec.write(erased));
        await().atMost(WAIT)
                .untilAsserted(() -> given().get("/risk/{id}", customer).then().statusCode(404));
        given().get("/risk/{id}/history", customer).then().statusCode(404);
        assertThat(pool.preparedQuery("select count(*) as left from risk_change where customer_id = $1")
                        .execute(Tuple.of(customer))
                        .await()
                        .atMost(WAIT)
                        .iterator()
                        .next()
                        .getLong("left"))
                .as("the history of an erased customer is deleted")
                .isZero();

        ObjectNode late = Fixtures.forCustomer(Fixtures.TICKET_OPENED, customer, "ticketId", "e-2");
        late.put("id", "late-after-erasure");
        publish(Topics.TICKETS, late);
        await().atMost(WAIT).until(() -> processed("late-after-erasure"));
        given().get("/risk/{id}", customer).then().statusCode(404);
    }

    @Test
    void aLiveEventHeldByABatchThatRacedTheCustomersErasureIsForgottenAndBringsNoRowBack() {
        String customer = "risk-erasure-race-1";
        // a batch found no tombstone and held the event; the erasure committed meanwhile and could not see it
        CloudEvent complaint = CloudEvent.create(
                "/support",
                EventType.TICKET_OPENED,
                customer,
                TestClock.CLOCK.instant(),
                new TicketOpened("race-1", TicketOpened.Category.COMPLAINT, TicketOpened.Priority.HIGH));
        pool.withTransaction(connection -> heldEvents
                        .hold(connection, List.of(complaint), event -> null, TestClock.CLOCK.instant())
                        .chain(() ->
                                erasedCustomers.remember(connection, List.of(customer), TestClock.CLOCK.instant())))
                .await()
                .atMost(WAIT);

        await().atMost(WAIT).until(() -> rows("held_event", customer) == 0);
        assertThat(rows("customer_risk", customer))
                .as("the release created no row for the erased customer")
                .isZero();
        given().get("/risk/{id}", customer).then().statusCode(404);
    }

    private long rows(String table, String customer) {
        return pool.preparedQuery("select count(*) as n from " + table + " where customer_id = $1")
                .execute(Tuple.of(customer))
                .await()
                .atMost(WAIT)
                .iterator()
                .next()
                .getLong("n");
    }

    @Test
    void theModelCannotBeFittedOnTooFewBuyersAndSaysSo() {
        given().post("/risk/model/fit")
                .then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body(
                        "detail",
                        startsWith("the purchase model needs at least 20 customers with a purchase; there are "));
    }

    @Test
    void restRefusesABadCustomerIdAndNamesAnUnknownOne() {
        given().get("/risk/{id}", "bad id!")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("must be 1 to 64"));
        given().get("/risk/{id}", "nobody-known")
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("detail", equalTo("no risk is known for customer 'nobody-known'"));
        given().get("/risk?level=SEVERE")
                .then()
                .statusCode(400)
                .body("detail", equalTo("query parameter 'level' must be one of LOW, MEDIUM, HIGH, not 'SEVERE'"));
    }

    @Test
    void aStateStoredAsJsonBeforeTheBinaryFormCountsAndIsRewrittenInIt() {
        String customer = "risk-legacy-json-1";
        Instant opened = Instant.now().minus(Duration.ofDays(2));
        String legacyState = "{\"tickets\":{\"old-1\":{\"category\":\"BUG\",\"openedAt\":\"" + opened + "\"},"
                + "\"old-2\":{\"category\":\"BILLING\",\"openedAt\":\"" + opened + "\"}},\"usageTotal\":0}";
        pool.preparedQuery(
                        "insert into customer_risk (customer_id, legacy_state_json, assessed_at) values ($1, $2::text::jsonb, now())")
                .execute(Tuple.of(customer, legacyState))
                .await()
                .indefinitely();

        publish(Topics.TICKETS, Fixtures.forCustomer(Fixtures.TICKET_OPENED, customer, "ticketId", "new-1"));

        // the two tickets of the JSON state and the new one: three open, as if the state had always been binary
        assertThat(awaitSignal(customer, EventType.RISK_RAISED)
                        .dataAs(RiskRaised.class)
                        .level())
                .isEqualTo(RiskLevel.MEDIUM);
        given().get("/risk/{id}", customer).then().statusCode(200).body("features.openTickets", equalTo(3));
        var row = pool.preparedQuery(
                        "select state is not null, legacy_state_json is null from customer_risk where customer_id = $1")
                .execute(Tuple.of(customer))
                .await()
                .indefinitely()
                .iterator()
                .next();
        assertThat(row.getBoolean(0)).as("binary state written").isTrue();
        assertThat(row.getBoolean(1)).as("JSON state cleared").isTrue();
    }

    /** A ticket closed with the customer satisfied (CSAT 5), so that only the open count matters. */
    private static ObjectNode happyClose(String customer, String ticketId) {
        ObjectNode closed = Fixtures.forCustomer(Fixtures.TICKET_CLOSED, customer, "ticketId", ticketId);
        ((ObjectNode) closed.get("data")).put("satisfaction", 5);
        return closed;
    }

    private static ObjectNode ticket(String fixture, String ticketId) {
        ObjectNode data = (ObjectNode) Fixtures.load(fixture).get("data");
        data.put("ticketId", ticketId);
        if (data.has("satisfaction")) {
            data.put("satisfaction", 5);
        }
        return data;
    }

    /** Lets the settle period pass on the test's clock, which stands still unless moved. */
    private static void settleHistory() {
        TestClock.CLOCK.advance(Duration.ofSeconds(3));
    }

    /** Whether risk-service has judged the customer since their history arrived. */
    private boolean settled(String customerId) {
        var rows = pool.preparedQuery("select settle_pending from customer_risk where customer_id = $1")
                .execute(Tuple.of(customerId))
                .await()
                .indefinitely();
        return rows.size() == 1 && !rows.iterator().next().getBoolean("settle_pending");
    }

    private boolean processed(String eventId) {
        return pool.preparedQuery("select 1 from processed_event where event_id = $1")
                        .execute(Tuple.of(eventId))
                        .await()
                        .indefinitely()
                        .size()
                == 1;
    }

    private void publish(String topic, ObjectNode event) {
        topics.publish(topic, event.get("subject").asText(), Fixtures.bytes(event));
    }

    /** Every signal for the customer, each read and validated against the contract's schemas. */
    private List<CloudEvent> signalsOf(String customer) {
        return topics.readAll(Topics.RISK_SIGNALS, Duration.ofSeconds(2)).stream()
                .filter(r -> customer.equals(r.key()))
                .map(r -> EventCodec.read(Topics.RISK_SIGNALS, r.key(), Map.of(), r.value()))
                .toList();
    }

    private CloudEvent awaitSignal(String customer, EventType type) {
        List<ConsumerRecord<String, byte[]>> read = topics.readUntil(
                Topics.RISK_SIGNALS,
                r -> customer.equals(r.key())
                        && EventCodec.read(Topics.RISK_SIGNALS, r.key(), Map.of(), r.value())
                                        .type()
                                == type,
                WAIT);
        assertThat(read).as("a %s signal for %s", type, customer).isNotEmpty();
        ConsumerRecord<String, byte[]> last = read.get(read.size() - 1);
        assertThat(TopicClient.header(last, "content-type")).isEqualTo(EventCodec.STRUCTURED_CONTENT_TYPE);
        return EventCodec.read(Topics.RISK_SIGNALS, last.key(), Map.of(), last.value());
    }
}
