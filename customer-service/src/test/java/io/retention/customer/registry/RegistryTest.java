package io.retention.customer.registry;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.retention.contract.CloudEvent;
import io.retention.contract.EventCodec;
import io.retention.contract.EventType;
import io.retention.contract.Topics;
import io.retention.contract.events.CustomerProfile;
import io.retention.local.Tokens;
import io.retention.local.testing.BrokerBackedTest;
import io.retention.local.testing.JwtTestResource;
import io.retention.local.testing.KafkaTestResource;
import io.retention.local.testing.PostgresTestResource;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** customer-service on a real broker and a real PostgreSQL. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(JwtTestResource.class)
@WithTestResource(PostgresTestResource.class)
class RegistryTest extends BrokerBackedTest {

    @Test
    void theApiWantsABearerTokenWithARoleThatAllowsTheCall() {
        anonymous()
                .get("/customers")
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", "Bearer")
                .body("detail", containsString("bearer token"));
        RestAssured.given()
                .header("Authorization", "Bearer " + Tokens.generate().token("mallory", Duration.ofHours(1), "admin"))
                .get("/customers")
                .then()
                .statusCode(401);
        RestAssured.given()
                .header("Authorization", "Bearer " + tokens.token("late", Duration.ofMinutes(-10), "admin"))
                .get("/customers")
                .then()
                .statusCode(401);
        as("analyst").get("/customers").then().statusCode(200);
        as("analyst")
                .contentType(ContentType.JSON)
                .body(Map.of("name", "Nope"))
                .post("/customers")
                .then()
                .statusCode(403)
                .contentType("application/problem+json")
                .body("detail", equalTo("the token's roles do not allow this"));
        as("ingest")
                .contentType(ContentType.JSON)
                .body(Map.of("customerId", "auth-1", "name", "From Signup"))
                .post("/customers")
                .then()
                .statusCode(201);
        as("ingest").get("/customers/auth-1").then().statusCode(403);
        as("account-manager").delete("/customers/auth-1").then().statusCode(403);
        as("analyst").get("/kpis").then().statusCode(200);
        as("account-manager").post("/tiers/recompute").then().statusCode(403);
        anonymous()
                .get("/q/health/ready")
                .then()
                .statusCode(200)
                .body(
                        "checks.name",
                        org.hamcrest.Matchers.hasItems(
                                "Reactive PostgreSQL connections health check",
                                "SmallRye Reactive Messaging - readiness check"));
        anonymous().get("/q/openapi").then().statusCode(200);
    }

    @Test
    void anAccountManagerActsOnlyForTheCustomersTheyOwn() {
        for (String[] customer : new String[][] {{"own-1", "am-ann"}, {"own-2", "am-bob"}}) {
            given().contentType(ContentType.JSON)
                    .body(Map.of("customerId", customer[0], "name", "Owned " + customer[0], "owner", customer[1]))
                    .post("/customers")
                    .then()
                    .statusCode(201);
        }
        String unknown = "no customer has id 'own-2'";
        asUser("am-ann", "account-manager")
                .get("/customers/own-1")
                .then()
                .statusCode(200)
                .body("owner", equalTo("am-ann"));
        asUser("am-ann", "account-manager")
                .get("/customers/own-2")
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("detail", equalTo(unknown));
        asUser("am-ann", "account-manager")
                .get("/customers/own-2/timeline")
                .then()
                .statusCode(404)
                .body("detail", equalTo(unknown));
        asUser("am-ann", "account-manager")
                .get("/customers/own-1/timeline")
                .then()
                .statusCode(200);
        asUser("am-ann", "account-manager")
                .get("/customers/own-2/consents")
                .then()
                .statusCode(404)
                .body("detail", equalTo(unknown));
        asUser("am-ann", "account-manager")
                .get("/customers/own-1/consents")
                .then()
                .statusCode(200);
        Map<String, Object> consent =
                Map.of("channel", "EMAIL", "purpose", "MARKETING", "granted", true, "method", "phone");
        asUser("am-ann", "account-manager")
                .contentType(ContentType.JSON)
                .body(consent)
                .post("/customers/own-2/consents")
                .then()
                .statusCode(404)
                .body("detail", equalTo(unknown));
        asUser("am-ann", "account-manager")
                .contentType(ContentType.JSON)
                .body(consent)
                .post("/customers/own-1/consents")
                .then()
                .statusCode(201);

        asUser("am-ann", "account-manager")
                .get("/customers?size=500")
                .then()
                .statusCode(200)
                .body("items.owner", org.hamcrest.Matchers.everyItem(equalTo("am-ann")))
                .body("items.customerId", org.hamcrest.Matchers.hasItem("own-1"));
        asUser("am-ann", "account-manager")
                .get("/customers?owner=am-bob")
                .then()
                .statusCode(200)
                .body("total", equalTo(0));
        as("analyst")
                .get("/customers?owner=am-bob")
                .then()
                .statusCode(200)
                .body("items.customerId", org.hamcrest.Matchers.hasItem("own-2"));

        // changes: their own customers only, and never the owner
        asUser("am-ann", "account-manager")
                .contentType("application/merge-patch+json")
                .body(Map.of("name", "Renamed"))
                .patch("/customers/own-1")
                .then()
                .statusCode(200)
                .body("name", equalTo("Renamed"));
        asUser("am-ann", "account-manager")
                .contentType("application/merge-patch+json")
                .body(Map.of("owner", "am-ann"))
                .patch("/customers/own-2")
                .then()
                .statusCode(404)
                .body("detail", equalTo(unknown));
        asUser("am-ann", "account-manager")
                .contentType("application/merge-patch+json")
                .body(Map.of("owner", "am-bob"))
                .patch("/customers/own-1")
                .then()
                .statusCode(403)
                .contentType("application/problem+json")
                .body("detail", equalTo("changing a customer's owner needs the admin role"));
        given().get("/customers/own-1").then().body("owner", equalTo("am-ann"));
        given().contentType("application/merge-patch+json")
                .body(Map.of("owner", "am-bob"))
                .patch("/customers/own-1")
                .then()
                .statusCode(200)
                .body("owner", equalTo("am-bob"));
        asUser("am-ann", "account-manager").get("/customers/own-1").then().statusCode(404);

        // registering: for themselves
        asUser("am-ann", "account-manager")
                .contentType(ContentType.JSON)
                .body(Map.of("customerId", "own-3", "name", "Theirs", "owner", "am-bob"))
                .post("/customers")
                .then()
                .statusCode(403)
                .body("detail", containsString("'owner' must be 'am-ann' or left out"));
        asUser("am-ann", "account-manager")
                .contentType(ContentType.JSON)
                .body(Map.of("customerId", "own-3", "name", "Mine"))
                .post("/customers")
                .then()
                .statusCode(201)
                .body("owner", equalTo("am-ann"));
        asUser("am-ann", "ingest")
                .contentType(ContentType.JSON)
                .body(Map.of("customerId", "own-4", "name", "Signup", "owner", "am-bob"))
                .post("/customers")
                .then()
                .statusCode(201)
                .body("owner", equalTo("am-bob"));
    }

