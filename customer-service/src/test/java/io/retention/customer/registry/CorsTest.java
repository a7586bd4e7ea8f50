package io.retention.customer.registry;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsStringIgnoringCase;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.retention.local.testing.BrokerBackedTest;
import io.retention.local.testing.JwtTestResource;
import io.retention.local.testing.KafkaTestResource;
import io.retention.local.testing.PostgresTestResource;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A frontend in a browser on an origin the deployment lists (QUARKUS_HTTP_CORS_ORIGINS; here the test profile's) calls
 * the API with its bearer token; any other origin is refused.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(JwtTestResource.class)
@WithTestResource(PostgresTestResource.class)
class CorsTest extends BrokerBackedTest {
    private static final String FRONTEND = "https://console.example.com";

    @Test
    void aListedFrontendMayCallWithItsTokenAndReadTheLocationOfWhatItCreated() {
        given().header("Origin", FRONTEND)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type")
                .options("/customers")
                .then()
                .statusCode(200)
                .header("Access-Control-Allow-Origin", equalTo(FRONTEND))
                .header("Access-Control-Allow-Methods", containsStringIgnoringCase("POST"))
                .header("Access-Control-Allow-Headers", containsStringIgnoringCase("authorization"));

        given().header("Origin", FRONTEND)
                .contentType(ContentType.JSON)
                .body(Map.of("customerId", "cors-1", "name", "From a frontend"))
                .post("/customers")
                .then()
                .statusCode(201)
                .header("Access-Control-Allow-Origin", equalTo(FRONTEND))
                .header("Access-Control-Expose-Headers", containsStringIgnoringCase("Location"));
    }

    @Test
    void anOriginNotListedIsRefused() {
        given().header("Origin", "https://elsewhere.example.org")
                .header("Access-Control-Request-Method", "GET")
                .options("/customers/cors-1")
                .then()
                .statusCode(403)
                .header("Access-Control-Allow-Origin", nullValue());
        given().header("Origin", "https://elsewhere.example.org")
                .get("/customers/cors-1")
                .then()
                .statusCode(403)
                .header("Access-Control-Allow-Origin", nullValue());
    }
}
