package io.retention.customer.registry;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.retention.local.testing.BrokerBackedTest;
import io.retention.local.testing.JwtTestResource;
import io.retention.local.testing.KafkaTestResource;
import io.retention.local.testing.PostgresTestResource;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The owner an account manager acts for comes from the claim the deployment names (here the IdP's username). */
@QuarkusTest
@TestProfile(OwnerClaimTest.UsernameClaim.class)
@WithTestResource(KafkaTestResource.class)
@WithTestResource(JwtTestResource.class)
@WithTestResource(PostgresTestResource.class)
class OwnerClaimTest extends BrokerBackedTest {

    public static class UsernameClaim implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("retention.auth.owner-claim", "preferred_username");
        }
    }

    private io.restassured.specification.RequestSpecification withClaims(Map<String, String> claims) {
        return RestAssured.given()
                .header(
                        "Authorization",
                        "Bearer "
                                + tokens.token("3f9c2d7e-idp-subject", Duration.ofHours(1), claims, "account-manager"));
    }

    @Test
    void theConfiguredClaimNamesTheOwnerAndATokenWithoutItIsRefused() {
        given().contentType(ContentType.JSON)
                .body(Map.of("customerId", "claim-1", "name", "Claimed", "owner", "ann"))
                .post("/customers")
                .then()
                .statusCode(201);
        withClaims(Map.of("preferred_username", "ann"))
                .get("/customers/claim-1")
                .then()
                .statusCode(200)
                .body("owner", equalTo("ann"));
        withClaims(Map.of("preferred_username", "bob"))
                .get("/customers/claim-1")
                .then()
                .statusCode(404);
        withClaims(Map.of())
                .get("/customers/claim-1")
                .then()
                .statusCode(403)
                .contentType("application/problem+json")
                .body(
                        "detail",
                        equalTo(
                                "the token has no claim 'preferred_username' naming the owner whose customers it acts for"));
    }
}