    @Test
    void registeringACustomerStoresTheProfileAndAnnouncesIt() {
        given().contentType(ContentType.JSON)
                .body(Map.of(
                        "customerId",
                        "reg-1",
                        "name",
                        "Ada Lovelace",
                        "email",
                        "ada@example.com",
                        "owner",
                        "am-grace",
                        "timeZone",
                        "Europe/London",
                        "referredBy",
                        "reg-0"))
                .post("/customers")
                .then()
                .statusCode(201)
                .header("Location", endsWith("/customers/reg-1"))
                .body("lifecycleStage", equalTo("NEW"));
        given().get("/customers/reg-1")
                .then()
                .statusCode(200)
                .body("name", equalTo("Ada Lovelace"))
                .body("timeZone", equalTo("Europe/London"));

        var read = topics.readUntil(Topics.CUSTOMERS, r -> "reg-1".equals(r.key()), Duration.ofSeconds(30));
        assertThat(read).isNotEmpty();
        var record = read.get(read.size() - 1);
        CloudEvent event = EventCodec.read(Topics.CUSTOMERS, record.key(), Map.of(), record.value());
        assertThat(event.type()).isEqualTo(EventType.CUSTOMER_REGISTERED);
        CustomerProfile profile = event.dataAs(CustomerProfile.class);
        assertThat(profile.owner()).isEqualTo("am-grace");
        assertThat(profile.email()).isEqualTo("ada@example.com");
        assertThat(profile.referredBy()).isEqualTo("reg-0");
        given().contentType(ContentType.JSON)
                .body(Map.of("customerId", "reg-self", "name", "Narcissus", "referredBy", "reg-self"))
                .post("/customers")
                .then()
                .statusCode(400)
                .body("detail", equalTo("a customer cannot refer themselves"));
    }

    @Test
    void anIdIsGeneratedWhenLeftOutAndTheDefaultTimeZoneApplies() {
        given().contentType(ContentType.JSON)
                .body(Map.of("name", "No Id"))
                .post("/customers")
                .then()
                .statusCode(201)
                .body("customerId", startsWith("c-"))
                .body("timeZone", equalTo("UTC"));
    }

