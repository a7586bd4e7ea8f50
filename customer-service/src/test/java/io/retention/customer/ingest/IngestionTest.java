package io.retention.customer.ingest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.retention.contract.EventCodec;
import io.retention.contract.Fixtures;
import io.retention.contract.Json;
import io.retention.contract.Topics;
import io.retention.local.testing.BrokerBackedTest;
import io.retention.local.testing.JwtTestResource;
import io.retention.local.testing.KafkaTestResource;
import io.retention.local.testing.PostgresTestResource;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** POST /events publishes valid CloudEvents to their inbound topics and refuses broken ones, naming each problem. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(JwtTestResource.class)
@WithTestResource(PostgresTestResource.class)
class IngestionTest extends BrokerBackedTest {

    @Test
    void aSingleEventIsOnItsTopicKeyedByCustomerBeforeThe202() {
        ObjectNode event = Fixtures.forCustomer(Fixtures.TICKET_OPENED, "http-single-1");
        given().contentType("application/cloudevents+json")
                .body(Fixtures.bytes(event))
                .post("/events")
                .then()
                .statusCode(202)
                .body("accepted", equalTo(1))
                .body("ids[0]", equalTo(event.get("id").asText()));

        // acknowledged by the broker before the 202: it is there without waiting
        var read = topics.readAll(Topics.TICKETS, Duration.ofSeconds(1)).stream()
                .filter(r -> "http-single-1".equals(r.key()))
                .toList();
        assertThat(read).hasSize(1);
        assertThat(EventCodec.read(
                                Topics.TICKETS,
                                read.get(0).key(),
                                Map.of(),
                                read.get(0).value())
                        .id())
                .isEqualTo(event.get("id").asText());
    }

    @Test
    void aBatchGoesToEachEventsOwnTopic() {
        ArrayNode batch = Json.MAPPER
                .createArrayNode()
                .add(Fixtures.forCustomer(Fixtures.PURCHASE_COMPLETED, "http-batch-1"))
                .add(Fixtures.forCustomer(Fixtures.USAGE_RECORDED, "http-batch-1"));
        given().contentType("application/cloudevents-batch+json")
                .body(batch.toString())
                .post("/events")
                .then()
                .statusCode(202)
                .body("accepted", equalTo(2));

        assertThat(topics.readAll(Topics.PURCHASES, Duration.ofSeconds(1)))
                .anyMatch(r -> "http-batch-1".equals(r.key()));
        assertThat(topics.readAll(Topics.USAGE, Duration.ofSeconds(1))).anyMatch(r -> "http-batch-1".equals(r.key()));
    }

    @Test
    void anAmountBeyondWhatStorageHoldsIsRefusedNamingTheField() {
        ObjectNode huge = Fixtures.forCustomer(Fixtures.PURCHASE_COMPLETED, "http-huge-1");
        ((ObjectNode) huge.get("data")).put("amount", 1e308);
        given().contentType("application/cloudevents+json")
                .body(huge.toString())
                .post("/events")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("violations.message", hasItems(containsString("$.data.amount")))
                .body("violations.message", hasItems(containsString("1000000000")));
        assertThat(topics.readAll(Topics.PURCHASES, Duration.ofSeconds(1)))
                .noneMatch(r -> "http-huge-1".equals(r.key()));
    }

    @Test
    void textADatabaseCannotHoldIsRefusedNamingWhereItIs() {
        ObjectNode nul = Fixtures.forCustomer(Fixtures.PURCHASE_COMPLETED, "http-nul-1");
        ((ObjectNode) nul.get("data")).put("orderId", "o-\u0000");
        given().contentType("application/cloudevents+json")
                .body(nul.toString())
                .post("/events")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body(
                        "violations.message",
                        hasItems("$.data.orderId: contains the NUL character (U+0000), which is not stored"));
        assertThat(topics.readAll(Topics.PURCHASES, Duration.ofSeconds(1)))
                .noneMatch(r -> "http-nul-1".equals(r.key()));
    }

    @Test
    void anUnsetDateIsRefusedAsNoMomentAnythingHappened() {
        ObjectNode unset = Fixtures.forCustomer(Fixtures.PURCHASE_COMPLETED, "http-unset-1");
        unset.put("time", "0001-01-01T00:00:00Z");
        given().contentType("application/cloudevents+json")
                .body(unset.toString())
                .post("/events")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("violations.message", hasItems(containsString("looks like an unset date")));
    }

