package io.retention.customer.registry;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.retention.contract.CloudEvent;
import io.retention.contract.EventCodec;
import io.retention.contract.EventType;
import io.retention.contract.Topics;
import io.retention.contract.events.CustomerProfile;
import io.retention.local.testing.KafkaTestResource;
import io.retention.local.testing.PostgresTestResource;
import io.retention.local.testing.BrokerBackedTest;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** customer-service on a real broker and a real PostgreSQL. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class RegistryTest extends BrokerBackedTest {

    @Test
    void registeringACustomerStoresTheProfileAndAnnouncesIt() {
        given().contentType(ContentType.JSON)
                .body(Map.of("customerId", "reg-1", "name", "Ada Lovelace", "email", "ada@example.com",
                        "owner", "am-grace", "timeZone", "Europe/London"))
                .post("/customers").then().statusCode(201)
                .header("Location", endsWith("/customers/reg-1"))
                .body("lifecycleStage", equalTo("NEW"));
        given().get("/customers/reg-1").then().statusCode(200)
                .body("name", equalTo("Ada Lovelace")).body("timeZone", equalTo("Europe/London"));

        var read = topics.readUntil(Topics.CUSTOMERS, r -> "reg-1".equals(r.key()), Duration.ofSeconds(30));
        assertThat(read).isNotEmpty();
        var record = read.get(read.size() - 1);
        CloudEvent event = EventCodec.read(Topics.CUSTOMERS, record.key(), Map.of(), record.value());
        assertThat(event.type()).isEqualTo(EventType.CUSTOMER_REGISTERED);
        CustomerProfile profile = event.dataAs(CustomerProfile.class);
        assertThat(profile.owner()).isEqualTo("am-grace");
        assertThat(profile.email()).isEqualTo("ada@example.com");
    }

    @Test
    void anIdIsGeneratedWhenLeftOutAndTheDefaultTimeZoneApplies() {
        given().contentType(ContentType.JSON).body(Map.of("name", "No Id"))
                .post("/customers").then().statusCode(201)
                .body("customerId", startsWith("c-")).body("timeZone", equalTo("UTC"));
    }

    @Test
    void badRegistrationsAreRefusedWithEveryProblemNamed() {
        given().contentType(ContentType.JSON).body(Map.of("customerId", "has space", "email", "not-an-email"))
                .post("/customers").then().statusCode(400)
                .contentType("application/problem+json")
                .body("violations.field", org.hamcrest.Matchers.hasItems("customerId", "email", "name"));
        given().contentType(ContentType.JSON).body("{\"name\": \"x\", \"timeZone\": \"Mars/Olympus\"}")
                .post("/customers").then().statusCode(400).body("detail", containsString("not an IANA time zone"));
        given().contentType(ContentType.JSON).body("{\"name\": ")
                .post("/customers").then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("not valid JSON"));
    }

    @Test
    void aSecondRegistrationOfTheSameIdIsAConflictAndAnUnknownIdIsNotFound() {
        given().contentType(ContentType.JSON).body(Map.of("customerId", "dup-1", "name", "First")).post("/customers")
                .then().statusCode(201);
        given().contentType(ContentType.JSON).body(Map.of("customerId", "dup-1", "name", "Second")).post("/customers")
                .then().statusCode(409).body("detail", equalTo("customer 'dup-1' is already registered"));
        given().get("/customers/nobody").then().statusCode(404).contentType("application/problem+json");
    }
}