    @Test
    void badRegistrationsAreRefusedWithEveryProblemNamed() {
        given().contentType(ContentType.JSON)
                .body(Map.of("customerId", "has space", "email", "not-an-email"))
                .post("/customers")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("violations.field", org.hamcrest.Matchers.hasItems("customerId", "email", "name"));
        given().contentType(ContentType.JSON)
                .body("{\"name\": \"x\", \"timeZone\": \"Mars/Olympus\"}")
                .post("/customers")
                .then()
                .statusCode(400)
                .body("detail", containsString("not an IANA time zone"));
        given().contentType(ContentType.JSON)
                .body("{\"name\": ")
                .post("/customers")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("not valid JSON"));
    }

    @Test
    void textTheDatabaseCannotHoldIsRefusedWhereverItIsWithWhereItIs() {
        given().contentType(ContentType.JSON)
                .body("{\"customerId\":\"nul-1\",\"name\":\"Ada\\u0000\"}")
                .post("/customers")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", equalTo("field 'name' contains the NUL character (U+0000), which is not stored"));
        given().contentType(ContentType.JSON)
                .body("{\"customerId\":\"nul-1\",\"name\":\"Ada \\ud800\"}")
                .post("/customers")
                .then()
                .statusCode(400)
                .body("detail", containsString("field 'name' contains an unpaired surrogate (U+D800)"));
        given().get("/customers/nul-1").then().statusCode(404);

        given().contentType(ContentType.JSON)
                .body(Map.of("customerId", "nul-2", "name", "Ada 😀"))
                .post("/customers")
                .then()
                .statusCode(201);
        given().contentType("application/merge-patch+json")
                .body("{\"name\":\"A\\u0000da\"}")
                .patch("/customers/nul-2")
                .then()
                .statusCode(400)
                .body("violations[0].field", equalTo("name"))
                .body("violations[0].message", containsString("NUL character"));
        given().get("/customers/nul-2").then().statusCode(200).body("name", equalTo("Ada 😀"));

        given().queryParam("q", "a\u0000b")
                .get("/customers")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body(
                        "detail",
                        equalTo("query parameter 'q' contains the NUL character (U+0000), which is not stored"));
        given().queryParam("kind", "\u0000")
                .get("/customers/nul-2/timeline")
                .then()
                .statusCode(400)
                .body("detail", containsString("query parameter 'kind'"));
        given().urlEncodingEnabled(false)
                .get("/customers/nul%00-2")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    void aSecondRegistrationOfTheSameIdIsAConflictAndAnUnknownIdIsNotFound() {
        given().contentType(ContentType.JSON)
                .body(Map.of("customerId", "dup-1", "name", "First"))
                .post("/customers")
                .then()
                .statusCode(201);
        given().contentType(ContentType.JSON)
                .body(Map.of("customerId", "dup-1", "name", "Second"))
                .post("/customers")
                .then()
                .statusCode(409)
                .body("detail", equalTo("customer 'dup-1' is already registered"));
        given().get("/customers/nobody").then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void aPatchChangesTheProfileAndAnnouncesTheSnapshot() {
        given().contentType(ContentType.JSON)
                .body(Map.of("customerId", "patch-1", "name", "Before", "owner", "am-1"))
                .post("/customers")
                .then()
                .statusCode(201);

        given().contentType("application/merge-patch+json")
                .body("{\"name\":\"After\",\"owner\":null}")
                .patch("/customers/patch-1")
                .then()
                .statusCode(200)
                .body("name", equalTo("After"))
                .body("owner", org.hamcrest.Matchers.nullValue());
        given().contentType("application/merge-patch+json")
                .body("{\"email\":\"broken\"}")
                .patch("/customers/patch-1")
                .then()
                .statusCode(400)
                .body("violations[0].field", equalTo("email"));
        given().contentType("application/merge-patch+json")
                .body("{\"name\":\"x\"}")
                .patch("/customers/nobody-here")
                .then()
                .statusCode(404);

        var read = topics.readUntil(
                Topics.CUSTOMERS,
                r -> "patch-1".equals(r.key())
                        && EventCodec.read(Topics.CUSTOMERS, r.key(), Map.of(), r.value())
                                        .type()
                                == EventType.CUSTOMER_UPDATED,
                Duration.ofSeconds(30));
        assertThat(read).isNotEmpty();
        var record = read.get(read.size() - 1);
        CustomerProfile profile = EventCodec.read(Topics.CUSTOMERS, record.key(), Map.of(), record.value())
                .dataAs(CustomerProfile.class);
        assertThat(profile.name()).isEqualTo("After");
        assertThat(profile.owner()).isNull();
    }

    @Test
    void theRegistryIsSearchableByOwnerAndTextAndPaged() {
        for (int i = 1; i <= 3; i++) {
            given().contentType(ContentType.JSON)
                    .body(Map.of("customerId", "search-" + i, "name", "Searchable Person " + i, "owner", "am-search"))
                    .post("/customers")
                    .then()
                    .statusCode(201);
        }
        given().get("/customers?owner=am-search&size=2")
                .then()
                .statusCode(200)
                .body("total", equalTo(3))
                .body("items.size()", equalTo(2))
                .body("items[0].customerId", equalTo("search-1"));
        given().get("/customers?q=PERSON 3")
                .then()
                .body("total", equalTo(1))
                .body("items[0].customerId", equalTo("search-3"));
        given().get("/customers?q=100%25").then().body("total", equalTo(0));
        given().get("/customers?stage=NEW&owner=am-search").then().body("total", equalTo(3));
        given().get("/customers?stage=ASLEEP")
                .then()
                .statusCode(400)
                .body("detail", containsString("'stage' must be one of"));
        given().get("/customers?tier=D").then().statusCode(400).body("violations[0].field", equalTo("tier"));
    }
}
