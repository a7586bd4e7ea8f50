package io.retention.winback.offers;

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
import io.retention.contract.events.ChurnReason;
import io.retention.contract.events.CustomerChurned;
import io.retention.contract.events.OfferIssued;
import io.retention.contract.events.OfferKind;
import io.retention.local.testing.BrokerBackedTest;
import io.retention.local.testing.KafkaTestResource;
import io.retention.local.testing.PostgresTestResource;
import io.retention.local.testing.TopicClient;
import io.retention.kit.testing.TestClock;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** winback-service on a real broker and a real PostgreSQL, fed churn signals as risk-service emits them. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class WinbackOffersTest extends BrokerBackedTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void aCustomerWhoLeftOverPriceGetsADiscountThatRedeemsOnce() {
        String customer = "wb-price-1";
        CloudEvent churned = churn(customer, ChurnReason.PRICE);
        publish(churned);
        publish(churned); // redelivered: must not issue a second offer

        OfferIssued issued = awaitIssued(customer);
        assertThat(issued.kind()).isEqualTo(OfferKind.DISCOUNT);
        assertThat(issued.discountPercent()).isEqualTo(20);
        assertThat(issued.validUntil()).isAfter(Instant.now().plus(Duration.ofDays(29)));
        given().get("/offers?customerId={c}", customer).then().statusCode(200)
                .body("total", equalTo(1))
                .body("items[0].code", equalTo(issued.offerCode()))
                .body("items[0].status", equalTo("ISSUED"));

        redeem(issued.offerCode(), customer).then().statusCode(200).body("status", equalTo("REDEEMED"));
        redeem(issued.offerCode(), customer).then().statusCode(409)
                .contentType("application/problem+json")
                .body("detail", containsString("already redeemed"));
        List<CloudEvent> events = eventsOf(customer);
        assertThat(events).extracting(CloudEvent::type).containsExactly(EventType.OFFER_ISSUED, EventType.OFFER_REDEEMED);
    }

    @Test
    void anyOtherReasonGetsTheBundle() {
        String customer = "wb-service-1";
        publish(churn(customer, ChurnReason.SERVICE));
        assertThat(awaitIssued(customer).kind()).isEqualTo(OfferKind.BUNDLE);
    }

    @Test
    void anotherCustomersCodeAnUnknownCodeAndAnExpiredCodeAreRefusedClearly() {
        String customer = "wb-refusals-1";
        publish(churn(customer, ChurnReason.COMPETITOR));
        String code = awaitIssued(customer).offerCode();

        redeem(code, "someone-else").then().statusCode(403).body("detail", containsString("another customer"));
        redeem("ZZZZ-ZZZZ-ZZZZ-ZZZZ", customer).then().statusCode(404).body("detail", containsString("no offer"));
        given().contentType(ContentType.JSON).body("{\"customerId\":\"bad id!\"}")
                .post("/offers/{code}/redeem", code).then().statusCode(400)
                .contentType("application/problem+json").body("violations[0].field", equalTo("customerId"));

        TestClock.CLOCK.advance(Duration.ofDays(31));
        try {
            redeem(code, customer).then().statusCode(409).body("detail", containsString("expired"));
        } finally {
            TestClock.CLOCK.advance(Duration.ofDays(-31));
        }
    }

    private io.restassured.response.Response redeem(String code, String customer) {
        return given().contentType(ContentType.JSON).body(Map.of("customerId", customer, "orderId", "o-77"))
                .post("/offers/{code}/redeem", code);
    }

    private static CloudEvent churn(String customer, ChurnReason reason) {
        return CloudEvent.create("/risk-service", EventType.CUSTOMER_CHURNED, customer, Instant.now(),
                new CustomerChurned(CustomerChurned.Basis.CANCELLED, reason, Instant.now(), new BigDecimal("100.00"), "EUR"));
    }

    private void publish(CloudEvent event) {
        topics.publish(Topics.RISK_SIGNALS, event.subject(), EventCodec.write(event));
    }

    /** Every event winback-service emitted for the customer, each validated against the contract's schemas. */
    private List<CloudEvent> eventsOf(String customer) {
        return topics.readAll(Topics.WINBACK, Duration.ofSeconds(2)).stream()
                .filter(r -> customer.equals(r.key()))
                .map(r -> EventCodec.read(Topics.WINBACK, r.key(), Map.of(), r.value()))
                .toList();
    }

    private OfferIssued awaitIssued(String customer) {
        await().atMost(WAIT).until(() -> eventsOf(customer).stream().anyMatch(e -> e.type() == EventType.OFFER_ISSUED));
        List<CloudEvent> issued = eventsOf(customer).stream().filter(e -> e.type() == EventType.OFFER_ISSUED).toList();
        assertThat(issued).hasSize(1);
        return issued.get(0).dataAs(OfferIssued.class);
    }
}