    @Test
    void aBatchWithABadEventIsRefusedWholeWithEachProblemByIndex() {
        ObjectNode good = Fixtures.forCustomer(Fixtures.USAGE_RECORDED, "http-bad-1");
        ObjectNode badAmount = Fixtures.forCustomer(Fixtures.PURCHASE_COMPLETED, "http-bad-1");
        ((ObjectNode) badAmount.get("data")).put("amount", -5);
        ObjectNode platformOwn =
                Fixtures.forCustomer(Fixtures.USAGE_RECORDED, "http-bad-1").put("type", "retention.risk.raised");
        ArrayNode batch = Json.MAPPER.createArrayNode().add(good).add(badAmount).add(platformOwn);

        given().contentType("application/json")
                .body(batch.toString())
                .post("/events")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("none was published"))
                .body("violations.field", hasItems("[1]", "[2]"))
                .body("violations.message", hasItems(containsString("$.data.amount")));

        assertThat(topics.readAll(Topics.USAGE, Duration.ofSeconds(1))).noneMatch(r -> "http-bad-1".equals(r.key()));
    }

    @Test
    void aBodyThatIsNoEventIsRefused() {
        given().contentType("application/json")
                .body("42")
                .post("/events")
                .then()
                .statusCode(400)
                .body("detail", equalTo("the body must be a CloudEvent object or an array of them"));
        given().contentType("application/json")
                .body("[]")
                .post("/events")
                .then()
                .statusCode(400)
                .body("detail", containsString("1 to 1000 events"));
    }

    @Test
    void anEventInBinaryModeIsReadFromItsHeadersAndBodyAsTheHttpBindingDefinesIt() throws Exception {
        ObjectNode event = Fixtures.forCustomer(Fixtures.TICKET_OPENED, "http-binary-1");
        given().contentType("application/json")
                .body(event.get("data").toString())
                .header("ce-specversion", "1.0")
                .header("ce-id", event.get("id").asText())
                .header("ce-source", "/help%2Ddesk")
                .header("ce-type", event.get("type").asText())
                .header("ce-time", event.get("time").asText())
                .header("ce-subject", "http-binary-1")
                .header("ce-backfill", "true")
                .post("/events")
                .then()
                .log()
                .ifValidationFails()
                .statusCode(202)
                .body("accepted", equalTo(1))
                .body("ids[0]", equalTo(event.get("id").asText()));

        var read = topics.readAll(Topics.TICKETS, Duration.ofSeconds(1)).stream()
                .filter(r -> "http-binary-1".equals(r.key()))
                .toList();
        assertThat(read).hasSize(1);
        var published = EventCodec.read(
                Topics.TICKETS, read.get(0).key(), Map.of(), read.get(0).value());
        assertThat(published.id()).isEqualTo(event.get("id").asText());
        assertThat(published.source()).as("percent-decoded").isEqualTo("/help-desk");
        assertThat(published.backfill()).isTrue();
        assertThat(Json.MAPPER.readTree(read.get(0).value()).get("data")).isEqualTo(event.get("data"));
    }

    @Test
    void aBinaryModeEventWithoutItsTypeIsRefusedNamingTheAttribute() {
        given().contentType("application/json")
                .body("{\"ticketId\": \"t-1\"}")
                .header("ce-specversion", "1.0")
                .header("ce-id", "bin-2")
                .header("ce-source", "/help-desk")
                .header("ce-subject", "http-binary-2")
                .post("/events")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("type"));
    }

    @Test
    void aKeyGivenTwiceIsRefused() {
        ObjectNode event = Fixtures.forCustomer(Fixtures.USAGE_RECORDED, "http-dup-1");
        String twice = event.toString().replaceFirst("\\{", "{\"subject\":\"someone-else\",");
        given().contentType("application/cloudevents+json")
                .body(twice)
                .post("/events")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("Duplicate field 'subject'"));
        assertThat(topics.readAll(Topics.USAGE, Duration.ofSeconds(1))).noneMatch(r -> "http-dup-1".equals(r.key()));
    }

    @Test
    void aBodyOverTheLimitIsRefusedWith413SayingTheLimit() {
        byte[] body = new byte[11 * 1024 * 1024];
        java.util.Arrays.fill(body, (byte) ' ');
        given().contentType("application/json")
                .body(body)
                .post("/events")
                .then()
                .statusCode(413)
                .contentType("application/problem+json")
                .body("detail", containsString("at most 10485760 are accepted"));
    }

    @Test
    void anOverLongUrlIs414AndOverLargeHeadersAre431BothAsProblems() {
        given().get("/customers?q=" + "a".repeat(9000))
                .then()
                .statusCode(414)
                .contentType("application/problem+json")
                .body("title", equalTo("URI Too Long"))
                .body("detail", containsString("at most 8192 are accepted"));
        given().header("X-Padding", "p".repeat(17_000))
                .get("/customers")
                .then()
                .statusCode(431)
                .contentType("application/problem+json")
                .body("detail", containsString("at most 16384 are accepted"));
        given().get("/customers?q=" + "a".repeat(100)).then().statusCode(200);
    }
}
